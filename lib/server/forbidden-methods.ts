/**
 * Methods the WHATWG Request cannot represent (fetch's forbidden methods), answered with 405 before Next sees them.
 * Next turns every request into a Request for proxy.ts, and `new Request(url, { method: 'TRACE' })` throws, so a
 * TRACE to any path was a 500 from the framework with none of the site's code run (the proxy's own 405 never got a
 * say). Node's parser already refuses methods it does not know, and CONNECT never reaches a request handler; TRACE
 * (and TRACK, where a parser lets it through) is what is left. Installed once at server start (instrumentation.ts).
 */
import 'server-only';

import http from 'node:http';
import https from 'node:https';

import { ALLOWED_METHODS, methodNotAllowedMessage } from './http';
import { isApiPath } from './request-guard';

export const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['TRACE', 'TRACK']);

/** Answers a forbidden method as the proxy answers any other it refuses: JSON on /api/, plain text elsewhere. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse): void {
  const message = methodNotAllowedMessage(req.method ?? '');
  const api = isApiPath((req.url ?? '/').split('?')[0]!);
  res.writeHead(405, { Allow: ALLOWED_METHODS, 'Cache-Control': 'no-store', 'Content-Type': api ? 'application/json' : 'text/plain; charset=utf-8' });
  res.end(api ? JSON.stringify({ error: message, status: 405 }) : `${message}\n`);
}

const PATCHED = Symbol.for('tsdne.forbidden-methods');

/**
 * Puts refuse() in front of every 'request' event of Node's HTTP and HTTPS servers (`next start` and `next dev` make
 * one; the hook has no other way to reach it). Idempotent.
 */
export function refuseForbiddenMethods(): void {
  for (const proto of [http.Server.prototype, https.Server.prototype] as unknown as (http.Server & { [PATCHED]?: true })[]) {
    if (proto[PATCHED]) continue;
    const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
    proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      if (event === 'request') {
        const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
        if (FORBIDDEN_METHODS.has(req.method ?? '')) {
          refuse(req, res);
          return true;
        }
      }
      return emit.call(this, event, ...args);
    } as typeof proto.emit;
    proto[PATCHED] = true;
  }
}
