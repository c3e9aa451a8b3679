import type { Metadata } from 'next';

import { DrawView } from '@/components/draw/draw-view';
import { parseModelParam } from '@/lib/route-params';
import { readModelIndex } from '@/lib/server/model-files';

export const metadata: Metadata = {
  title: 'Draw to find',
  description: 'Sketch a magic symbol and find the closest one a neural network can draw, with a link of its own.',
};

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DrawPage({ searchParams }: Props) {
  const requestedModel = parseModelParam((await searchParams).m);
  const index = await readModelIndex();
  return <DrawView key={requestedModel ?? ''} index={index} requestedModel={requestedModel} />;
}
