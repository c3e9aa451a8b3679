import type { Metadata } from 'next';

import { GalleryView } from '@/components/gallery/gallery-view';
import { StyleError } from '@/components/symbol/style-error';
import { galleryPageSeeds } from '@/lib/gallery/sequence';
import { galleryPath } from '@/lib/links';
import { resolveModel } from '@/lib/model/model-index';
import { firstPaintMany, pinsBackend } from '@/lib/server/first-paint';
import { readModelIndex } from '@/lib/server/model-files';
import { parseModelParam, parsePageParam, parseStyleParam, parseTruncationParam } from '@/lib/route-params';

export const metadata: Metadata = {
  title: 'Gallery',
  description: 'An endless gallery of magic symbols drawn by a neural network; every page always shows the same symbols.',
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function GalleryPage({ searchParams }: Props) {
  const query = await searchParams;
  const page = parsePageParam(query.page);
  const truncation = parseTruncationParam(query.t);
  const requestedModel = parseModelParam(query.m);
  const index = await readModelIndex();
  const resolved = index ? resolveModel(index, requestedModel) : null;
  const style = parseStyleParam(query.k, resolved?.ok ? resolved.model : null);
  if (!style.ok) {
    const withoutStyle = { href: galleryPath(page.page, { model: requestedModel, psi: truncation.psi }), label: 'See the gallery with each seed in its own style' };
    return <StyleError message={style.error} context="The style of this gallery link is not valid:" withoutStyle={withoutStyle} />;
  }
  const notices = [page.notice, truncation.notice, style.notice].filter((n): n is string => n !== null);
  // The first screen, drawn here into the HTML (the same for every visitor, so kept); the browser draws the pages after it.
  const items = galleryPageSeeds(page.page).map((seed) => ({ seed, style: style.style }));
  const firstPage = pinsBackend(query) ? null : await firstPaintMany(index, requestedModel, items, { psi: truncation.psi });
  return (
    <GalleryView
      key={`${page.page}|${truncation.psi}|${requestedModel ?? ''}|${style.style ?? ''}`}
      index={index}
      requestedModel={requestedModel}
      startPage={page.page}
      psi={truncation.psi}
      style={style.style}
      firstPage={firstPage?.map((s) => s.pathData) ?? null}
      notices={notices}
    />
  );
}
