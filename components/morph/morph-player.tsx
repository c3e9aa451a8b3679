'use client';

import Link from 'next/link';
import { useEffect, useId } from 'react';

import { LoadingState } from '@/components/ui/loading-state';
import { OutlineImage } from '@/components/ui/outline-image';
import { PlateError } from '@/components/ui/plate-error';
import { useGenerator } from '@/hooks/use-generator';
import { useHotkeys } from '@/hooks/use-hotkeys';
import { useHydrated } from '@/hooks/use-hydrated';
import { useLoadedAndIdle } from '@/hooks/use-loaded-and-idle';
import { useModelChoice } from '@/hooks/use-model-choice';
import { useMorphSession } from '@/hooks/use-morph-session';
import { morphPath, seedPath } from '@/lib/links';
import { BACKEND_LABELS } from '@/lib/model/backend';
import type { ModelIndex } from '@/lib/model/model-folder';
import { serverEnd, serverFrame, type MorphEnds } from '@/lib/morph/first-paint';
import { MORPH_BATCH, MORPH_FRAMES, type LegStyleChoice } from '@/lib/morph/frames';

import { MorphExports } from './morph-exports';
import { MorphSettings } from './morph-settings';

/**
 * /morph/<a>/<b>: the animation from one seed's symbol to another's by slerp of their latents, with
 * play/pause, a scrubber, speed, what to do at the end (stop, loop, go on to random symbols), the
 * strangeness, each end's style under a conditional model (interpolating the style one-hots as well as the
 * latents), a share link, and GIF / PNG-strip export. A view of the morph session (lib/morph/session):
 * frames are drawn in batches ahead of the playhead, and playback waits for a frame rather than skipping it. The
 * server draws the link's two ends into the page (`ends`, lib/morph/first-paint): the first frame and both ends show
 * before any script, and the browser's generator starts once the page is loaded and idle.
 */
