import type { Metadata } from 'next';

import { RealOrNotView } from '@/components/real-or-not/real-or-not-view';
import { parseModelParam } from '@/lib/route-params';
import { readModelIndex } from '@/lib/server/model-files';

export const metadata: Metadata = {
  title: 'Which one is real?',
  description: 'One real magic symbol, one a neural network drew just now in the same style. Can you tell which is which?',
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RealOrNotPage({ searchParams }: Props) {
  const requestedModel = parseModelParam((await searchParams).m);
  return <RealOrNotView key={requestedModel ?? ''} index={await readModelIndex()} requestedModel={requestedModel} />;
}
