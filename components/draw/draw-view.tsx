'use client';

import Link from 'next/link';
import { useEffect } from 'react';

import { useDrawSession } from '@/hooks/use-draw-session';
import { useModelChoice } from '@/hooks/use-model-choice';
import { canUndo, isBlank } from '@/lib/draw/drawing';
import { drawPath } from '@/lib/links';
import type { ModelIndex } from '@/lib/model/model-folder';

import { DrawResult } from './draw-result';
import { DrawSurface } from './draw-surface';

/**
 * /draw, "Draw to find": a drawing surface with Undo, Clear and Find, and beside it the symbol the network draws
 * that is closest to the drawing (lib/draw/session). Searching starts by itself when the pen rests; Find searches
 * at once. A model published before its encoder existed says so, with a link to the default model's page.
 */
export function DrawView(props: { index: ModelIndex | null; requestedModel: string | null }) {
  const { model, linkModel, fatal } = useModelChoice(props.index, props.requestedModel);
  const { session, state } = useDrawSession(model);
  const unavailable = fatal ?? (model && !model.encoder ? `The model ${model.id} has no encoder: it was published before Draw to find, so drawings cannot be searched with it.` : null);
  const drawing = state?.drawing ?? null;

  // Ctrl+Z (Cmd+Z) undoes, as in every drawing program; the Undo button says so (aria-keyshortcuts).
  useEffect(() => {
    if (!session) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        session.undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);

  return (
    <section aria-labelledby="draw-title" className="mx-auto flex w-full max-w-4xl flex-col gap-6 px-4 sm:px-6">
      <header className="flex flex-col gap-2 text-center">
        <h1 id="draw-title" className="font-display text-3xl">
          Draw to find
        </h1>
        <p className="text-muted">
          Sketch a symbol with your mouse, pen or finger. The network finds the symbol it can draw that comes closest, in the style it
          guesses and in a few others, and gives it a link of its own.
        </p>
      </header>
      {unavailable ? (
        <div role="alert" className="plate flex flex-col items-center gap-4 p-8 text-center" data-testid="draw" data-state="unavailable">
          <p className="text-muted">{unavailable}</p>
          {props.requestedModel !== null && props.index ? (
            <Link className="btn" href={drawPath()}>
              Draw with the current model
            </Link>
          ) : null}
        </div>
      ) : (
        <div className="grid gap-6 sm:grid-cols-2" data-testid="draw" data-state={state?.phase ?? 'loading'} data-model={model?.id ?? ''} data-interactive={session !== null || undefined}>
          <div className="flex flex-col gap-3">
            <DrawSurface session={session} drawing={drawing} />
            <div className="flex flex-wrap justify-center gap-2" role="group" aria-label="Drawing controls">
              <button type="button" className="btn" onClick={() => session?.undo()} disabled={!drawing || !canUndo(drawing)} aria-keyshortcuts="Control+Z Meta+Z">
                Undo
              </button>
              <button type="button" className="btn" onClick={() => session?.clear()} disabled={!drawing || isBlank(drawing)}>
                Clear
              </button>
              <button type="button" className="btn btn-primary" onClick={() => void session?.find()} disabled={!drawing || isBlank(drawing) || state?.phase === 'finding'}>
                Find
              </button>
            </div>
          </div>
          <div className="flex flex-col justify-center gap-3" aria-busy={state?.phase === 'finding'}>
            {state ? <DrawResult state={state} modelId={model!.id} linkModel={linkModel} onChoose={(i) => session?.choose(i)} /> : null}
            {state?.phase === 'error' && state.error ? (
              <p role="alert" className="text-center text-sm text-accent">
                {state.error}
              </p>
            ) : null}
          </div>
          <p className="sr-only" role="status" aria-live="polite">
            {state?.announcement}
          </p>
        </div>
      )}
    </section>
  );
}
