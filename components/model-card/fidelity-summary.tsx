import type { CardFidelity, LadderC2st } from '@/lib/model/card-fidelity';

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** A C2ST by judges grown until a bigger one stopped gaining: its figure, how it was reached, and real against real. */
function LadderLine({ c, scale, testId }: { c: LadderC2st; scale: string; testId: string }) {
  return (
    <p data-testid={testId}>
      {scale}, classifiers grown in size until a bigger one no longer did better ({c.ladder.map((r) => r.judge).join(', ')}
      {c.flattened ? `; settled on ${c.judge}` : `; still improving at ${c.judge}, so at least this`}) are right{' '}
      <strong className="tabular-nums">{percent(c.accuracy)}</strong> ± {percent(c.spread)} of the time on{' '}
      {c.pairs.toLocaleString('en')} pairs
      {c.realVsReal !== null ? ` (real symbols against real ones: ${percent(c.realVsReal)})` : ''}.
    </p>
  );
}

/** The model card's two honest measures of "does it look real", in words, above the raw card. */
export function FidelitySummary({ fidelity }: { fidelity: CardFidelity }) {
  const { c2st, strong, pageScale, blind } = fidelity;
  if (!c2st && !strong && !pageScale && !blind) return null;
  return (
    <section data-testid="fidelity" className="flex flex-col gap-2 rounded-sm border border-line p-4 text-sm">
      <h2 className="font-display text-lg">Can you tell them from real symbols?</h2>
      {c2st ? (
        <p data-testid="fidelity-c2st">
          A classifier trained to tell held-out real symbols from this model&apos;s is right{' '}
          <strong className="tabular-nums">{percent(c2st.accuracy)}</strong> of the time on {c2st.pairs.toLocaleString('en')} pairs it
          never saw (50% would mean indistinguishable
          {c2st.realVsReal !== null ? `; the same test on real symbols against real ones: ${percent(c2st.realVsReal)}` : ''}).
        </p>
      ) : null}
      {strong ? <LadderLine c={strong} scale="At 64 px" testId="fidelity-c2st-strong" /> : null}
      {pageScale ? <LadderLine c={pageScale} scale="As the page draws them (the outline at 128 px)" testId="fidelity-c2st-page" /> : null}
      {blind ? (
        <p data-testid="fidelity-blind">
          In a blind test of {blind.n} real and {blind.n} generated symbols, {blind.n - blind.caught} of the {blind.n} generated ones (
          <strong className="tabular-nums">{percent(blind.foolRate)}</strong>) passed as real
          {blind.judge ? ` to ${blind.judge}` : ''}
          {blind.date ? ` (${blind.date})` : ''}.
        </p>
      ) : null}
    </section>
  );
}
