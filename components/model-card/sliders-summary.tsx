import type { CardSliders } from '@/lib/model/card-sliders';

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** A number as the card's precision allows it: three significant digits. */
const amount = (x: number) => String(Number(x.toPrecision(3)));

/**
 * The model's named sliders (the studio's Adjust panel), from the model card: what each moves and how reliably, against
 * the goal that a slider moves its measure one way for at least 90% of seeds; which meet it is said in words first.
 */
export function SlidersSummary({ sliders }: { sliders: CardSliders | null }) {
  if (!sliders) return null;
  const { range, minMonotonic, measured, command, field } = sliders;
  const meeting = sliders.sliders.filter((s) => s.meetsGoal);
  const paths = sliders.sliders.filter((s) => s.path);
  const straight = sliders.sliders.length - paths.length;
  const goal = percent(minMonotonic);
  const pathRanges = [...new Set(paths.map((s) => s.range))];
  return (
    <section data-testid="sliders-summary" className="flex flex-col gap-2 rounded-sm border border-line p-4 text-sm">
      <h2 className="font-display text-lg">Its sliders: do they do what they say?</h2>
      <p>
        Adjust offers {sliders.sliders.length} sliders, each named by what it changes most:{' '}
        {straight > 0 && `${straight} straight direction${straight === 1 ? '' : 's'} the symbol moves along from −${range} to +${range}`}
        {straight > 0 && paths.length > 0 && ', and '}
        {paths.length > 0 &&
          `${paths.length} path${paths.length === 1 ? ' that bends' : 's that bend'} with the generator (a learned field, followed in small steps) ${
            pathRanges.length === 1 ? `from −${pathRanges[0]} to +${pathRanges[0]}` : 'each over the range the table gives'
          }`}
        . The goal: a slider moves its measure one way only for at least {goal} of symbols.{' '}
        <strong data-testid="sliders-goal">
          {meeting.length === 0
            ? 'None meets it.'
            : meeting.length === sliders.sliders.length
              ? `All ${meeting.length} meet it.`
              : `${meeting.length} of ${sliders.sliders.length} meet${meeting.length === 1 ? 's' : ''} it: ${meeting.map((s) => s.label).join(', ')}.`}
        </strong>
        {meeting.length < sliders.sliders.length ? ' The others change their measure on the whole, but not symbol by symbol.' : ''}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left tabular-nums">
          <thead className="text-xs text-muted">
            <tr>
              <th scope="col" className="py-1 pr-3 font-normal">
                Slider
              </th>
              <th scope="col" className="py-1 pr-3 font-normal">
                Measure
              </th>
              <th scope="col" className="py-1 pr-3 font-normal">
                Range
              </th>
              <th scope="col" className="py-1 pr-3 font-normal">
                Change over the range
              </th>
              <th scope="col" className="py-1 pr-3 font-normal">
                One way for
              </th>
              <th scope="col" className="py-1 font-normal">
                Goal ({goal})
              </th>
            </tr>
          </thead>
          <tbody>
            {sliders.sliders.map((s) => (
              <tr key={s.id} data-testid={`sliders-row-${s.id}`} className="border-t border-line">
                <th scope="row" className="py-1 pr-3 font-normal">
                  {s.label}
                </th>
                <td className="py-1 pr-3">{s.measure}</td>
                <td className="py-1 pr-3">±{s.range}</td>
                <td className="py-1 pr-3">
                  {amount(s.change)}
                  {s.unit ? <span className="text-muted"> {s.unit}</span> : null}
                </td>
                <td className="py-1 pr-3">
                  {percent(s.monotonic)} <span className="text-muted">of {s.seeds.toLocaleString('en')}</span>
                </td>
                <td className="py-1">{s.meetsGoal ? <strong>met</strong> : <span className="text-muted">not met</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-muted">
        {measured ? `Measured ${measured}` : 'Measured'}
        {command ? (
          <>
            {' with '}
            <code className="break-all">{command}</code>
          </>
        ) : null}
        {sliders.dropped > 0 ? `; ${sliders.dropped} more directions moved too little, or too unevenly, to keep` : ''}
        {field?.command ? (
          <>
            {`; the paths ${field.measured ? `on ${field.measured} ` : ''}with `}
            <code className="break-all">{field.command}</code>
          </>
        ) : null}
        . Links write the offsets as
        ?e=, and the image API, share cards and downloads draw the adjusted symbol.
      </p>
    </section>
  );
}
