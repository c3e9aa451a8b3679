import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

import { ModelCardView } from '@/components/model-card/model-card-view';
import { resolveModel } from '@/lib/model/model-index';
import { styleSampleItems } from '@/lib/model/style-samples';
import { firstPaintMany } from '@/lib/server/first-paint';
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
  // The styles' sample rows, drawn here into the HTML and kept (the same for every visitor); late, they are the image API's.
  const samples = await firstPaintMany(index, model.id, styleSampleItems(model));
  return (
    <ModelCardView
      model={model}
      card={await readModelCard(model.id)}
      isDefault={resolved.isDefault}
      hasReport={await hasModelFile(model.id, 'report.png')}
      samples={samples}
      listedModels={index.models.map((m) => m.id)}
    />
  );
}
