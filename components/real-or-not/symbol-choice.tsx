import { OutlineImage } from '@/components/ui/outline-image';
import type { Side } from '@/lib/real-or-not/round';

/**
 * One of the two symbols of a round: a plate the visitor clicks to say "this one is real". Both sides are drawn the
 * same way and at the same size (traced outlines in the ink colour), so only the shape can give one away. Once
 * answered it says which it was.
 */
export function SymbolChoice(props: {
  side: Side;
  /** The symbol's path data; null while the round is drawn. */
  pathData: string | null;
  /** After the answer: whether this side was the real one; null before. */
  isReal: boolean | null;
  picked: boolean;
  disabled: boolean;
  onPick: (side: Side) => void;
}) {
  const { side, pathData, isReal, picked, disabled, onPick } = props;
  const name = side === 'left' ? 'Left' : 'Right';
  const verdict = isReal === null ? null : isReal ? 'Real' : 'Generated';
  return (
    <div className="flex flex-col items-center gap-2">
      <button
        type="button"
        data-testid={`real-or-not-${side}`}
        data-verdict={verdict?.toLowerCase()}
        aria-label={verdict ? `${name} symbol: ${verdict.toLowerCase()}${picked ? ', your pick' : ''}` : `${name} symbol: pick it as the real one`}
        aria-pressed={isReal === null ? undefined : picked}
        disabled={disabled}
        onClick={() => onPick(side)}
        className={`plate relative aspect-square w-full cursor-pointer transition-opacity disabled:cursor-default ${
          picked ? 'outline-2 outline-offset-4 outline-accent' : ''
        } ${isReal === false ? 'opacity-80' : ''}`}
      >
        {pathData !== null && <OutlineImage pathData={pathData} size={320} className="absolute inset-[6%] h-[88%] w-[88%]" />}
      </button>
      <p className="min-h-6 text-xs tracking-[0.3em] text-muted uppercase" aria-hidden="true">
        {verdict ? (
          <span className={isReal ? 'text-accent' : ''}>
            {verdict}
            {picked ? ' · your pick' : ''}
          </span>
        ) : (
          <>
            {name} <kbd className="font-sans">{side === 'left' ? '←' : '→'}</kbd>
          </>
        )}
      </p>
    </div>
  );
}
