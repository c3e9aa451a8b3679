import { NextResponse, type NextRequest } from 'next/server';

import { guardApiRequest } from '@/lib/server/http';

/**
 * Requests the router would answer with a 500 before any page or route code runs:
 * - a seed or morph link with broken percent-encoding (e.g. /s/%ZZ, /morph/%ZZ/x) shows the
 *   invalid-seed page instead;
 * - an API request with a broken path gets 400 JSON, and a method other than GET/HEAD 405 JSON.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith('/api/')) return guardApiRequest(request.method, pathname) ?? NextResponse.next();
  try {
    decodeURIComponent(pathname);
    return NextResponse.next();
  } catch {
    return NextResponse.rewrite(new URL('/invalid-link', request.url));
  }
}

export const config = { matcher: ['/s/:path*', '/morph/:path*', '/api/:path*'] };
