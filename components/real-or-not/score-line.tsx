import { foolRate, type Score } from '@/lib/real-or-not/score';

/** How often the network fooled the visitor so far (kept in this browser), with a reset. */
export function ScoreLine({ score, onReset }: { score: Score; onReset: () => void }) {
  const rate = foolRate(score);
  return (
    <div data-testid="real-or-not-score" data-played={score.played} data-fooled={score.fooled} className="flex flex-wrap items-center justify-center gap-3 text-sm">
      <p aria-live="polite">
        {rate === null ? (
          'No rounds played yet.'
        ) : (
          <>
            The network fooled you <span className="tabular-nums">{score.fooled.toLocaleString('en')}</span> time{score.fooled === 1 ? '' : 's'} in{' '}
            <span className="tabular-nums">{score.played.toLocaleString('en')}</span> round{score.played === 1 ? '' : 's'} (
            <span className="tabular-nums">{Math.round(rate * 100)}%</span>).
          </>
        )}
      </p>
      <button type="button" className="btn btn-ghost text-xs" data-testid="real-or-not-reset" onClick={onReset} disabled={score.played === 0}>
        Reset score
      </button>
    </div>
  );
}
