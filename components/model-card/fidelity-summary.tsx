import type { CardFidelity } from '@/lib/model/card-fidelity';

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** The model card's two honest measures of "does it look real", in words, above the raw card. */
export function FidelitySummary({ fidelity }: { fidelity: CardFidelity }) {
  const { c2st, blind } = fidelity;
  if (!c2st && !blind) return null;
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
