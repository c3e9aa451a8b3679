/** Runs once when the server starts (Next's instrumentation hook). */
export async function register() {
  // Node only: the edge runtime has no node:http server to guard.
  if (process.env.NEXT_RUNTIME === 'nodejs') (await import('./lib/server/forbidden-methods')).refuseForbiddenMethods();
}
