'use client';

import { useCallback, useState } from 'react';

import { ShareLinkButton } from '@/components/controls/share-link-button';
import { AdjustPanel } from '@/components/sliders/adjust-panel';
import { OutlineView } from '@/components/ui/outline-view';
import type { AdjustDrawn, AdjustSubject } from '@/lib/adjust/subject';
import { latentImagePath, latentPath } from '@/lib/links';
import type { ModelEntry } from '@/lib/model/model-folder';

const PNG_SIZE = 1024;

/**
 * A latent link's page (`/z/<code>`): the symbol the code draws (the server's drawing, in the HTML), what it is, its
 * link and files (the image API's, which draw the same symbol), and the Adjust panel, whose drawings replace the
 * symbol on this plate as the sliders move.
 */
export function LatentStudio(props: {
  model: ModelEntry;
  code: string;
  requestedModel: string | null;
  styleLabel: string | null;
  edits: string;
  pathData: string | null;
  notice: string | null;
}) {
  const { model, code, requestedModel, styleLabel, notice } = props;
  const [shown, setShown] = useState<{ pathData: string | null; edits: string }>({ pathData: props.pathData, edits: props.edits });
  const [subject] = useState<AdjustSubject>({ kind: 'code', code });
  const onDrawn = useCallback((drawn: AdjustDrawn | null) => {
    if (drawn) setShown(drawn);
  }, []);
  const files = { model: model.id, edits: shown.edits };
  return (
    <section aria-label="Symbol" className="flex w-full flex-col items-center gap-6 px-4 sm:px-6">
      <figure
        data-testid="symbol"
        data-code={code}
        data-model={model.id}
        data-edits={shown.edits}
        data-state={shown.pathData === null ? 'loading' : 'ready'}
        className="plate relative mx-auto aspect-square w-full max-w-[min(88vw,34rem)]"
      >
        {shown.pathData !== null ? (
          <OutlineView pathData={shown.pathData} label="Symbol drawn from a latent link" className="absolute inset-[6%] h-[88%] w-[88%] text-ink" />
        ) : (
          // The server could not draw it in time: the image API draws the same symbol.
          // eslint-disable-next-line @next/next/no-img-element -- an SVG of the API, not an optimisable photo
          <img src={latentImagePath(code, 'svg', files)} alt="Symbol drawn from a latent link" className="absolute inset-[6%] h-[88%] w-[88%]" />
        )}
      </figure>
      <div className="flex flex-col items-center gap-1 text-center">
        <p className="text-xs tracking-[0.3em] text-muted uppercase">Latent link</p>
        <p className="font-seed text-2xl italic">{styleLabel ?? 'A symbol with no seed'}</p>
        {notice && (
          <p role="status" className="max-w-md text-sm text-accent">
            {notice}
          </p>
        )}
      </div>
      <div className="flex flex-wrap items-center justify-center gap-2">
        <ShareLinkButton path={latentPath(code, files)} />
        <a className="btn" href={latentImagePath(code, 'png', { ...files, size: PNG_SIZE })} download data-testid="latent-png">
          PNG <span className="text-muted">{PNG_SIZE}</span>
        </a>
        <a className="btn" href={latentImagePath(code, 'svg', files)} download data-testid="latent-svg">
          SVG <span className="text-muted">vector</span>
        </a>
      </div>
      <p className="text-center text-xs text-muted">
        Model <span className="font-mono">{model.id}</span>
        {requestedModel === null ? ' (the default)' : ''}
      </p>
      <AdjustPanel model={model} subject={subject} linkModel={requestedModel} edits={shown.edits} onDrawn={onDrawn} />
    </section>
  );
}
