import Link from 'next/link';

import type { CardRetrace } from '@/lib/model/card-retrace';
import { RecordedWith } from './recorded-with';

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

const headClass = 'py-1 pr-3 font-normal';

function Cell({ value }: { value: number | null }) {
  return <td className="py-1 pr-3">{value === null ? <span className="text-muted">—</span> : percent(value)}</td>;
}

/**
 * How this model's outlines are drawn, from the model card: along the generator's own edge at sub-pixel precision,
 * and, when measured, how much more real that looks at the page's scale than the staircase of the mask's pixels,
 * overall and per style. `sourceListed`: the model it was derived from is on this site, so its name links to its page.
 */
export function OutlineSummary({ retrace, sourceListed }: { retrace: CardRetrace | null; sourceListed: boolean }) {
  if (!retrace) return null;
  const { derivedFrom, measured, date, command } = retrace;
  return (
    <section data-testid="outline" className="flex flex-col gap-2 rounded-sm border border-line p-4 text-sm">
      <h2 className="font-display text-lg">Outlines: along the generator&apos;s own edge</h2>
      <p>
        The generator draws each symbol at 64×64 pixels, and the page blows it up many times over. This model&apos;s outline follows the
        edge the generator itself drew, placed between pixel centres with sub-pixel precision, instead of the staircase of its 64 px
        pixels.
        {derivedFrom ? (
          <>
            {' '}
            Its generator is that of{' '}
            {sourceListed ? (
              <Link className="link" href={`/models/${derivedFrom}`} data-testid="outline-source">
                {derivedFrom}
              </Link>
            ) : (
              <span className="break-all">{derivedFrom}</span>
            )}
            , unchanged: the symbols are the same, only their outline is new.
          </>
        ) : null}
      </p>
      {measured ? (
        <>
          <p data-testid="outline-c2st">
            A {measured.judge} trained to tell real symbols from generated ones, drawn at {measured.resolution ?? 128} px as this page
            draws them, is right <strong className="tabular-nums">{percent(measured.crackMidpoints)}</strong> of the time with the
            staircase outline and <strong className="tabular-nums">{percent(measured.subpixel)}</strong> with this one; 50% means it
            cannot tell
            {measured.realVsReal !== null ? ` (real symbols against real ones: ${percent(measured.realVsReal)})` : ''}.
          </p>
          {measured.styles.length > 0 ? (
            <div className="overflow-x-auto">
              <table className="w-full text-left tabular-nums">
                <thead className="text-xs text-muted">
                  <tr>
                    <th scope="col" className={headClass}>
                      Style
                    </th>
                    <th scope="col" className={headClass}>
                      Staircase outline
                    </th>
                    <th scope="col" className="py-1 font-normal">
                      Sub-pixel outline (this model)
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {measured.styles.map((s) => (
                    <tr key={s.id} data-testid={`outline-style-${s.id}`} className="border-t border-line">
                      <th scope="row" className="py-1 pr-3 font-normal">
                        {s.label}
                      </th>
                      <Cell value={s.crackMidpoints} />
                      <Cell value={s.subpixel} />
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <p className="text-xs text-muted">
            The same generated symbols and the same real ones under both outlines
            {measured.pairs ? `, ${measured.pairs.toLocaleString('en')} pairs` : ''}
            {measured.folds ? ` in ${measured.folds} folds by glyph group, so the classifier is never tested on a glyph it saw in training` : ''}.
          </p>
        </>
      ) : null}
      <RecordedWith what={measured ? 'Outlines traced again and measured' : 'Outlines traced again'} date={date} command={command} />
    </section>
  );
}
