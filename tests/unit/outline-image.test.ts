/**
 * lib/render/outline-image: the path data the page shows, as an `<img>`'s SVG data URI that decodes back to exactly
 * that path in the symbol's square, with nothing an HTML attribute or a URL would mangle.
 */
import { describe, expect, it } from 'vitest';

import { OUTLINE_IMAGE_INK, outlineImageUri } from '@/lib/render/outline-image';
import { SYMBOL_VIEWBOX } from '@/lib/render/symbol';

const PATH = 'M102.4 80L512 80C600.5 80 700 200.1 700 300.2L102.4 900Z M300 300L400 300L400 400Z';

describe('outline image', () => {
  it('is an SVG data URI of the path, in the symbol square (its intrinsic size), filled even-odd in the ink', () => {
    const uri = outlineImageUri(PATH);
    expect(uri.startsWith('data:image/svg+xml,')).toBe(true);
    const svg = decodeURIComponent(uri.slice('data:image/svg+xml,'.length));
    expect(svg).toBe(
      `<svg xmlns='http://www.w3.org/2000/svg' width='${SYMBOL_VIEWBOX}' height='${SYMBOL_VIEWBOX}' viewBox='0 0 ${SYMBOL_VIEWBOX} ${SYMBOL_VIEWBOX}'>` +
        `<path fill='${OUTLINE_IMAGE_INK}' fill-rule='evenodd' d='${PATH}'/></svg>`,
    );
  });

  it('escapes what a URL or an attribute cannot hold, and keeps the path as it is', () => {
    const uri = outlineImageUri(PATH);
    expect(uri).not.toMatch(/[<>"#]/);
    expect(uri).toContain('%23'); // the ink's #
    expect(uri).toContain(PATH);
    // Every % starts an escape, so the URI decodes to one document and nothing else.
    expect(uri.replace(/%[0-9A-F]{2}/g, '')).not.toContain('%');
  });

  it('draws a symbol without ink as an empty, valid image', () => {
    expect(decodeURIComponent(outlineImageUri(''))).toContain(`d=''/></svg>`);
  });

  it('refuses anything but path data, which could end the attribute or the document', () => {
    for (const bad of ["M0 0'", `M0 0/><script>`, 'M0 0"', 'M0 0 & 1', 'M0#0', '100%']) expect(() => outlineImageUri(bad)).toThrow(/Path data/);
  });
});
