import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { ModelCardView } from '@/components/model-card/model-card-view';
import { resolveModel } from '@/lib/model/model-index';
import { hasModelFile, readModelCard, readModelIndex } from '@/lib/server/model-files';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Model ${(await params).id}` };
}

export default async function ModelPage({ params }: Props) {
  const { id } = await params;
  const index = await readModelIndex();
  const resolved = index ? resolveModel(index, id) : null;
  if (!index || !resolved?.ok) notFound();
  const { model } = resolved;
  return (
    <ModelCardView
      model={model}
      card={await readModelCard(model.id)}
      isDefault={resolved.isDefault}
      hasReport={await hasModelFile(model.id, 'report.png')}
    />
  );
}
