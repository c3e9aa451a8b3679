import type { Metadata } from 'next';

import { MorphPlayer } from '@/components/morph/morph-player';
import { SeedError } from '@/components/symbol/seed-error';
import { readModelIndex } from '@/lib/server/model-files';
import { parseModelParam, parseMorphParams, parseTruncationParam } from '@/lib/route-params';

type Props = { params: Promise<{ a: string; b: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { a, b } = await params;
  const seeds = parseMorphParams(a, b);
  return { title: seeds.ok ? `“${seeds.seedA}” into “${seeds.seedB}”` : 'Not a valid seed' };
}

export default async function MorphPage({ params, searchParams }: Props) {
  const { a, b } = await params;
  const seeds = parseMorphParams(a, b);
  if (!seeds.ok) return <SeedError message={seeds.error} context={`The ${seeds.which} seed of this morph link is not valid:`} />;
  const query = await searchParams;
  const requestedModel = parseModelParam(query.m);
  const truncation = parseTruncationParam(query.t);
  return (
    <MorphPlayer
      key={`${seeds.seedA}|${seeds.seedB}|${truncation.psi}|${requestedModel ?? ''}`}
      index={await readModelIndex()}
      requestedModel={requestedModel}
      seedA={seeds.seedA}
      seedB={seeds.seedB}
      psi={truncation.psi}
      notice={truncation.notice}
    />
  );
}
