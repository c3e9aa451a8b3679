/**
 * What proxy.ts decides before the router sees a request: the requests Next would answer with a 500 before any page
 * or route code runs (a path that is not valid percent-encoded UTF-8, which Next fails to decode into a route param;
 * a method its route handlers do not know; a range or precondition its file server cannot answer). Decided on the
 * raw path, so it holds for every dynamic segment at once, present and future (tests/unit/request-guard.test.ts
 * walks app/ to prove each one is reached).
 */
import 'server-only';

import { ALLOWED_METHODS, jsonError, methodNotAllowedMessage } from './http';

/** Every path of the API: its answers are JSON errors, never pages. */
export const isApiPath = (rawPathname: string) => rawPathname === '/api' || rawPathname.startsWith('/api/');

/** The built scripts and styles: no page, no nonce; they keep next.config.ts's fallback CSP (the worker runs under it). */
export const isBuiltAsset = (rawPathname: string) => rawPathname.startsWith('/_next/static/');

/** The page a broken link is rewritten to: it says why, with the seed box (app/invalid-link). */
export const INVALID_LINK_PATH = '/invalid-link';

const BROKEN_PATH = 'The path is not valid percent-encoded UTF-8 text (e.g. a lone % or a broken byte sequence).';

function decodes(rawPathname: string): boolean {
  try {
    decodeURIComponent(rawPathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * An /api/ request: a method other than GET and HEAD gets 405 (Next itself would answer TRACE with a 500), and a
 * path that is not valid percent-encoded UTF-8 gets 400. Null = let it through.
 */
export function guardApiRequest(method: string, rawPathname: string): Response | null {
  if (method !== 'GET' && method !== 'HEAD') return jsonError(405, methodNotAllowedMessage(method), { Allow: ALLOWED_METHODS });
  if (!decodes(rawPathname)) return jsonError(400, BROKEN_PATH);
  return null;
}

/**
 * Any other request (pages, metadata routes, public files): the site's pages are documents and it has no server
 * actions or forms that post, so a method other than GET and HEAD gets 405 (with Allow) instead of whatever the
 * router makes of it; an undecodable path is rewritten to the invalid-link page (a clear page, as for a bad seed).
 */
export type PageVerdict = { kind: 'pass' } | { kind: 'invalid-link' } | { kind: 'refuse'; response: Response };

export function guardPageRequest(method: string, rawPathname: string): PageVerdict {
  if (method !== 'GET' && method !== 'HEAD') {
    const response = new Response(`${methodNotAllowedMessage(method)}\n`, {
      status: 405,
      headers: { Allow: ALLOWED_METHODS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
    return { kind: 'refuse', response };
  }
  return decodes(rawPathname) ? { kind: 'pass' } : { kind: 'invalid-link' };
}

/**
 * Request headers dropped before Next serves a file (public/ and the built assets). Its file server answers an
 * unsatisfiable Range (416) or a failed If-Match / If-Unmodified-Since (412) by rendering a /416 or /412 page that
 * an app-router build does not have, which ends in a 500. The site never needs part of a file or a write
 * precondition (the model files are fetched whole, and kept by ETag, which If-None-Match still checks), and a
 * server may ignore Range (RFC 9110, 14.2): without them every such request gets the whole file, 200.
 */
export const FILE_SERVER_TRAPS = ['range', 'if-range', 'if-match', 'if-unmodified-since'] as const;

export function withoutFileServerTraps(headers: Headers): Headers {
  const out = new Headers(headers);
  for (const name of FILE_SERVER_TRAPS) out.delete(name);
  return out;
}
