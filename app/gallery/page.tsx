import type { Metadata } from 'next';

import { GalleryView } from '@/components/gallery/gallery-view';
import { readModelIndex } from '@/lib/server/model-files';
import { parseModelParam, parsePageParam, parseTruncationParam } from '@/lib/route-params';

export const metadata: Metadata = {
  title: 'Gallery',
  description: 'An endless gallery of magic symbols drawn in your browser by a neural network; every page always shows the same symbols.',
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function GalleryPage({ searchParams }: Props) {
  const query = await searchParams;
  const page = parsePageParam(query.page);
  const truncation = parseTruncationParam(query.t);
  const requestedModel = parseModelParam(query.m);
  const notices = [page.notice, truncation.notice].filter((n): n is string => n !== null);
  return (
    <GalleryView
      key={`${page.page}|${truncation.psi}|${requestedModel ?? ''}`}
      index={await readModelIndex()}
      requestedModel={requestedModel}
      startPage={page.page}
      psi={truncation.psi}
      notices={notices}
    />
  );
}
