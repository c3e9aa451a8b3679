/** The public origin for absolute URLs (share cards, sitemap): SITE_URL, else the request's own host. */
import 'server-only';

import { headers } from 'next/headers';

import { configuredSiteUrl } from '../site-url';

const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

/** Origin from request headers; only well-formed hosts are trusted, anything else gives the localhost fallback. */
export function originFromHeaders(h: Pick<Headers, 'get'>): string {
  const host = (h.get('x-forwarded-host') ?? h.get('host') ?? '').split(',')[0]!.trim();
  const proto = (h.get('x-forwarded-proto') ?? 'http').split(',')[0]!.trim();
  if (!HOST.test(host)) return 'http://localhost:3000';
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}

/** Call only while rendering a request (it makes the route dynamic when SITE_URL is unset). */
export async function requestOrigin(): Promise<string> {
  return configuredSiteUrl() ?? originFromHeaders(await headers());
}
