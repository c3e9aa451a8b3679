import { SYMBOL_VIEWBOX } from '@/lib/render/symbol';

/**
 * A symbol's outline (path data in the SYMBOL_VIEWBOX square) in the theme's ink colour. With `label` it is
 * an image for screen readers; without, decoration next to text that already names it.
 */
export function OutlineView({ pathData, label, className }: { pathData: string; label?: string; className: string }) {
  return (
    <svg
      viewBox={`0 0 ${SYMBOL_VIEWBOX} ${SYMBOL_VIEWBOX}`}
      className={className}
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
    >
      <path d={pathData} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
