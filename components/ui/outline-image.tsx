import { outlineImageUri } from '@/lib/render/outline-image';

/**
 * A symbol's outline (path data in the SYMBOL_VIEWBOX square) as an `<img>` of an SVG data URI: plain HTML the server
 * can send with its first paint (nothing to fetch, no script to wait for), and the same element once the browser
 * draws, so taking over from the server's drawing changes nothing on screen. The image is drawn in the light theme's
 * ink; in the dark theme a filter turns it into that theme's ink (an inverted, half-turned brown is within a few
 * levels of --ink there). `size` is the CSS pixels it is laid out at before the stylesheet sizes it (its width and
 * height attributes, which also reserve its square). With `label` it is an image for screen readers; without,
 * decoration next to text that already names it.
 *
 * `decoding` is async unless a view asks for sync: the first frame, with the page's text, need not wait for the SVG to
 * be rasterized. A view that replaces its image many times a second (the morph's frames in playback) asks for sync, so
 * that no frame can show the plate between two drawings.
 */
export function OutlineImage({
  pathData,
  label,
  size,
  className,
  decoding = 'async',
}: {
  pathData: string;
  label?: string;
  size: number;
  className: string;
  decoding?: 'async' | 'sync';
}) {
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a data URI in the HTML: next/image would only add a wrapper and a loader it cannot use
    <img
      src={outlineImageUri(pathData)}
      alt={label ?? ''}
      width={size}
      height={size}
      decoding={decoding}
      draggable={false}
      className={`select-none dark:hue-rotate-180 dark:invert ${className}`}
    />
  );
}
