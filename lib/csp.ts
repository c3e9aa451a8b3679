/**
 * The site's Content-Security-Policy, built in one place for the proxy (every page, with the request's nonce) and for
 * next.config.ts (what the proxy never sees: the built scripts under /_next/static, among them the generator's worker).
 * - script-src: no 'unsafe-inline'. Pages get a fresh nonce per request (proxy.ts); Next reads it from the
 *   request's CSP header and puts it on its own scripts (the framework, the page's bundles, the inline RSC payload),
 *   and the root layout puts it on the theme script. 'strict-dynamic' lets those trusted scripts load the chunks they
 *   need (Turbopack's runtime adds <script> elements) while a parser-inserted or injected inline script without the
 *   nonce is refused, same-origin or not; 'self' stays for browsers older than CSP 3, which ignore 'strict-dynamic'.
 *   Without a nonce (the fallback policy) only the site's own script files run.
 * - 'wasm-unsafe-eval': TensorFlow.js's wasm backend (the fallback when WebGL is missing) compiles
 *   /tfjs-wasm/<version>/*.wasm in the generator's worker; it lets WebAssembly compile, not JavaScript eval.
 *   The worker follows the policy sent with its own script, the fallback policy below, so it has it there.
 * - worker-src 'self': the one worker, the generator's (lib/browser/generator-worker), a same-origin script. Named
 *   so that starting it never depends on how a browser applies 'strict-dynamic' to worker scripts.
 * - 'unsafe-eval' only in development: React's dev build evaluates code to rebuild server error stacks
 *   (Next's CSP guide); nothing evaluates JavaScript in production.
 * - style-src 'self': only the built stylesheets; no inline styles are needed (the e2e tests collect
 *   securitypolicyviolation events). `next dev` adds 'unsafe-inline': its overlay and dev indicator style themselves
 *   inline, and were left unstyled (and reported) without it.
 * - connect-src 'self': model files, the wasm binaries and the RSC requests are all same-origin (dev: the HMR socket).
 * - img-src data: blob:: sample sheet and symbols are same-origin, data:/blob: for canvas downloads.
 * - frame-ancestors 'none': the site is never framed (clickjacking); X-Frame-Options for old browsers.
 */
export function contentSecurityPolicy({ nonce, dev }: { nonce: string | null; dev: boolean }): string {
  const scripts = ["'self'", ...(nonce ? [`'nonce-${nonce}'`, "'strict-dynamic'"] : []), "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-eval'"] : [])];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    "worker-src 'self'",
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The API's images and JSON need no script or style from anywhere: the strictest policy (an SVG opened directly runs nothing). */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

/** 128 random bits, base64: unguessable, and new for every page answered (a nonce that repeats protects nothing). */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
