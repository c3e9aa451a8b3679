'use client';

import { PlateError } from '@/components/ui/plate-error';
import { useNearestLookup } from '@/hooks/use-nearest-lookup';
import type { NearestAnswer } from '@/lib/nearest/answer';

import { formatDistance, NearestFigure } from './nearest-figure';

/**
 * The inside of the "Does it exist?" panel, loaded only when a visitor opens it (React lazy, in exists-panel.tsx):
 * the answer of /api/nearest for `url` (the symbol on screen), fetched once per symbol, as the verdict in words, the
 * generated symbol and its three nearest real symbols side by side at the same size, each named with its source and
 * distance.
 */
export default function NearestResult({ url }: { url: string }) {
  const { state, retry } = useNearestLookup(url);
  const { answer } = state;
  return (
    <div data-testid="nearest-result" data-state={state.phase} data-verdict={answer?.verdict} aria-busy={state.phase === 'loading'} className="flex flex-col gap-4">
      {state.phase === 'error' ? (
        <PlateError title="The check could not be made" message={state.error ?? ''} onRetry={state.retryable ? retry : null} />
      ) : answer ? (
        <NearestAnswerView answer={answer} />
      ) : (
        <p className="text-sm text-muted">Comparing it with the real symbols the network learned from…</p>
      )}
    </div>
  );
}

function NearestAnswerView({ answer }: { answer: NearestAnswer }) {
  const { thresholds } = answer;
  return (
    <>
      <p role="status" className="text-center font-display text-xl" data-testid="nearest-verdict">
        {answer.verdictText}
      </p>
      <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <NearestFigure
          testId="nearest-generated"
          path={answer.symbol.path}
          label={`The symbol generated from the seed “${answer.seed}”`}
          title="This symbol"
          lines={[`seed “${answer.seed}”`, 'generated']}
          accent
        />
        {answer.nearest.map((n, i) => (
          <NearestFigure
            key={n.index}
            testId="nearest-neighbour"
            path={n.path}
            label={`Real symbol ${n.name}, the ${['nearest', 'second nearest', 'third nearest'][i] ?? 'next nearest'} to this one`}
            title={n.name}
            lines={[n.source, `distance ${formatDistance(n.distance)}`]}
          />
        ))}
      </div>
      <p className="text-xs text-muted">
        Distances between blurred, centred shapes of the symbols. Nearer than {formatDistance(thresholds.copy)} is a copy (as near as only{' '}
        {thresholds.copyPercentile}% of real symbols the network never saw are to one it learned from); from {formatDistance(thresholds.new)} it is new.
      </p>
    </>
  );
}
