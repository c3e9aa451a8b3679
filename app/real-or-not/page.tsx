import type { Metadata } from 'next';

import { RealOrNotView } from '@/components/real-or-not/real-or-not-view';
import { parseModelParam } from '@/lib/route-params';
import { pinsBackend } from '@/lib/server/first-paint';
import { firstRound } from '@/lib/server/first-round';
import { readModelIndex } from '@/lib/server/model-files';

export const metadata: Metadata = {
  title: 'Which one is real?',
  description: 'One real magic symbol, one a neural network drew just now in the same style. Can you tell which is which?',
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RealOrNotPage({ searchParams }: Props) {
  const query = await searchParams;
  const requestedModel = parseModelParam(query.m);
  const index = await readModelIndex();
  // A new round per request, drawn here into the HTML; the browser's game goes on from it.
  const round = pinsBackend(query) ? null : await firstRound(index, requestedModel);
  return <RealOrNotView key={requestedModel ?? ''} index={index} requestedModel={requestedModel} firstRound={round} />;
}
