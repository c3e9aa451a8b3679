'use client';

import Link from 'next/link';
import { useCallback, useEffect, useId, useRef, useState } from 'react';

import { CopyLinkButton } from '@/components/controls/copy-link-button';
import { StrangenessControl } from '@/components/controls/strangeness-control';
import { LoadingState } from '@/components/symbol/symbol-frame';
import { useGenerator } from '@/hooks/use-generator';
import { useModelChoice } from '@/hooks/use-model-choice';
import { usePlayerHotkeys } from '@/hooks/use-player-hotkeys';
import { BACKEND_LABELS } from '@/lib/backend';
import { morphFileStem, outlineStripPng, saveMade } from '@/lib/browser/download';
import { liveTensors } from '@/lib/browser/engine';
import { formatPsi, morphPath } from '@/lib/links';
import type { ModelIndex } from '@/lib/models';
import { END_MODES, MORPH_BATCH, MORPH_HOLD_MS, MORPH_SPEEDS, advance, gifFrames, shownFrame, stripFrames, type EndMode, type MorphSpeed, type Playback } from '@/lib/morph';
import { MorphLeg } from '@/lib/morph-leg';
import { parseBatchParam } from '@/lib/route-params';
import { randomSeed, seedPath } from '@/lib/seed';
import { SYMBOL_VIEWBOX } from '@/lib/symbol';

const END_LABELS: Record<EndMode, string> = { stop: 'Stop', loop: 'Loop', chain: 'Go on' };
const END_HINTS: Record<EndMode, string> = {
  stop: 'stop on the second symbol',
  loop: 'go back and forth',
  chain: 'continue to a new random symbol, again and again',
};

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The nearest drawn frame to `i` (the frame itself when it is drawn), or null when none is. */
function nearestReady(leg: MorphLeg, i: number): number | null {
  for (let d = 0; d < leg.frames; d++) {
    if (leg.isReady(i - d)) return i - d;
    if (leg.isReady(i + d)) return i + d;
  }
  return null;
}

/**
 * /morph/<a>/<b>: the animation from one seed's symbol to another's by slerp of their latents, with
 * play/pause, a scrubber, speed, what to do at the end (stop, loop, go on to random symbols), the
 * strangeness, a share link, and GIF / PNG-strip export. Frames are drawn in batches ahead of the
 * playhead (lib/morph-leg); playback waits for a frame rather than skipping it.
 */
