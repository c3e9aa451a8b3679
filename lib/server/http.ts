/** Small HTTP pieces shared by the API routes: JSON errors, 405, ETags and their caching headers. */
import 'server-only';

import { createHash } from 'node:crypto';

/** The methods the site answers, on the API and on pages alike (the rest: 405 with this Allow). */
export const ALLOWED_METHODS = 'GET, HEAD';
export const methodNotAllowedMessage = (method: string) => `Method ${method} is not allowed here; use GET or HEAD.`;

/** A response for an explicit model id never changes: a CDN and the browser may keep it for a year. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Without a model id the default model may change with a retrain: keep it briefly, then revalidate by ETag. */
export const CACHE_SHORT = 'public, max-age=300';

export function jsonError(status: number, error: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error, status }, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}

/** The generator has too many symbols waiting (lib/server/generator's ServerBusyError): come back in a second. */
export function busy(): Response {
  return jsonError(503, 'The server is drawing more symbols than it can right now; try again in a moment.', { 'Retry-After': '1' });
}

/** Every method but GET and HEAD (Next answers HEAD with the GET handler, without the body). */
export function methodNotAllowed(request: Request): Response {
  return jsonError(405, methodNotAllowedMessage(request.method), { Allow: ALLOWED_METHODS });
}

/** A strong ETag over everything the bytes depend on. */
export function strongEtag(parts: readonly (string | number)[]): string {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(`${String(p).length}:${p}\n`);
  return `"${hash.digest('base64url').slice(0, 32)}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored, `*` matches anything. */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === bare;
  });
}

export function notModified(etag: string, cacheControl: string): Response {
  return new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': cacheControl } });
}
