import type { Metadata } from 'next';

import { LatentError } from '@/components/latent/latent-error';
import { LatentStudio } from '@/components/latent/latent-studio';
import { latentMetadata, latentPage } from '@/lib/server/latent-page';

type Props = { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  return latentMetadata(await latentPage((await params).code, await searchParams, { draw: false }));
}

export default async function LatentLinkPage({ params, searchParams }: Props) {
  const page = await latentPage((await params).code, await searchParams);
  if (!page.ok) return <LatentError title={page.title} message={page.message} />;
  return (
    <>
      <h1 className="sr-only">A symbol from a latent link</h1>
      <LatentStudio
        key={`${page.code}|${page.model.id}|${page.edits}`}
        model={page.model}
        code={page.code}
        requestedModel={page.requestedModel}
        styleLabel={page.styleLabel}
        edits={page.edits}
        pathData={page.firstPaint?.pathData ?? null}
        notice={page.notice}
      />
    </>
  );
}