export function MorphPlayer(props: {
  index: ModelIndex | null;
  requestedModel: string | null;
  seedA: string;
  seedB: string;
  psi: number;
  notice: string | null;
}) {
  const { index, requestedModel } = props;
  const { model, linkModel, fatal } = useModelChoice(index, requestedModel);
  const { generator, status, retry } = useGenerator(model, fatal);

  const [psi, setPsi] = useState(props.psi);
  const [leg, setLeg] = useState<MorphLeg | null>(null);
  const [ready, setReady] = useState(0);
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<MorphSpeed>(1);
  const [mode, setMode] = useState<EndMode>('loop');
  const [fillError, setFillError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [exporting, setExporting] = useState<string | null>(null);
  const [batch, setBatch] = useState(MORPH_BATCH);
  const [tensors, setTensors] = useState<number | null>(null);
  const playback = useRef<Playback>({ position: 0, direction: 1, holdMs: 0 });
  const upcoming = useRef<MorphLeg | null>(null);
  const ids = useId();

  // The first leg, once the model (latent size, styles) is known; ?batch= for benchmarks; autoplay unless reduced motion.
  useEffect(() => {
    if (!model) return;
    setBatch(parseBatchParam(new URLSearchParams(window.location.search).get('batch') ?? undefined, MORPH_BATCH));
    setLeg(new MorphLeg(props.seedA, props.seedB, props.psi, model));
    setPlaying(!window.matchMedia('(prefers-reduced-motion: reduce)').matches);
  }, [model, props.seedA, props.seedB, props.psi]);

  // Draw the current leg's frames, ahead of the playhead.
  useEffect(() => {
    if (!generator || !leg) return;
    const controller = new AbortController();
    setReady(leg.readyCount);
    leg
      .fill(generator, {
        batch,
        playhead: () => playback.current,
        signal: controller.signal,
        onBatch: (l) => {
          setReady(l.readyCount);
          setTensors(liveTensors());
        },
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted && !isAbort(e)) setFillError(e instanceof Error ? e.message : String(e));
      });
    return () => controller.abort();
  }, [generator, leg, batch]);

  const complete = leg !== null && ready === leg.frames;

  // Going on to random symbols: draw the next leg once this one is done, so the change is seamless.
  useEffect(() => {
    if (!generator || !leg || !model || !complete || mode !== 'chain') return;
    const next = upcoming.current;
    if (!next || next.seedA !== leg.seedB || next.psi !== leg.psi) {
      upcoming.current = new MorphLeg(leg.seedB, randomSeed(), leg.psi, model);
    }
    const controller = new AbortController();
    upcoming.current!.fill(generator, { batch, signal: controller.signal }).catch(() => undefined);
    return () => controller.abort();
  }, [generator, leg, model, complete, mode, batch]);

  const goTo = useCallback((next: MorphLeg, position: number, note: string) => {
    playback.current = { position, direction: 1, holdMs: position === 0 ? MORPH_HOLD_MS : 0 };
    setFrame(position);
    setReady(next.readyCount);
    setLeg(next);
    setAnnouncement(note);
  }, []);

  const continueToRandom = useCallback(() => {
    if (!leg || !model) return;
    const prepared = upcoming.current;
    const next = prepared && prepared.seedA === leg.seedB && prepared.psi === leg.psi ? prepared : new MorphLeg(leg.seedB, randomSeed(), leg.psi, model);
    upcoming.current = null;
    goTo(next, 0, `Now morphing from “${next.seedA}” to “${next.seedB}”.`);
    setPlaying(true);
  }, [leg, model, goTo]);

  // Keep the address on the leg being shown (chaining changes it), with its strangeness and model.
  useEffect(() => {
    if (!leg) return;
    window.history.replaceState(window.history.state, '', morphPath(leg.seedA, leg.seedB, { model: linkModel, psi: leg.psi }));
  }, [leg, linkModel]);

  // Playback: one requestAnimationFrame loop while playing.
  const chainRef = useRef(continueToRandom);
  chainRef.current = continueToRandom;
  useEffect(() => {
    if (!playing || !leg) return;
    let last = performance.now();
    let raf = 0;
    const step = (now: number) => {
      const elapsed = Math.min(100, now - last); // a background tab must not jump
      last = now;
      const { playback: p, event } = advance(playback.current, elapsed, { frames: leg.frames, speed, mode, isReady: (i) => leg.isReady(i) });
      playback.current = p;
      setFrame(shownFrame(p, leg.frames));
      if (event === 'ended') {
        setPlaying(false);
        setAnnouncement(`Stopped on “${leg.seedB}”.`);
        return;
      }
      if (event === 'chain') {
        chainRef.current();
        return;
      }
      raf = requestAnimationFrame(step);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  }, [playing, leg, speed, mode]);

  const togglePlay = useCallback(() => {
    if (!leg) return;
    if (!playing && mode === 'stop' && shownFrame(playback.current, leg.frames) === leg.frames - 1) {
      // Play after stopping on B starts again from A.
      playback.current = { position: 0, direction: 1, holdMs: 0 };
      setFrame(0);
    }
    setPlaying(!playing);
  }, [leg, mode, playing]);

  const seek = useCallback(
    (to: number) => {
      if (!leg) return;
      const i = Math.max(0, Math.min(leg.frames - 1, to));
      setPlaying(false);
      playback.current = { position: i, direction: playback.current.direction, holdMs: 0 };
      setFrame(i);
      setReady(leg.readyCount); // the drawing loop follows the playhead; re-read what is ready
    },
    [leg],
  );
  usePlayerHotkeys({ toggle: togglePlay, step: (d) => seek(frame + d) });

  const changePsi = useCallback(
    (next: number) => {
      if (!leg || !model || next === leg.psi) return;
      setPsi(next);
      upcoming.current = null;
      goTo(new MorphLeg(leg.seedA, leg.seedB, next, model), shownFrame(playback.current, leg.frames), `Strangeness ${formatPsi(next)}.`);
    },
    [leg, model, goTo],
  );

  const exportGif = useCallback(async () => {
    if (!leg?.complete) return;
    setExporting('GIF 0%');
    const frames = gifFrames(leg.frames, speed).map((f) => ({ pathData: leg.paths[f.frame]!, delayMs: f.delayMs }));
    const failed = await saveMade(`${morphFileStem(leg.seedA, leg.seedB, leg.modelId, leg.psi)}.gif`, async () => {
      const { outlinesToGif } = await import('@/lib/gif');
      const bytes = await outlinesToGif(frames, {
        onFrame: async (done, total) => {
          if (done % 8 === 0) {
            setExporting(`GIF ${Math.round((done / total) * 100)}%`);
            await new Promise((r) => setTimeout(r, 0));
          }
        },
      });
      return new Blob([bytes.slice().buffer], { type: 'image/gif' });
    });
    setAnnouncement(failed ? `The GIF could not be made: ${failed}` : `GIF saved: ${frames.length} frames.`);
    setExporting(null);
  }, [leg, speed]);

  const exportStrip = useCallback(async () => {
    if (!leg?.complete) return;
    setExporting('PNG');
    const failed = await saveMade(`${morphFileStem(leg.seedA, leg.seedB, leg.modelId, leg.psi)}-strip.png`, () =>
      outlineStripPng(stripFrames(leg.frames).map((i) => leg.paths[i]!)),
    );
    setAnnouncement(failed ? `The PNG strip could not be made: ${failed}` : 'PNG strip saved.');
    setExporting(null);
  }, [leg]);

  const error = status.state === 'error' ? status.message : fillError;
  const shown = leg ? nearestReady(leg, frame) : null;
  // '' is a drawn frame with no ink (a blank symbol), null a frame not drawn yet.
  const pathData = leg && shown !== null ? (leg.paths[shown] ?? null) : null;
  const seedA = leg?.seedA ?? props.seedA;
  const seedB = leg?.seedB ?? props.seedB;
  const frames = leg?.frames ?? 0;
  const pct = frames > 1 ? Math.round((frame / (frames - 1)) * 100) : 0;
  const state = error ? 'error' : pathData !== null && shown === frame ? 'ready' : 'loading';

  return (
    <section aria-labelledby={`${ids}-title`} className="mx-auto flex w-full max-w-5xl flex-col items-center gap-6 px-4 sm:px-6">
      <header className="flex max-w-full flex-col items-center gap-1 text-center">
        <p className="text-xs tracking-[0.3em] text-muted uppercase">Morph</p>
        <h1 id={`${ids}-title`} className="font-seed text-3xl italic [overflow-wrap:anywhere] sm:text-4xl">
          <Link className="hover:text-accent" href={seedPath(seedA, linkModel, psi)}>
            {seedA}
          </Link>
          <span className="mx-3 font-sans text-2xl text-accent not-italic" aria-label="into">
            →
          </span>
          <Link className="hover:text-accent" href={seedPath(seedB, linkModel, psi)}>
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
        data-state={state}
        data-seed-a={seedA}
        data-seed-b={seedB}
        data-model={model?.id ?? ''}
        data-truncation={psi}
        data-frame={frame}
        data-shown-frame={shown ?? undefined}
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
        aria-busy={state === 'loading'}
        className="plate relative mx-auto aspect-square w-full max-w-[min(88vw,34rem)]"
      >
        {pathData !== null && !error && (
          <svg
            role="img"
            aria-label={`Morph from the symbol for “${seedA}” into the symbol for “${seedB}”`}
            viewBox={`0 0 ${SYMBOL_VIEWBOX} ${SYMBOL_VIEWBOX}`}
            className="absolute inset-[6%] h-[88%] w-[88%] text-ink"
          >
            <path d={pathData} fill="currentColor" fillRule="evenodd" />
          </svg>
        )}
        {pathData === null && !error && status.state === 'loading' && <LoadingState status={status} />}
        {pathData === null && !error && status.state === 'ready' && <LoadingState status={{ state: 'loading', phase: 'generate', loaded: 1, total: 1, fromCache: false }} />}
        {error && (
          <div role="alert" className="absolute inset-0 flex flex-col items-center justify-center gap-4 p-8 text-center">
            <p className="font-display text-xl text-accent">The morph could not be drawn</p>
            <p className="max-w-sm text-sm text-muted">{error}</p>
            {(status.state !== 'error' || status.retryable) && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => {
                  setFillError(null);
                  if (leg && model) setLeg(new MorphLeg(leg.seedA, leg.seedB, leg.psi, model));
                  retry();
                }}
              >
                Retry
              </button>
            )}
          </div>
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
          onChange={(e) => seek(Number(e.target.value))}
          data-testid="morph-scrubber"
        />
        <div className="flex justify-between gap-4 text-xs text-muted">
          <span className="truncate">{seedA}</span>
          <span className="tabular-nums" aria-hidden="true">
            {ready < frames ? `drawing ${ready} / ${frames}` : `${frame + 1} / ${frames}`}
          </span>
          <span className="truncate text-right">{seedB}</span>
        </div>
        <progress className="progress sr-only" max={frames || 1} value={ready} aria-label="Frames drawn" />
      </div>

      <div className="flex flex-wrap items-center justify-center gap-2">
        <button type="button" className="btn btn-primary min-w-28 justify-center" onClick={togglePlay} disabled={!leg} aria-keyshortcuts="Space" data-testid="morph-play">
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="btn" onClick={continueToRandom} disabled={!leg}>
          Continue to a random symbol
        </button>
      </div>

      <div className="grid w-full max-w-3xl gap-5 sm:grid-cols-2 md:grid-cols-3 md:items-end">
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-sm">Speed</legend>
          <div className="pills self-start">
            {MORPH_SPEEDS.map((s) => (
              <label key={s}>
                <input type="radio" name={`${ids}-speed`} value={s} checked={speed === s} onChange={() => setSpeed(s)} />
                {s}×
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-sm">At the end</legend>
          <div className="pills self-start">
            {END_MODES.map((m) => (
              <label key={m} title={END_HINTS[m]}>
                <input type="radio" name={`${ids}-end`} value={m} checked={mode === m} onChange={() => setMode(m)} aria-describedby={`${ids}-end-${m}`} />
                {END_LABELS[m]}
                <span id={`${ids}-end-${m}`} className="sr-only">
                  {END_HINTS[m]}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <StrangenessControl value={psi} onChange={changePsi} className="sm:col-span-2 md:col-span-1" />
      </div>

      <div className="flex flex-wrap items-center justify-center gap-2">
        {/* Copied links always name the model (as seed pages' do), so they keep their frames after the default model changes. */}
        <CopyLinkButton path={morphPath(seedA, seedB, { model: model?.id ?? linkModel, psi })} label="Copy link" />
        <button type="button" className="btn" disabled={!complete || exporting !== null} onClick={exportGif} data-testid="export-gif">
          {exporting?.startsWith('GIF') ? exporting : 'GIF'} <span className="text-muted">animated</span>
        </button>
        <button type="button" className="btn" disabled={!complete || exporting !== null} onClick={exportStrip} data-testid="export-strip">
          PNG <span className="text-muted">strip</span>
        </button>
      </div>

      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
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
