import { NextResponse, type NextRequest } from 'next/server';

import { guardApiRequest, guardPageRequest, INVALID_LINK_PATH, isApiPath, withoutFileServerTraps } from '@/lib/server/request-guard';

/**
 * Runs before the router on every request (the matcher below), so that no route, present or future, is reached
 * without it (tests/unit/request-guard.test.ts walks app/ to check); lib/server/request-guard decides:
 * - /api/: a broken path gets 400 JSON and a method other than GET/HEAD 405 JSON;
 * - everything else: a link with broken percent-encoding (e.g. /models/%ZZ, /s/%ZZ) shows the invalid-link page, a
 *   method other than GET/HEAD gets 405, and the Range and precondition headers Next's file server turns into 500s
 *   are dropped.
 * TRACE never gets here (lib/server/forbidden-methods).
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (isApiPath(pathname)) return guardApiRequest(request.method, pathname) ?? NextResponse.next();

  const verdict = guardPageRequest(request.method, pathname);
  if (verdict.kind === 'refuse') return verdict.response;
  const headers = withoutFileServerTraps(request.headers);
  return verdict.kind === 'invalid-link'
    ? NextResponse.rewrite(new URL(INVALID_LINK_PATH, request.url), { request: { headers } })
    : NextResponse.next({ request: { headers } });
}

// Every path, the built assets included (their Range and precondition headers need the same treatment). No exception
// for prefetches either: they reach routes too.
export const config = { matcher: '/:path*' };
