'use client';

import Link from 'next/link';

import { ShareLinkButton } from '@/components/controls/share-link-button';
import { OutlineImage } from '@/components/ui/outline-image';
import type { ProjectorProgress } from '@/lib/draw/projector';
import type { DrawState } from '@/lib/draw/session';
import { latentPath } from '@/lib/links';

const PHASES: Record<ProjectorProgress['phase'], string> = {
  download: 'Downloading the model and its encoder…',
  verify: 'Checking the model files…',
  backend: 'Starting the engine…',
  warmup: 'Warming up…',
  encode: 'Guessing from your drawing…',
  refine: 'Refining the symbol…',
  draw: 'Drawing the symbols found…',
};

function Progress({ progress }: { progress: ProjectorProgress | null }) {
  const phase = progress?.phase ?? 'encode';
  const counted = progress !== null && progress.total > 0;
  const detail = !counted ? null : phase === 'download' ? `${Math.round((progress.done / progress.total) * 100)}%` : `step ${progress.done} of ${progress.total}`;
  return (
    <div className="flex flex-col items-center gap-2 text-center" data-testid="draw-progress">
      <p className="text-sm text-muted">
        {PHASES[phase]} {detail ? <span className="tabular-nums">{detail}</span> : null}
      </p>
      <progress className="progress" aria-label="Search progress" {...(counted ? { max: progress.total, value: progress.done } : {})} />
    </div>
  );
}

/**
 * The search's side of /draw: its progress, then the symbol found beside the drawing with its overlap, the runner-up
 * styles (a click shows one instead), and its latent link to open in the studio or share. `linkModel` goes into
 * "Open" only for a model other than the default; shared links always name the model (lib/links latentPath).
 * data-backend and data-search-ms: the backend that searched and the worker's time for the search (bench/draw-page.mjs).
 */
export function DrawResult({ state, modelId, linkModel, onChoose }: { state: DrawState; modelId: string; linkModel: string | null; onChoose: (index: number) => void }) {
  const [best, ...others] = state.results;
  if (!best) {
    return state.phase === 'finding' ? (
      <Progress progress={state.progress} />
    ) : (
      <p className="text-center text-sm text-muted">Draw a symbol on the left: the closest one the network can draw appears here when you lift the pen.</p>
    );
  }
  const percent = Math.round(best.overlap * 100);
  return (
    <div className="flex flex-col items-center gap-4" data-testid="draw-result" data-code={best.code} data-stale={state.stale || undefined} data-backend={state.backend ?? undefined} data-search-ms={state.ms ?? undefined}>
      <OutlineImage pathData={best.pathData} label={`The symbol found${best.styleLabel ? `, in the style ${best.styleLabel}` : ''}`} size={256} className="aspect-square w-full max-w-xs" />
      <p className="text-center text-sm text-muted">
        {best.styleLabel ? <>{best.styleLabel}. </> : null}
        Overlaps your drawing by {percent}%{state.ms !== null ? ` · found in ${(state.ms / 1000).toFixed(1)} s on ${state.backend}` : ''}.
        {state.stale ? ' Your drawing has changed since.' : ''}
      </p>
      {state.phase === 'finding' ? <Progress progress={state.progress} /> : null}
      <div className="flex flex-wrap justify-center gap-2">
        <Link className="btn btn-primary" href={latentPath(best.code, { model: linkModel })} data-testid="draw-open">
          Open in the studio
        </Link>
        <ShareLinkButton path={latentPath(best.code, { model: modelId })} title="A symbol found from a drawing" shareLabel="Share" copyLabel="Copy link" />
      </div>
      {others.length ? (
        <div className="flex w-full flex-col gap-2">
          <p className="text-center text-sm text-muted">In other styles:</p>
          <ul className="grid grid-cols-3 gap-2">
            {others.map((r, i) => (
              <li key={r.code}>
                <button type="button" className="btn flex w-full flex-col items-center gap-1 p-2" onClick={() => onChoose(i + 1)} aria-label={`Show the symbol in the style ${r.styleLabel ?? 'unnamed'} (overlap ${Math.round(r.overlap * 100)}%)`}>
                  <OutlineImage pathData={r.pathData} size={72} className="aspect-square w-full" />
                  <span className="text-xs">{r.styleLabel}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
