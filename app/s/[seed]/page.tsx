import type { Metadata } from 'next';

import { AboutSection } from '@/components/about/about-section';
import { SeedError } from '@/components/symbol/seed-error';
import { StyleError } from '@/components/symbol/style-error';
import { SymbolStudio } from '@/components/symbol/symbol-studio';
import { seedPath } from '@/lib/links';
import type { ModelIndex } from '@/lib/model/model-folder';
import { resolveModel } from '@/lib/model/model-index';
import { parseSeedParam, parseModelParam, parseStyleParam, parseTruncationParam } from '@/lib/route-params';
import { firstPaint, pinsBackend } from '@/lib/server/first-paint';
import { readModelIndex } from '@/lib/server/model-files';
import { seedMetadata } from '@/lib/server/seed-metadata';
import { pageEdits } from '@/lib/server/sliders';

type Props = { params: Promise<{ seed: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The model the page draws with (null when there is none, or ?m= names none: the page says so). */
function pageModel(index: ModelIndex | null, requestedModel: string | null) {
  const resolved = index ? resolveModel(index, requestedModel) : null;
  return resolved?.ok ? resolved.model : null;
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const seed = parseSeedParam((await params).seed);
  if (!seed.ok) return { title: 'Not a valid seed', robots: { index: false } };
  const query = await searchParams;
  const requestedModel = parseModelParam(query.m);
  const model = pageModel(await readModelIndex(), requestedModel);
  const style = parseStyleParam(query.k, model);
  if (!style.ok) return { title: 'Not a valid style', robots: { index: false } };
  // A refused ?e= is left out of the card and canonical link, as the page draws the symbol without it.
  const { edits } = await pageEdits(model, query.e);
  return seedMetadata(seed.seed, requestedModel, parseTruncationParam(query.t).psi, style.style, edits);
}

export default async function SeedPage({ params, searchParams }: Props) {
  const seed = parseSeedParam((await params).seed);
  if (!seed.ok) return <SeedError message={seed.error} />;
  const query = await searchParams;
  const requestedModel = parseModelParam(query.m);
  const truncation = parseTruncationParam(query.t);
  const index = await readModelIndex();
  const current = index ? resolveModel(index, null) : null;
  const model = pageModel(index, requestedModel);
  const style = parseStyleParam(query.k, model);
  if (!style.ok) {
    const withoutStyle = { href: seedPath(seed.seed, requestedModel, truncation.psi), label: `See “${seed.seed}” in its own style` };
    return <StyleError message={style.error} withoutStyle={withoutStyle} />;
  }
  const edits = await pageEdits(model, query.e);
  const notice = [truncation.notice, style.notice, edits.notice].filter(Boolean).join(' ') || null;
  // The symbol is in the HTML: the server draws it (moved by the sliders), the browser's generator starts after the first paint.
  const drawn = pinsBackend(query)
    ? null
    : await firstPaint(index, requestedModel, seed.seed, { psi: truncation.psi, style: style.style, shift: edits.shift });
  return (
    <>
      <h1 className="sr-only">The symbol for the seed “{seed.seed}”</h1>
      <SymbolStudio
        key={`${seed.seed}|${requestedModel ?? ''}|${truncation.psi}|${style.style ?? ''}|${edits.edits}`}
        index={index}
        seed={seed.seed}
        requestedModel={requestedModel}
        psi={truncation.psi}
        notice={notice}
        style={style.style}
        edits={edits.edits}
        firstPaint={drawn}
      />
      <AboutSection model={current?.ok ? current.model : null} />
    </>
  );
}
