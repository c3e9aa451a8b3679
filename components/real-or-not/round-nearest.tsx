'use client';

import { formatDistance } from '@/components/nearest/nearest-figure';
import { OutlineView } from '@/components/ui/outline-view';
import { useNearestLookup } from '@/hooks/use-nearest-lookup';

/**
 * After a guess: the generated symbol's nearest real symbol (among those the network learned from), from
 * /api/nearest for the round's seed, style and model, with its name, source, distance and the verdict. Loaded only
 * once a round is answered (React lazy, in round-answer.tsx).
 */
export default function RoundNearest({ url }: { url: string }) {
  const { state, retry } = useNearestLookup(url);
  const nearest = state.answer?.nearest[0] ?? null;
  return (
    <div data-testid="round-nearest" data-state={state.phase} data-verdict={state.answer?.verdict} aria-busy={state.phase === 'loading'} className="flex max-w-xl items-center gap-4 text-left text-sm">
      {state.phase === 'error' ? (
        <p className="text-muted">
          The generated one’s nearest real symbol could not be found: {state.error}{' '}
          {state.retryable ? (
            <button type="button" className="link" onClick={retry}>
              Retry
            </button>
          ) : null}
        </p>
      ) : nearest && state.answer ? (
        <>
          <div className="plate relative aspect-square w-24 shrink-0 sm:w-28">
            <OutlineView pathData={nearest.path} label={`Real symbol ${nearest.name}, the nearest to the generated one`} className="absolute inset-[6%] h-[88%] w-[88%] text-ink" />
          </div>
          <p>
            <span className="text-muted">The generated one’s nearest real symbol: </span>
            <span data-testid="round-nearest-name">{nearest.name}</span> <span className="text-muted">({nearest.source}), distance {formatDistance(nearest.distance)}.</span>{' '}
            {state.answer.verdictText}
          </p>
        </>
      ) : (
        <p className="text-muted">Looking for the generated one’s nearest real symbol…</p>
      )}
    </div>
  );
}
