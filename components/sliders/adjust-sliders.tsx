'use client';

import { useEffect } from 'react';

import { ShareLinkButton } from '@/components/controls/share-link-button';
import { PlateError } from '@/components/ui/plate-error';
import { useAdjustSession } from '@/hooks/use-adjust-session';
import type { AdjustDrawn, AdjustSubject } from '@/lib/adjust/subject';
import { latentImagePath, latentPath, seedPath, symbolImagePath } from '@/lib/links';
import type { ModelEntry } from '@/lib/model/model-folder';
import { formatOffset } from '@/lib/sliders/edits';

const PNG_SIZE = 1024;

/** The link of `subject` with `edits`, and its image API URLs (which draw exactly the same symbol on the server). */
function linksFor(subject: AdjustSubject, linkModel: string | null, model: string, edits: string) {
  if (subject.kind === 'code') {
    return {
      page: latentPath(subject.code, { model: linkModel, edits }),
      // Links to share and files name the model, so they keep their symbol after the default changes.
      shared: latentPath(subject.code, { model, edits }),
      png: latentImagePath(subject.code, 'png', { model, edits, size: PNG_SIZE }),
      svg: latentImagePath(subject.code, 'svg', { model, edits }),
    };
  }
  const { seed, psi, style } = subject;
  return {
    page: seedPath(seed, linkModel, psi, style, edits),
    shared: seedPath(seed, model, psi, style, edits),
    png: symbolImagePath(seed, 'png', { model, psi, style, edits, size: PNG_SIZE }),
    svg: symbolImagePath(seed, 'svg', { model, psi, style, edits }),
  };
}

/** The address with ?e= set to `edits` (removed when ''), everything else in it kept. */
function addressWith(edits: string): string {
  const url = new URL(window.location.href);
  if (edits) url.searchParams.set('e', edits);
  else url.searchParams.delete('e');
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The open Adjust panel (components/sliders/adjust-panel): the sliders, the adjusted symbol's link and files. */
export default function AdjustSliders(props: {
  model: ModelEntry;
  subject: AdjustSubject;
  linkModel: string | null;
  initialEdits: string | null;
  onDrawn: (drawn: AdjustDrawn | null) => void;
}) {
  const { model, subject, linkModel, initialEdits, onDrawn } = props;
  const { session, state, file, fileError, status, retry } = useAdjustSession(model, subject, true, initialEdits);
  const links = linksFor(subject, linkModel, model.id, state.edits);

  // The address follows the sliders (replaceState: moving a slider is not a new page for Back).
  useEffect(() => {
    if (!file) return;
    const next = addressWith(state.edits);
    if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', next);
  }, [file, state.edits]);
  // The page shows the drawing on its own plate (the studio's, a latent link's), so there is one symbol on screen.
  // Braces: an effect's return value is its cleanup, and React calls whatever onDrawn returned (null, for one).
  useEffect(() => {
    onDrawn(state.drawn);
  }, [onDrawn, state.drawn]);

  const error = fileError ?? (status.state === 'error' ? status.message : state.error);
  if (error) return <PlateError title="The sliders could not be used" message={error} onRetry={retry} className="plate" />;
  if (!file) return <p className="text-center text-sm text-muted">Loading the sliders…</p>;
  return (
    <div className="flex w-full flex-col items-center gap-5">
      {state.notice && (
        <p role="status" className="max-w-md text-center text-sm text-accent">
          {state.notice}
        </p>
      )}
      <ul className="grid w-full max-w-xl gap-3" aria-label="Sliders">
        {file.sliders.map((slider, i) => {
          const value = state.offsets[i] ?? 0;
          return (
            <li key={slider.id} className="grid grid-cols-[6rem_1fr_6rem] items-center gap-2 text-xs text-muted sm:grid-cols-[8rem_1fr_8rem]">
              <span className="text-right">{slider.less}</span>
              <label
                className="flex flex-col items-center gap-1"
                title={slider.monotonic === null ? undefined : `Changes the ${slider.measure} steadily one way for ${Math.round(slider.monotonic * 100)}% of symbols`}
              >
                <span className="text-sm text-ink">
                  {slider.label} <span className="font-mono text-muted">{formatOffset(value)}</span>
                </span>
                <input
                  type="range"
                  data-testid={`adjust-slider-${i}`}
                  min={-slider.range}
                  max={slider.range}
                  step={0.1}
                  value={value}
                  aria-valuetext={`${slider.label} ${formatOffset(value)}: ${value < 0 ? slider.less : value > 0 ? slider.more : 'as drawn'}`}
                  onChange={(e) => session.setOffset(i, Number(e.currentTarget.value))}
                  className="w-full accent-accent"
                />
              </label>
              <span>{slider.more}</span>
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap items-center justify-center gap-2">
        <button type="button" className="btn" disabled={!state.edits} onClick={() => session.reset()}>
          Reset
        </button>
        <ShareLinkButton path={links.shared} copyLabel="Copy adjusted link" shareLabel="Share adjusted" />
        <a className="btn" href={links.png} download data-testid="adjust-png">
          PNG <span className="text-muted">{PNG_SIZE}</span>
        </a>
        <a className="btn" href={links.svg} download data-testid="adjust-svg">
          SVG <span className="text-muted">vector</span>
        </a>
      </div>
      <p className="text-center text-xs text-muted" aria-live="polite">
        {state.drawn ? `Redrawn in ${state.drawn.generateMs.toFixed(0)} ms` : status.state === 'loading' ? 'Loading the model…' : '\u00a0'} ·{' '}
        <a className="link" href={links.page}>
          link to this
        </a>
      </p>
    </div>
  );
}
