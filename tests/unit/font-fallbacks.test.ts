/**
 * How the site's faces load (components/site/fonts.ts, app/globals.css): the Latin files the first screen uses are
 * preloaded, and where Times New Roman is missing (Linux) the text waits in Liberation Serif with the same size
 * adjustments next/font computes for it, so the first layout's line breaks are the web fonts'. Body text fetches no
 * face at all: it is set in the visitor's UI face.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

interface FontkitFont {
  unitsPerEm: number;
}
type FallbackMetrics = Record<'ascentOverride' | 'descentOverride' | 'lineGapOverride' | 'sizeAdjust', string>;

// next/font's own code, as its local-font loader calls it (next/dist/compiled/@next/font/dist/local/loader.js).
const fontkitModule = require('next/dist/compiled/@next/font/dist/fontkit') as { default: { default?: unknown } };
const fontFromBuffer = (fontkitModule.default.default ?? fontkitModule.default) as (buffer: Buffer) => FontkitFont;
const { getFallbackMetricsFromFontFile } = require('next/dist/compiled/@next/font/dist/local/get-fallback-metrics-from-font-file') as {
  getFallbackMetricsFromFontFile: (font: FontkitFont, category: string) => FallbackMetrics;
};

const CSS = readFileSync('app/globals.css', 'utf8');
const FONTS = readFileSync('components/site/fonts.ts', 'utf8');

/** The Latin face of each family: its file, the family next/font names, its category and its Liberation stand-in. */
const FACES = [
  { family: 'cinzel', file: '@fontsource/cinzel/files/cinzel-latin-400-normal.woff2', category: 'serif', local: 'Liberation Serif', stack: '--font-display' },
  {
    family: 'cormorant',
    file: '@fontsource/cormorant-garamond/files/cormorant-garamond-latin-500-italic.woff2',
    category: 'serif',
    local: 'Liberation Serif',
    stack: '--font-seed',
  },
] as const;

/** The declarations of the @font-face rule for `family` in app/globals.css. */
function fontFace(family: string): Record<string, string> {
  const rule = [...CSS.matchAll(/@font-face\s*{([^}]*)}/g)].map((m) => m[1]!).find((body) => body.includes(`font-family: '${family}'`));
  if (!rule) throw new Error(`app/globals.css has no @font-face for '${family}'`);
  return Object.fromEntries(
    rule
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.slice(0, d.indexOf(':')).trim(), d.slice(d.indexOf(':') + 1).trim()]),
  );
}

const percent = (value: string) => Number.parseFloat(value);

/** `name: value` of a custom property's declaration in app/globals.css, as written. */
const declaration = (name: string) => CSS.slice(CSS.indexOf(`${name}:`), CSS.indexOf(';', CSS.indexOf(`${name}:`)));

describe('font loading', () => {
  it.each(FACES)('preloads the Latin file of $family: a font the stylesheet finds is fetched at VeryHigh, which Lighthouse counts as render-blocking', ({ file }) => {
    const call = FONTS.slice(FONTS.indexOf(file), FONTS.indexOf('});', FONTS.indexOf(file)));
    expect(call).toContain('preload: true');
  });

  it.each(FACES)("stands in for $family with $local at next/font's adjustments for Times New Roman or Arial", ({ family, file, category, local }) => {
    const expected = getFallbackMetricsFromFontFile(fontFromBuffer(readFileSync(require.resolve(file))), category);
    const face = fontFace(`${family} Liberation Fallback`);
    expect(face.src).toContain(`local('${local}')`);
    expect(percent(face['ascent-override']!)).toBeCloseTo(percent(expected.ascentOverride), 2);
    expect(percent(face['descent-override']!)).toBeCloseTo(percent(expected.descentOverride), 2);
    expect(percent(face['line-gap-override']!)).toBeCloseTo(percent(expected.lineGapOverride), 2);
    expect(percent(face['size-adjust']!)).toBeCloseTo(percent(expected.sizeAdjust), 2);
  });

  it.each(FACES)('puts the Liberation stand-in for $family after its next/font family and before the generic one', ({ family, stack }) => {
    expect(declaration(stack)).toMatch(new RegExp(`var\\(--font-${family}\\), '${family} Liberation Fallback', (serif|sans-serif)$`));
  });

  it("sets body text in the visitor's UI face, so the first paint waits for no third file", () => {
    expect(declaration('--font-sans')).toBe('--font-sans: system-ui, sans-serif');
    expect(FONTS).not.toMatch(/src: '[^']*inter[^']*'/);
  });
});
