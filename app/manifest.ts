import type { MetadataRoute } from 'next';

import { SITE } from '@/lib/site';

export default function manifest(): MetadataRoute.Manifest {
  return {
    name: SITE.name,
    short_name: SITE.shortName,
    description: SITE.description,
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: SITE.colors.paper,
    theme_color: SITE.colors.paper,
    // app/icon.tsx (generateImageMetadata ids): the site's own generated symbol.
    icons: [
      { src: '/icon/medium', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icon/large', sizes: '512x512', type: 'image/png', purpose: 'any' },
    ],
  };
}
