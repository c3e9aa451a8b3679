import type { Metadata } from 'next';

import { AboutSection } from '@/components/about/about-section';
import { SeedError } from '@/components/symbol/seed-error';
import { SymbolStudio } from '@/components/symbol/symbol-studio';
import { resolveModel } from '@/lib/model/model-folder';
import { parseSeedParam, parseModelParam, parseTruncationParam } from '@/lib/route-params';
import { readModelIndex } from '@/lib/server/model-files';
import { seedMetadata } from '@/lib/server/seed-metadata';

type Props = { params: Promise<{ seed: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const seed = parseSeedParam((await params).seed);
  if (!seed.ok) return { title: 'Not a valid seed', robots: { index: false } };
  const query = await searchParams;
  return seedMetadata(seed.seed, parseModelParam(query.m), parseTruncationParam(query.t).psi);
}

export default async function SeedPage({ params, searchParams }: Props) {
  const seed = parseSeedParam((await params).seed);
  if (!seed.ok) return <SeedError message={seed.error} />;
  const query = await searchParams;
  const requestedModel = parseModelParam(query.m);
  const truncation = parseTruncationParam(query.t);
  const index = await readModelIndex();
  const current = index ? resolveModel(index, null) : null;
  return (
    <>
      <h1 className="sr-only">The symbol for the seed “{seed.seed}”</h1>
      <SymbolStudio
        key={`${seed.seed}|${requestedModel ?? ''}|${truncation.psi}`}
        index={index}
        seed={seed.seed}
        requestedModel={requestedModel}
        psi={truncation.psi}
        notice={truncation.notice}
      />
      <AboutSection model={current?.ok ? current.model : null} />
    </>
  );
}
