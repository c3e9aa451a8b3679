/**
 * Local fonts for share cards (next/og), and which characters they can draw.
 *
 * next/og fetches a font from the network for any character its fonts lack (and throws for an
 * emoji it cannot fetch). This server has no network to spare and a seed can be any text, so the
 * card only ever draws characters one of these local fonts covers: `drawableText` replaces the
 * rest. Coverage is read from each font's cmap (TTF, or WOFF 1 with zlib-compressed tables), the
 * same table and subtable choice opentype.js (inside next/og) uses.
 */
import 'server-only';

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

export interface CardFont {
  name: string;
  data: ArrayBuffer;
  weight: 400 | 500 | 600;
  style: 'normal' | 'italic';
  /** Code points with a glyph. */
  covers: (codePoint: number) => boolean;
}

// ---------------------------------------------------------------------------------------------
// sfnt tables

function tables(bytes: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(bytes[o]!, bytes[o + 1]!, bytes[o + 2]!, bytes[o + 3]!);
  const out = new Map<string, Uint8Array>();
  if (tag(0) === 'wOFF') {
    const count = view.getUint16(12);
    for (let i = 0; i < count; i++) {
      const r = 44 + i * 20;
      const offset = view.getUint32(r + 4);
      const compLength = view.getUint32(r + 8);
      const origLength = view.getUint32(r + 12);
      const raw = bytes.subarray(offset, offset + compLength);
      out.set(tag(r), compLength < origLength ? new Uint8Array(inflateSync(raw)) : raw);
    }
    return out;
  }
  if (tag(0) === 'wOF2') throw new Error('WOFF2 fonts are not supported by next/og; use .woff or .ttf.');
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const r = 12 + i * 16;
    out.set(tag(r), bytes.subarray(view.getUint32(r + 8), view.getUint32(r + 8) + view.getUint32(r + 12)));
  }
  return out;
}

/** Code point ranges [start, end] with a non-zero glyph, from the cmap subtable opentype.js would pick. */
function cmapCoverage(font: Uint8Array): Set<number> {
  const cmap = tables(font).get('cmap');
  if (!cmap) throw new Error('The font has no cmap table.');
  const v = new DataView(cmap.buffer, cmap.byteOffset, cmap.byteLength);
  const count = v.getUint16(2);
  let offset = -1;
  // opentype.js: the last Unicode record wins (Windows 0/1/10, or any Unicode-platform encoding).
  for (let i = count - 1; i >= 0; i--) {
    const platform = v.getUint16(4 + i * 8);
    const encoding = v.getUint16(6 + i * 8);
    if ((platform === 3 && (encoding === 0 || encoding === 1 || encoding === 10)) || (platform === 0 && encoding <= 4)) {
      offset = v.getUint32(8 + i * 8);
      break;
    }
  }
  if (offset < 0) throw new Error('The font has no Unicode cmap.');
  const covered = new Set<number>();
  const format = v.getUint16(offset);
  if (format === 12) {
    const groups = v.getUint32(offset + 12);
    for (let g = 0; g < groups; g++) {
      const o = offset + 16 + g * 12;
      const start = v.getUint32(o);
      const end = v.getUint32(o + 4);
      const glyph = v.getUint32(o + 8);
      for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) covered.add(c);
    }
  } else if (format === 4) {
    const segCount = v.getUint16(offset + 6) / 2;
    const ends = offset + 14;
    const starts = ends + segCount * 2 + 2;
    const deltas = starts + segCount * 2;
    const rangeOffsets = deltas + segCount * 2;
    for (let s = 0; s < segCount; s++) {
      const end = v.getUint16(ends + s * 2);
      const start = v.getUint16(starts + s * 2);
      const delta = v.getUint16(deltas + s * 2);
      const ro = v.getUint16(rangeOffsets + s * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (ro === 0) {
          glyph = (c + delta) & 0xffff;
        } else {
          const at = rangeOffsets + s * 2 + ro + (c - start) * 2;
          glyph = at + 2 <= cmap.byteLength ? v.getUint16(at) : 0;
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0) covered.add(c);
      }
    }
  } else {
    throw new Error(`cmap format ${format} is not supported.`);
  }
  return covered;
}

// ---------------------------------------------------------------------------------------------
// The card's fonts, read once per process from node_modules (never the network)

/** node_modules of the app (resolved from the working directory: a bundler must not rewrite this path). */
function packageFile(pkg: string, file: string): string {
  return path.join(process.cwd(), 'node_modules', pkg, file);
}

