import { OutlineView } from '@/components/ui/outline-view';

/** A distance as the panel shows it: three significant digits. */
export function formatDistance(distance: number): string {
  return distance.toPrecision(3);
}

/**
 * One symbol of the "Does it exist?" comparison: its outline on a plate, every one at the same size (the panel's grid
 * gives each the same column), named below. `label` is the image's alt text.
 */
export function NearestFigure(props: { path: string; label: string; title: string; lines: readonly string[]; testId: string; accent?: boolean }) {
  const { path, label, title, lines, testId, accent = false } = props;
  return (
    <figure data-testid={testId} className="flex min-w-0 flex-col gap-2">
      <div className={`plate relative aspect-square w-full ${accent ? 'outline-2 outline-offset-2 outline-accent' : ''}`}>
        <OutlineView pathData={path} label={label} className="absolute inset-[6%] h-[88%] w-[88%] text-ink" />
      </div>
      <figcaption className="flex flex-col gap-0.5 text-xs">
        <span className="font-medium break-words" data-testid="nearest-name">
          {title}
        </span>
        {lines.map((line) => (
          <span key={line} className="break-words text-muted">
            {line}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
