import type { CardNearestVerdicts } from '@/lib/model/card-nearest';

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** "Does it exist?" over many of the model's symbols: the share of each verdict, from the model card. */
export function NearestSummary({ verdicts, glyphs }: { verdicts: CardNearestVerdicts | null; glyphs: number | null }) {
  if (!verdicts) return null;
  return (
    <section data-testid="nearest-verdicts" className="flex flex-col gap-2 rounded-sm border border-line p-4 text-sm">
      <h2 className="font-display text-lg">Do its symbols exist already?</h2>
      <p>
        Of {verdicts.n.toLocaleString('en')} of its symbols, each compared with
        {glyphs ? ` the ${glyphs.toLocaleString('en')}` : ' the'} real symbols it learned from,{' '}
        <strong className="tabular-nums" data-testid="nearest-verdicts-new">{percent(verdicts.new)}</strong> are new,{' '}
        <strong className="tabular-nums">{percent(verdicts.close)}</strong> close to a real one and{' '}
        <strong className="tabular-nums" data-testid="nearest-verdicts-copy">{percent(verdicts.copy)}</strong> copies of one.
      </p>
      {verdicts.measured || verdicts.command ? (
        <p className="text-xs text-muted">
          {verdicts.measured ? `Measured ${verdicts.measured}` : 'Measured'}
          {verdicts.command ? (
            <>
              {' with '}
              <code className="break-all">{verdicts.command}</code>
            </>
          ) : null}
          . Each seed page’s “Does it exist?” shows the same check for one symbol.
        </p>
      ) : null}
    </section>
  );
}
