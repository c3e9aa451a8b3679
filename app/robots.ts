import type { MetadataRoute } from 'next';

import { requestOrigin } from '@/lib/server/origin';

// Everything may be crawled: share-card crawlers must reach /api/card/* for link previews.
export default async function robots(): Promise<MetadataRoute.Robots> {
  const origin = await requestOrigin();
  return { rules: [{ userAgent: '*', allow: '/' }], sitemap: `${origin}/sitemap.xml` };
}
