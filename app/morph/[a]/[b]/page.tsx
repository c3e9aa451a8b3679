import type { Metadata } from 'next';

import { MorphPlayer } from '@/components/morph/morph-player';
import { SeedError } from '@/components/symbol/seed-error';
import { StyleError } from '@/components/symbol/style-error';
import { morphPath } from '@/lib/links';
import { resolveModel } from '@/lib/model/model-index';
import { morphEnds } from '@/lib/morph/first-paint';
import { firstPaintMany, pinsBackend } from '@/lib/server/first-paint';
import { readModelIndex } from '@/lib/server/model-files';
import { parseModelParam, parseMorphParams, parseMorphStyleParams, parseTruncationParam } from '@/lib/route-params';

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
  const index = await readModelIndex();
  const resolved = index ? resolveModel(index, requestedModel) : null;
  const styles = parseMorphStyleParams(query, resolved?.ok ? resolved.model : null);
  if (!styles.ok) {
    const end = { both: 'The style of this morph link', first: 'The style of the first seed of this morph link', second: 'The style of the second seed of this morph link' };
    const withoutStyle = { href: morphPath(seeds.seedA, seeds.seedB, { model: requestedModel, psi: truncation.psi }), label: 'See this morph in its seeds’ own styles' };
    return <StyleError message={styles.error} context={`${end[styles.which]} is not valid:`} withoutStyle={withoutStyle} />;
  }
  const [styleA, styleB] = styles.styles;
  // The two ends (the first leg's first and last frames), drawn here into the HTML and kept for every visitor of the link.
  const drawn = pinsBackend(query)
    ? null
    : await firstPaintMany(index, requestedModel, [{ seed: seeds.seedA, style: styleA }, { seed: seeds.seedB, style: styleB }], { psi: truncation.psi });
  return (
    <MorphPlayer
      key={`${seeds.seedA}|${seeds.seedB}|${truncation.psi}|${requestedModel ?? ''}|${styleA ?? ''}|${styleB ?? ''}`}
      index={index}
      requestedModel={requestedModel}
      seedA={seeds.seedA}
      seedB={seeds.seedB}
      psi={truncation.psi}
      styles={styles.styles}
      ends={drawn ? morphEnds(drawn[0]!, drawn[1]!) : null}
      notice={[truncation.notice, styles.notice].filter(Boolean).join(' ') || null}
    />
  );
}