type Source = { name: string; pkg: string; file: string; weight: CardFont['weight']; style?: CardFont['style'] };

/** Fallback order. Seeds first: the site shows them in Cormorant Garamond italic (seeds are case-sensitive; Cinzel has no lowercase). */
const SOURCES: Source[] = [
  ...['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'vietnamese'].map((subset) => ({
    name: `Cormorant Garamond ${subset}`,
    pkg: '@fontsource/cormorant-garamond',
    file: `files/cormorant-garamond-${subset}-500-italic.woff`,
    weight: 500 as const,
    style: 'italic' as const,
  })),
  { name: 'Cinzel', pkg: '@fontsource/cinzel', file: 'files/cinzel-latin-600-normal.woff', weight: 600 },
  { name: 'Cinzel Ext', pkg: '@fontsource/cinzel', file: 'files/cinzel-latin-ext-600-normal.woff', weight: 600 },
  { name: 'Geist', pkg: 'next', file: 'dist/compiled/@vercel/og/Geist-Regular.ttf', weight: 400 },
  { name: 'Noto Symbols 2', pkg: '@fontsource/noto-sans-symbols-2', file: 'files/noto-sans-symbols-2-symbols-400-normal.woff', weight: 400 },
  { name: 'Noto Symbols 2 Math', pkg: '@fontsource/noto-sans-symbols-2', file: 'files/noto-sans-symbols-2-math-400-normal.woff', weight: 400 },
  { name: 'Noto Symbols', pkg: '@fontsource/noto-sans-symbols', file: 'files/noto-sans-symbols-symbols-400-normal.woff', weight: 400 },
  { name: 'Noto Emoji', pkg: '@fontsource/noto-emoji', file: 'files/noto-emoji-emoji-400-normal.woff', weight: 400 },
  ...Array.from({ length: 11 }, (_, i) => ({ name: `Noto Emoji ${i}`, pkg: '@fontsource/noto-emoji', file: `files/noto-emoji-${i}-400-normal.woff`, weight: 400 as const })),
];

let loaded: CardFont[] | null = null;

/** The card fonts in fallback order; a missing file is skipped (logged), never fatal. */
export function cardFonts(): CardFont[] {
  if (loaded) return loaded;
  loaded = [];
  for (const src of SOURCES) {
    try {
      const buf = readFileSync(packageFile(src.pkg, src.file));
      const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      const covered = cmapCoverage(bytes);
      loaded.push({
        name: src.name,
        data: bytes.slice().buffer,
        weight: src.weight,
        style: src.style ?? 'normal',
        covers: (cp) => covered.has(cp),
      });
    } catch (error) {
      console.error(`share card: font ${src.pkg}/${src.file} skipped:`, error instanceof Error ? error.message : error);
    }
  }
  return loaded;
}

/** Characters that only select a presentation or join emoji: dropped, so the base character is drawn. */
const PRESENTATION = /[\uFE0E\uFE0F\u200D]/g;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * `text` split into runs that next/og can draw from these fonts alone, every grapheme no single
 * font can draw replaced by `replacement`. Draw each run as its own text node (its own <span>).
 *
 * Why runs: next/og picks a grapheme's font as the first that has its first code point, but caches
 * that choice per text node by the first UTF-16 code unit, so two astral characters with the same
 * high surrogate (an emoji and an alchemical sign, say) get the same font; the second would then
 * be "missing" and fetched from the network. A new run starts where that cache would pick a font
 * that lacks the grapheme.
 */
export function drawableRuns(text: string, fonts: readonly Pick<CardFont, 'covers'>[], replacement = '·'): string[] {
  const runs: string[] = [];
  let run = '';
  let cache = new Map<number, Pick<CardFont, 'covers'>>();
  for (const { segment } of segmenter.segment(text.replace(PRESENTATION, ''))) {
    if (/^\s+$/u.test(segment)) {
      run += ' ';
      continue;
    }
    const cps = [...segment].map((c) => c.codePointAt(0)!);
    const font = fonts.find((f) => f.covers(cps[0]!));
    if (!font || !cps.every((cp) => font.covers(cp))) {
      run += replacement;
      continue;
    }
    const unit = segment.charCodeAt(0);
    const cached = cache.get(unit);
    if (cached && cached !== font) {
      runs.push(run);
      run = '';
      cache = new Map();
    }
    cache.set(unit, font);
    run += segment;
  }
  if (run) runs.push(run);
  return runs;
}
