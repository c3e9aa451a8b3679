import type { Metadata } from 'next';

import { SeedList } from '@/components/seeds/seed-list';
import { resolveModel } from '@/lib/model/model-index';
import { sampleSeeds } from '@/lib/seeds/sample-seeds';
import { readModelIndex } from '@/lib/server/model-files';

export const metadata: Metadata = {
  title: 'Sample seeds',
  description: 'A hundred example seeds and their magic symbols. Every phrase has its own symbol; these are a few to start from.',
};

export default async function SeedsPage() {
  const index = await readModelIndex();
  const current = index ? resolveModel(index, null) : null;
  return (
    <section className="mx-auto flex w-full max-w-5xl flex-col gap-6 px-4 sm:px-6" aria-labelledby="seeds-title">
      <h1 id="seeds-title" className="font-display text-3xl">
        Sample seeds
      </h1>
      <p className="text-muted">A seed is any text; the same seed always gives the same symbol. Here are a hundred to start from.</p>
      <SeedList seeds={sampleSeeds()} modelId={current?.ok ? current.model.id : null} />
    </section>
  );
}
