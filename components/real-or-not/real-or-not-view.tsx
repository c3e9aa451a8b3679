'use client';

import Link from 'next/link';
import { useEffect, useRef } from 'react';

import { LoadingState } from '@/components/ui/loading-state';
import { PlateError } from '@/components/ui/plate-error';
import { useHotkeys } from '@/hooks/use-hotkeys';
import { useModelChoice } from '@/hooks/use-model-choice';
import { useRealOrNot } from '@/hooks/use-real-or-not';
import type { SymbolStatus } from '@/hooks/use-symbol';
import { nearestApiPath, realOrNotPath } from '@/lib/links';
import type { ModelIndex } from '@/lib/model/model-folder';
import type { FirstRound, Side } from '@/lib/real-or-not/round';

import { RoundAnswer } from './round-answer';
import { ScoreLine } from './score-line';
import { SymbolChoice } from './symbol-choice';

const DRAWING: Extract<SymbolStatus, { state: 'loading' }> = { state: 'loading', phase: 'generate', loaded: 0, total: 0, fromCache: false };

/**
 * /real-or-not: rounds of one real held-out symbol beside one the network draws in the same style, drawn the same
 * way; the visitor picks the real one (click, or the left and right arrows), sees the answer and goes on. The score
 * (how often the network fooled them) is kept in this browser. A view of the game (lib/real-or-not/game). The first
 * round comes drawn by the server (`firstRound`, lib/server/first-round), so both symbols are in the page's HTML and
 * the game, once its scripts run, goes on from that very round.
 */
export function RealOrNotView(props: { index: ModelIndex | null; requestedModel: string | null; firstRound: FirstRound | null }) {
  const { model, linkModel, fatal } = useModelChoice(props.index, props.requestedModel);
  const { game, state, serverRound, loadStatus, failed, retry } = useRealOrNot(model, fatal, props.firstRound);
  const pairRef = useRef<HTMLDivElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);

  const pick = (side: Side) => game?.pick(side);
  useHotkeys({ ArrowLeft: () => pick('left'), ArrowRight: () => pick('right') });

  // Until the game exists (the server's HTML, hydration) the page shows the server's round, to be guessed.
  const phase = state?.phase ?? (serverRound ? 'guessing' : 'waiting');
  // After an answer the next step is "Next round"; keyboard players press Enter.
  useEffect(() => {
    if (phase === 'answered') nextRef.current?.focus();
  }, [phase]);
  const next = () => {
    // The button leaves with the answer: keep focus on the pair, where the arrow keys play the next round.
    pairRef.current?.focus({ preventScroll: true });
    game?.next();
  };

  const noRealSet = model !== null && !model.realSymbols;
  const round = state ? state.round : serverRound;
  // A load that failed in the background leaves the round on screen playable; it shows when the next round needs it.
  const playing = round !== null && (phase === 'guessing' || phase === 'answered');
  const error = (playing ? null : failed) ?? (state?.phase === 'error' ? { message: state.error ?? 'The round could not be drawn.', retryable: true } : null);
  const answered = phase === 'answered' && round !== null && state?.picked;
  const shown = noRealSet ? 'no-real-set' : error ? 'error' : phase === 'guessing' || phase === 'answered' ? phase : 'loading';
  const styleLabel = round?.style ? (model?.styles?.find((s) => s.id === round.style)?.label ?? null) : null;
  // The generated symbol is /s/<seed>?k=<style> at strangeness 1 (lib/real-or-not/round): the API draws the same one.
  const nearestUrl = round && model?.nearest ? nearestApiPath(round.seed, { model: model.id, style: round.style }) : null;

  return (
    <section aria-labelledby="real-or-not-title" className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 sm:px-6">
      <header className="flex flex-col gap-2 text-center">
        <h1 id="real-or-not-title" className="font-display text-3xl">
          Which one is real?
        </h1>
        <p className="text-muted">
          One of these two symbols comes from a font or a historical method of making sigils, and the network never saw it while
          it learned. The other the network drew just now, in the same style. Both are drawn the same way. Pick the real one:
          click it, or press ← or →.
        </p>
      </header>

      <div
        data-testid="real-or-not"
        data-state={shown}
        data-model={model?.id ?? ''}
        data-real-side={answered ? round.realSide : undefined}
        data-picked={answered ? (state.picked ?? undefined) : undefined}
        data-first-paint={serverRound ? 'server' : undefined}
        data-interactive={game !== null || undefined}
        className="flex flex-col gap-6"
      >
        {fatal || noRealSet ? (
          <NoGame
            message={fatal ?? `The model ${model!.id} has no real symbols to compare its own with: it was published before this game existed.`}
            offerDefault={props.requestedModel !== null && props.index !== null}
          />
        ) : error ? (
          <PlateError title="The game could not start" message={error.message} onRetry={error.retryable ? retry : null} className="plate" />
        ) : (
          <>
            <div ref={pairRef} tabIndex={-1} role="group" aria-label="The two symbols" aria-busy={shown === 'loading'} className="relative grid grid-cols-2 gap-4 outline-none sm:gap-8">
              {(['left', 'right'] as const).map((side) => (
                <SymbolChoice
                  key={side}
                  side={side}
                  pathData={round ? round[side].pathData : null}
                  isReal={answered ? round.realSide === side : null}
                  picked={answered ? state.picked === side : false}
                  disabled={phase !== 'guessing'}
                  onPick={pick}
                />
              ))}
              {shown === 'loading' && <LoadingState status={loadStatus.state === 'loading' ? loadStatus : DRAWING} />}
            </div>
            {answered ? (
              <RoundAnswer
                round={round}
                picked={state.picked!}
                styleLabel={styleLabel}
                linkModel={linkModel}
                nearestUrl={nearestUrl}
                nextRef={nextRef}
                onNext={next}
              />
            ) : null}
          </>
        )}
        {state && !noRealSet ? <ScoreLine score={state.score} onReset={() => game?.resetScore()} /> : null}
      </div>
    </section>
  );
}

/** Why there is no game here (no such model, or one without real symbols), and the way to one that has it. */
function NoGame({ message, offerDefault }: { message: string; offerDefault: boolean }) {
  return (
    <div role="status" className="plate relative flex flex-col items-center gap-4 p-8 text-center">
      <p className="max-w-md text-muted">{message}</p>
      {offerDefault && (
        <Link className="btn" href={realOrNotPath()}>
          Play against the current model
        </Link>
      )}
    </div>
  );
}
