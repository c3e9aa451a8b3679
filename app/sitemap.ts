import type { MetadataRoute } from 'next';

import { drawPath, galleryPath, realOrNotPath, seedPath } from '@/lib/links';
import { resolveModel } from '@/lib/model/model-index';
import { sampleSeeds } from '@/lib/seeds/sample-seeds';
import { readModelIndex } from '@/lib/server/model-files';
import { requestOrigin } from '@/lib/server/origin';

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const origin = await requestOrigin();
  const index = await readModelIndex();
  const url = (path: string) => `${origin}${path}`;
  const current = index ? resolveModel(index, null) : null;
  // The default model's gallery in each of its styles: pages of their own. Seed pages are listed once, in their own style.
  const styles = current?.ok ? (current.model.styles ?? []) : [];
  return [
    { url: url('/'), changeFrequency: 'daily', priority: 1 },
    { url: url('/gallery'), changeFrequency: 'daily', priority: 0.8 },
    ...styles.map((s) => ({ url: url(galleryPath(1, { style: s.id })), changeFrequency: 'monthly' as const, priority: 0.6 })),
    { url: url('/seeds'), changeFrequency: 'monthly', priority: 0.7 },
    { url: url(realOrNotPath()), changeFrequency: 'monthly', priority: 0.6 },
    // Draw to find only where the default model can search drawings (it ships an encoder).
    ...(current?.ok && current.model.encoder ? [{ url: url(drawPath()), changeFrequency: 'monthly' as const, priority: 0.6 }] : []),
    ...sampleSeeds().map((seed) => ({ url: url(seedPath(seed)), changeFrequency: 'yearly' as const, priority: 0.5 })),
    ...(index?.models ?? []).map((m) => ({ url: url(`/models/${m.id}`), changeFrequency: 'yearly' as const, priority: 0.3 })),
  ];
}
