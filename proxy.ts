import { NextResponse, type NextRequest } from 'next/server';

/**
 * A seed link with broken percent-encoding (e.g. /s/%ZZ) would make the router fail with a 500
 * before any page code runs; show the invalid-seed page instead.
 */
export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
    return NextResponse.next();
  } catch {
    return NextResponse.rewrite(new URL('/invalid-link', request.url));
  }
}

export const config = { matcher: '/s/:path*' };
