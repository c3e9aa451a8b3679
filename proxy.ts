import { NextResponse, type NextRequest } from 'next/server';

import { contentSecurityPolicy, newNonce } from '@/lib/csp';
import { guardApiRequest, guardPageRequest, INVALID_LINK_PATH, isApiPath, isBuiltAsset, withoutFileServerTraps } from '@/lib/server/request-guard';

const dev = process.env.NODE_ENV === 'development';

/**
 * Runs before the router on every request (the matcher below), so that no route, present or future, is reached
 * without it (tests/unit/request-guard.test.ts walks app/ to check); lib/server/request-guard decides:
 * - /api/: a broken path gets 400 JSON and a method other than GET/HEAD 405 JSON;
 * - everything else: a link with broken percent-encoding (e.g. /models/%ZZ, /s/%ZZ) shows the invalid-link page, a
 *   method other than GET/HEAD gets 405, and the Range and precondition headers Next's file server turns into 500s
 *   are dropped;
 * - pages (all but the API and the built assets) get the Content-Security-Policy with a fresh nonce (lib/csp). The
 *   nonce also goes on the request, as `x-nonce` and in the request's CSP header, where Next finds it and puts it
 *   on its own scripts while rendering; the root layout reads it for the theme script.
 * A nonce has to be new for every answer, so every page renders per request (the root layout reads the request's
 * headers). Most already did: the homepage and seed pages draw their symbol on the server, the gallery, morphs, model
 * pages and the game read their params. /seeds, /invalid-link and the 404 page were static and are now rendered per
 * request: each is one read of index.json at most. TRACE never gets here (lib/server/forbidden-methods).
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (isApiPath(pathname)) return guardApiRequest(request.method, pathname) ?? NextResponse.next();

  const verdict = guardPageRequest(request.method, pathname);
  if (verdict.kind === 'refuse') return verdict.response;
  const headers = withoutFileServerTraps(request.headers);
  if (isBuiltAsset(pathname) && verdict.kind === 'pass') return NextResponse.next({ request: { headers } });

  const nonce = newNonce();
  const policy = contentSecurityPolicy({ nonce, dev });
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response =
    verdict.kind === 'invalid-link'
      ? NextResponse.rewrite(new URL(INVALID_LINK_PATH, request.url), { request: { headers } })
      : NextResponse.next({ request: { headers } });
  // Replaces next.config.ts's fallback policy (the same one without a nonce) for this answer.
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

// Every path, the built assets included (their Range and precondition headers need the same treatment). No exception
// for prefetches either: they reach routes too.
export const config = { matcher: '/:path*' };
