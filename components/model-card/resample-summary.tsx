import Link from 'next/link';

import { type CardResample, judgeLabels } from '@/lib/model/card-resample';
import { RecordedWith } from './recorded-with';

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** A number as the card's precision allows it: three significant digits. */
const amount = (x: number) => String(Number(x.toPrecision(3)));

const headClass = 'py-1 pr-3 font-normal';

function Cell({ value, format }: { value: number | null | undefined; format: (x: number) => string }) {
  return <td className="py-1 pr-3">{value === null || value === undefined ? <span className="text-muted">—</span> : format(value)}</td>;
}

/**
 * Importance resampling, from the model card: how each seed's symbol is chosen among K candidates, the generator they
 * come from, and, when measured, how real the kept symbols look for each K by every judge, with the shipped K marked.
 * `sourceListed`: the generator's model is on this site, so its name links to its page.
 */
export function ResampleSummary({ resample, sourceListed }: { resample: CardResample | null; sourceListed: boolean }) {
  if (!resample) return null;
  const { k, derivedFrom, calibration, measured, date, command } = resample;
  const labels = measured ? judgeLabels(measured.judges) : [];
  const pageScale = measured?.rows.some((r) => r.pageAccuracy !== null) ?? false;
  return (
    <section data-testid="resample" className="flex flex-col gap-2 rounded-sm border border-line p-4 text-sm">
      <h2 className="font-display text-lg">Resampling: each symbol kept from {k} candidates</h2>
      <p>
        Each seed&apos;s symbol is the one of {k} candidates that a critic, a small classifier trained to tell real symbols from generated
        ones, picks at random in proportion to how real it finds each (never simply the one it likes best, which would make them less like
        real symbols).
        {derivedFrom ? (
          <>
            {' '}
            The candidates come unchanged from the generator of{' '}
            {sourceListed ? (
              <Link className="link" href={`/models/${derivedFrom}`} data-testid="resample-source">
                {derivedFrom}
              </Link>
            ) : (
              <span className="break-all">{derivedFrom}</span>
            )}
            ; only the choice is new.
          </>
        ) : null}
        {calibration ? (
          <>
            {' '}
            On symbols it never trained on, the critic is right{' '}
            <strong className="tabular-nums">{percent(calibration.accuracy)}</strong> of the time; its scores are divided by a temperature of{' '}
            {amount(calibration.temperature)} so that they read as honest odds.
          </>
        ) : null}
      </p>
      {measured ? (
        <>
          <div className="overflow-x-auto">
            <table className="w-full text-left tabular-nums">
              <thead className="text-xs text-muted">
                <tr>
                  <th scope="col" className={headClass}>
                    Candidates
                  </th>
                  {measured.judges.map((j, i) => (
                    <th key={j.name} scope="col" className={headClass}>
                      {labels[i]}
                    </th>
                  ))}
                  {pageScale ? (
                    <th scope="col" className={headClass}>
                      As the page draws them
                    </th>
                  ) : null}
                  <th scope="col" className={headClass}>
                    Recall
                  </th>
                  <th scope="col" className={headClass}>
                    Diversity
                  </th>
                  <th scope="col" className={headClass}>
                    Copies
                  </th>
                  <th scope="col" className="py-1 font-normal">
                    Blobs
                  </th>
                </tr>
              </thead>
              <tbody>
                {measured.rows.map((r) => (
                  <tr key={r.k} data-testid={`resample-row-${r.k}`} data-shipped={r.shipped || undefined} className="border-t border-line">
                    <th scope="row" className="py-1 pr-3 font-normal">
                      {r.shipped ? (
                        <strong>
                          {r.k} <span className="text-xs">(this model)</span>
                        </strong>
                      ) : (
                        <>
                          {r.k}
                          {r.k === 1 ? <span className="text-xs text-muted"> (the generator alone)</span> : null}
                        </>
                      )}
                    </th>
                    {measured.judges.map((j) => (
                      <Cell key={j.name} value={r.accuracy[j.name]} format={percent} />
                    ))}
                    {pageScale ? <Cell value={r.pageAccuracy} format={percent} /> : null}
                    <Cell value={r.recall} format={percent} />
                    <Cell value={r.diversity} format={amount} />
                    <Cell value={r.copies} format={percent} />
                    <td className="py-1">{r.blobShare === null ? <span className="text-muted">—</span> : percent(r.blobShare)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="text-xs text-muted" data-testid="resample-judges">
            Each classifier, trained apart from the critic, tells real symbols the critic never saw from the symbols kept
            for each number of candidates{measured.pairs ? `, on ${measured.pairs.toLocaleString('en')} pairs` : ''}: the share it
            gets right, where 50% means indistinguishable
            {measured.realVsReal !== null ? ` (real symbols against real ones: ${percent(measured.realVsReal)})` : ''}
            {pageScale ? '; "as the page draws them" is the same test on the outline filled at 128 px' : ''}. Recall: the share of real
            symbols the kept ones come close to. Diversity: how varied they are, 1 = as varied as real symbols. Copies: the share that copy
            a training symbol. Blobs: the share that are mostly ink.
          </p>
        </>
      ) : (
        <p className="text-muted">The kept symbols have not been measured for each number of candidates yet.</p>
      )}
      <RecordedWith what={measured ? 'Critic trained and measured' : 'Critic trained'} date={date} command={command} />
    </section>
  );
}