export function MorphPlayer(props: {
  index: ModelIndex | null;
  requestedModel: string | null;
  seedA: string;
  seedB: string;
  psi: number;
  /** The link's checked styles for the two ends (?k=, ?ka=, ?kb=); null ends are drawn in their seeds' own styles. */
  styles: LegStyleChoice;
  /** The server's drawing of the two ends, or null: the browser draws them. */
  ends: MorphEnds | null;
  notice: string | null;
}) {
  const { index, requestedModel, ends } = props;
  const { model, linkModel, fatal } = useModelChoice(index, requestedModel);
  const idle = useLoadedAndIdle();
  const { generator, status, retry } = useGenerator(ends && !idle ? null : model, fatal);
  const { session, state, tensors } = useMorphSession(model, props.seedA, props.seedB, props.psi, props.styles, generator);
  const interactive = useHydrated();
  const ids = useId();

  const leg = state?.leg ?? null;
  const frame = state?.frame ?? 0;
  useHotkeys({
    ' ': () => session?.togglePlay(),
    ArrowRight: () => session?.seek(frame + 1),
    ArrowLeft: () => session?.seek(frame - 1),
  });

  // Keep the address on the leg being shown (going on changes it), with its strangeness, styles and model.
  useEffect(() => {
    if (leg) window.history.replaceState(window.history.state, '', morphPath(leg.seedA, leg.seedB, { model: linkModel, psi: leg.psi, styles: leg.chosenStyles }));
  }, [leg, linkModel]);

  const error = status.state === 'error' ? status.message : (state?.error ?? null);
  const frames = leg?.frames ?? MORPH_FRAMES;
  // The browser's drawing of the frame, else the server's (an end of the link's leg), else the nearest drawn frame.
  const fromServer = leg?.isReady(frame) ? null : serverFrame(ends, leg, frame);
  const shown = fromServer !== null ? frame : leg ? leg.nearestReady(frame) : null;
  // '' is a drawn frame with no ink (a blank symbol), null a frame not drawn yet.
  const pathData = fromServer ?? (leg && shown !== null ? (leg.paths[shown] ?? null) : null);
  const endPath = (end: 0 | 1) => leg?.paths[end === 0 ? 0 : frames - 1] ?? serverEnd(ends, leg, end);
  const seedA = leg?.seedA ?? props.seedA;
  const seedB = leg?.seedB ?? props.seedB;
  const psi = leg?.psi ?? props.psi;
  const [styleA, styleB] = leg?.chosenStyles ?? props.styles;
  const ready = state?.ready ?? 0;
  const playing = state?.playing ?? false;
  const pct = frames > 1 ? Math.round((frame / (frames - 1)) * 100) : 0;
  const shownState = error ? 'error' : pathData !== null && shown === frame ? 'ready' : 'loading';
  const batch = session?.batch ?? MORPH_BATCH;

  return (
    <section aria-labelledby={`${ids}-title`} className="mx-auto flex w-full max-w-5xl flex-col items-center gap-6 px-4 sm:px-6">
      <header className="flex max-w-full flex-col items-center gap-1 text-center">
        <p className="text-xs tracking-[0.3em] text-muted uppercase">Morph</p>
        <h1 id={`${ids}-title`} className="font-seed text-3xl italic [overflow-wrap:anywhere] sm:text-4xl">
          <Link className="hover:text-accent" href={seedPath(seedA, linkModel, psi, styleA)}>
            <EndImage pathData={endPath(0)} />
            {seedA}
          </Link>
          <span className="mx-3 font-sans text-2xl text-accent not-italic" aria-label="into">
            →
          </span>
          <Link className="hover:text-accent" href={seedPath(seedB, linkModel, psi, styleB)}>
            <EndImage pathData={endPath(1)} />
            {seedB}
          </Link>
        </h1>
        {props.notice && (
          <p role="status" className="max-w-md text-sm text-accent">
            {props.notice}
          </p>
        )}
      </header>

      <figure
        data-testid="morph"
        data-state={shownState}
        data-seed-a={seedA}
        data-seed-b={seedB}
        data-model={model?.id ?? ''}
        data-truncation={psi}
        data-style-a={leg?.styleIds?.[0]}
        data-style-b={leg?.styleIds?.[1]}
        data-frame={frame}
        data-shown-frame={shown ?? undefined}
        data-shown-from={fromServer !== null ? 'server' : undefined}
        data-interactive={interactive || undefined}
        data-frames={frames}
        data-frames-ready={ready}
        data-playing={playing}
        data-batch={batch}
        data-passes={leg?.stats.passes ?? 0}
        data-generate-ms={leg ? leg.stats.generateMs.toFixed(1) : undefined}
        data-trace-ms={leg ? leg.stats.traceMs.toFixed(1) : undefined}
        data-pass-ms={leg ? leg.stats.passMs.map((ms) => ms.toFixed(1)).join(',') : undefined}
        data-pass-frames={leg ? leg.stats.passFrames.join(',') : undefined}
        data-num-tensors={tensors ?? undefined}
        data-backend={status.state === 'ready' ? status.backend : undefined}
        aria-busy={shownState === 'loading'}
        className="plate relative mx-auto aspect-square w-full max-w-[min(88vw,34rem)]"
      >
        {/* The server's end decodes as every first paint does (async); the browser's frames, which playback swaps many
            times a second, decode in step with their frame (sync), so none shows an empty plate. */}
        {pathData !== null && !error && (
          <OutlineImage
            pathData={pathData}
            label={`Morph from the symbol for “${seedA}” into the symbol for “${seedB}”`}
            size={480}
            decoding={fromServer !== null ? 'async' : 'sync'}
            className="absolute inset-[6%] h-[88%] w-[88%]"
          />
        )}
        {pathData === null && !error && status.state === 'loading' && <LoadingState status={status} />}
        {pathData === null && !error && status.state === 'ready' && <LoadingState status={{ state: 'loading', phase: 'generate', loaded: 1, total: 1, fromCache: false }} />}
        {error && (
          <PlateError
            title="The morph could not be drawn"
            message={error}
            onRetry={
              status.state !== 'error' || status.retryable
                ? () => {
                    session?.retry();
                    retry();
                  }
                : null
            }
            className="absolute inset-0"
          />
        )}
        <figcaption className="sr-only">
          Frame {frame + 1} of {frames}, {pct}% of the way from “{seedA}” to “{seedB}”.
        </figcaption>
      </figure>

      <div className="flex w-full max-w-[min(88vw,34rem)] flex-col gap-1">
        <label htmlFor={`${ids}-scrub`} className="sr-only">
          Position in the morph
        </label>
        <input
          id={`${ids}-scrub`}
          type="range"
          className="range"
          min={0}
          max={Math.max(0, frames - 1)}
          step={1}
          value={frame}
          disabled={!leg}
          aria-valuetext={`Frame ${frame + 1} of ${frames}: ${pct}% of the way from “${seedA}” to “${seedB}”`}
          onChange={(e) => session?.seek(Number(e.target.value))}
          data-testid="morph-scrubber"
        />
        <div className="flex justify-between gap-4 text-xs text-muted">
          <span className="truncate">{seedA}</span>
          {/* As wide as its longest text ("drawing 63 / 64") from the server's HTML on, so the count never moves. */}
          <span className="min-w-[13ch] shrink-0 text-center tabular-nums" aria-hidden="true">
            {ready < frames ? `drawing ${ready} / ${frames}` : `${frame + 1} / ${frames}`}
          </span>
          <span className="truncate text-right">{seedB}</span>
        </div>
        <progress className="progress sr-only" max={frames || 1} value={ready} aria-label="Frames drawn" />
      </div>

      <div className="flex flex-wrap items-center justify-center gap-2">
        <button
          type="button"
          className="btn btn-primary min-w-28 justify-center"
          onClick={() => session?.togglePlay()}
          disabled={!leg}
          aria-keyshortcuts="Space"
          data-testid="morph-play"
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="btn" onClick={() => session?.chain()} disabled={!leg}>
          Continue to a random symbol
        </button>
      </div>

      <MorphSettings session={session} state={state} psi={psi} styles={model?.styles} />

      {/* Copied links always name the model (as seed pages' do), so they keep their frames after the default model changes. */}
      <MorphExports session={session} leg={leg} complete={leg !== null && ready === frames} speed={state?.speed ?? 1} link={morphPath(seedA, seedB, { model: model?.id ?? linkModel, psi, styles: [styleA, styleB] })}
      />

      <p className="sr-only" role="status" aria-live="polite">
        {state?.announcement}
      </p>
      <p className="text-center text-xs text-muted">
        {model && status.state === 'ready' ? (
          <>
            Model <span className="font-mono">{model.id}</span> · running on {BACKEND_LABELS[status.backend]} · {batch} frames per forward pass
          </>
        ) : null}
        <span className="hidden sm:inline"> · Space plays or pauses, ← → step one frame</span>
      </p>
    </section>
  );
}

/** An end's symbol beside its seed in the title (decoration: the link says the seed); an empty square until drawn. */
function EndImage({ pathData }: { pathData: string | null }) {
  // Top-aligned and no taller than the line, so the image never stretches the title's line box: a taller one, aligned
  // below the baseline, gave the title a fractional height and put the plate below it off the pixel grid (its
  // screenshot a pixel taller than the seed page's). `top` lowers it to the text without moving anything else.
  const box = 'relative top-[0.1em] mr-2 inline-block h-[1em] w-[1em] align-top';
  return pathData !== null ? <OutlineImage pathData={pathData} size={40} className={box} /> : <span className={box} aria-hidden="true" />;
}
