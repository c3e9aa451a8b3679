/**
 * The site's two web typefaces, self-hosted through next/font/local from the @fontsource packages' woff2 files: Cinzel
 * for display text and Cormorant Garamond italic for seeds (any text a visitor types). Everything else is set in the
 * visitor's own UI face (`system-ui`, app/globals.css): Inter did that job at 48 KB, the largest file every first visit
 * fetched before its first paint, and Lighthouse's LCP on `/` and a seed page fell from 3.0 to 2.7 s without it
 * (bench/RESULTS.md, issue 23).
 *
 * next/font serves the files from /_next/static/media (same origin: the CSP's font-src 'self') and gives each Latin
 * face a size-adjusted fallback (a local Times New Roman stretched to its metrics; where it is not installed, as on
 * most Linux systems, app/globals.css adds the metric-compatible Liberation Serif with the same adjustments), so
 * the text does not move when the real face arrives.
 *
 * The two Latin files are preloaded, although text paints at once in the fallbacks (font-display: swap). A font
 * found through the stylesheet is fetched at the highest priority (Chromium: VeryHigh), and Lighthouse's simulation
 * counts every VeryHigh request that finished before the first paint as render-blocking, so without preloads its FCP
 * waited for ~86 KB of fonts (1.1 s became 1.8-2.1 s on every page, bench/RESULTS.md, issue 23). A preloaded font is
 * fetched at High (below the stylesheet), which the simulation does not count; and it usually arrives before the first
 * layout, so the text is laid out once, in its own face.
 *
 * One call per Unicode subset, as @fontsource splits them: the Latin call is preloaded and brings the fallback; each
 * other subset is a family limited to its unicode-range and fetched only when a page has such a character. The
 * stacks in app/globals.css put the subsets before the Latin family, so the adjusted fallback comes after all of them.
 * Seeds keep every subset Cormorant has; the display face, which sets the site's English copy, keeps Latin and Latin
 * Extended (other scripts in it use the system's fonts). The site sets no Cinzel above weight 400 (the
 * share cards' 600 is read by lib/server/fonts.ts).
 *
 * next/font reads these calls at build time: every option must be written out as a literal, hence the repetition.
 */
import localFont from 'next/font/local';

const cinzel = localFont({
  src: '../../node_modules/@fontsource/cinzel/files/cinzel-latin-400-normal.woff2',
  weight: '400',
  style: 'normal',
  preload: true,
  adjustFontFallback: 'Times New Roman',
  variable: '--font-cinzel',
});
const cinzelLatinExt = localFont({
  src: '../../node_modules/@fontsource/cinzel/files/cinzel-latin-ext-400-normal.woff2',
  weight: '400',
  style: 'normal',
  preload: false,
  adjustFontFallback: false,
  declarations: [
    {
      prop: 'unicode-range',
      value: 'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
    },
  ],
  variable: '--font-cinzel-latin-ext',
});

const cormorant = localFont({
  src: '../../node_modules/@fontsource/cormorant-garamond/files/cormorant-garamond-latin-500-italic.woff2',
  weight: '500',
  style: 'italic',
  preload: true,
  adjustFontFallback: 'Times New Roman',
  variable: '--font-cormorant',
});
const cormorantLatinExt = localFont({
  src: '../../node_modules/@fontsource/cormorant-garamond/files/cormorant-garamond-latin-ext-500-italic.woff2',
  weight: '500',
  style: 'italic',
  preload: false,
  adjustFontFallback: false,
  declarations: [
    {
      prop: 'unicode-range',
      value: 'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
    },
  ],
  variable: '--font-cormorant-latin-ext',
});
const cormorantVietnamese = localFont({
  src: '../../node_modules/@fontsource/cormorant-garamond/files/cormorant-garamond-vietnamese-500-italic.woff2',
  weight: '500',
  style: 'italic',
  preload: false,
  adjustFontFallback: false,
  declarations: [
    {
      prop: 'unicode-range',
      value: 'U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB',
    },
  ],
  variable: '--font-cormorant-vietnamese',
});
const cormorantCyrillic = localFont({
  src: '../../node_modules/@fontsource/cormorant-garamond/files/cormorant-garamond-cyrillic-500-italic.woff2',
  weight: '500',
  style: 'italic',
  preload: false,
  adjustFontFallback: false,
  declarations: [{ prop: 'unicode-range', value: 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116' }],
  variable: '--font-cormorant-cyrillic',
});
const cormorantCyrillicExt = localFont({
  src: '../../node_modules/@fontsource/cormorant-garamond/files/cormorant-garamond-cyrillic-ext-500-italic.woff2',
  weight: '500',
  style: 'italic',
  preload: false,
  adjustFontFallback: false,
  declarations: [{ prop: 'unicode-range', value: 'U+0460-052F,U+1C80-1C8A,U+20B4,U+2DE0-2DFF,U+A640-A69F,U+FE2E-FE2F' }],
  variable: '--font-cormorant-cyrillic-ext',
});

/** The classes that define every font variable app/globals.css uses; set on <html>. */
export const FONT_VARIABLES = [
  cinzel,
  cinzelLatinExt,
  cormorant,
  cormorantLatinExt,
  cormorantVietnamese,
  cormorantCyrillic,
  cormorantCyrillicExt,
]
  .map((font) => font.variable)
  .join(' ');
