/**
 * A symbol's path data as an image address: an SVG data URI that an `<img>` shows with no request, no script and no
 * model, so the server can put its drawing straight into the page's HTML (the first paint of the gallery, the morph,
 * the game and the model page), and the browser shows its own drawings the same way afterwards.
 *
 * The ink is the light theme's (--ink in app/globals.css): an image cannot read the page's CSS colours, so the view
 * turns it into the dark theme's ink with a CSS filter (components/ui/outline-image).
 */
import { SYMBOL_VIEWBOX } from './viewbox';

/** The light theme's ink: the colour every outline image is drawn in. */
export const OUTLINE_IMAGE_INK = '#1e1913';

const PREFIX = 'data:image/svg+xml,';

/**
 * The SVG document of an outline as a data URI. Only the characters a URL or an HTML attribute cannot hold as they are
 * are percent-encoded (`%`, `#`, `<`, `>`, `"`, never present in path data but in the wrapper), so the URI stays about
 * as long as the path data itself; the path's own characters (digits, `.`, `-`, spaces, command letters) pass as they are.
 * `pathData` '' (a drawn symbol without ink) is a valid, empty image. The document has a width and height (the
 * symbol's square), not only a viewBox: Chromium counts an image towards the largest contentful paint at no more than
 * its intrinsic size, and an SVG without them gets a default box (within 300 by 150) however large it is shown.
 */
export function outlineImageUri(pathData: string): string {
  if (/["'<>&#%]/.test(pathData)) throw new Error('Path data holds only numbers, spaces and path commands.');
  const svg =
    `<svg xmlns='http://www.w3.org/2000/svg' width='${SYMBOL_VIEWBOX}' height='${SYMBOL_VIEWBOX}' viewBox='0 0 ${SYMBOL_VIEWBOX} ${SYMBOL_VIEWBOX}'>` +
    `<path fill='${OUTLINE_IMAGE_INK}' fill-rule='evenodd' d='${pathData}'/></svg>`;
  return PREFIX + svg.replace(/[%#<>"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
