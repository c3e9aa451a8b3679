/**
 * The public URL. SITE_URL (optional, e.g. https://thissymboldoesnotexist.com) is the address crawlers and social
 * sites should use. Pages rendered per request fall back to the request's own origin when it is unset; statically
 * built files (homepage metadata) fall back to http://localhost:3000.
 */
import * as z from 'zod/mini';

import './zod-config';

const siteUrlSchema = z.pipe(
  z.url({ protocol: /^https?$/, error: 'SITE_URL must be an absolute http(s) URL, e.g. https://example.com' }),
  z.transform((s: string) => new URL(s)),
).check(
  z.refine((u: URL) => u.pathname === '/' && !u.search && !u.hash, 'SITE_URL must be an origin only, without a path, query or fragment (e.g. https://example.com).'),
);

/** The configured public origin (no trailing slash), or null. Throws with the fix when SITE_URL is set but invalid. */
export function configuredSiteUrl(env: Record<string, string | undefined> = process.env): string | null {
  const raw = env.SITE_URL?.trim();
  if (!raw) return null;
  const parsed = siteUrlSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid environment: SITE_URL="${raw}": ${parsed.error.issues[0]?.message}`);
  return parsed.data.origin;
}
