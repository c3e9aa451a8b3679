/**
 * One "Does it exist?" query: a symbol's mask -> its nearest training glyphs and the verdict, and a glyph's
 * thumbnail drawn the way the site draws a generated symbol (lib/render/symbol: clean-up, outline trace, path data),
 * so the two sit side by side at the same size and only their shapes differ.
 */
import { symbolFromField } from '../render/symbol';
import { embedMask } from './embedding';
import { glyphMask, type NearestIndex } from './nearest-file';
import { NEIGHBOURS, nearestGlyphs, type Neighbour } from './search';
import { verdictFor, type Verdict } from './verdict';

export interface NearestResult {
  /** Nearest first. */
  neighbours: Neighbour[];
  /** From the nearest distance and the index's thresholds. */
  verdict: Verdict;
}

/** A resolution^2 mask (1 = ink) -> its `k` nearest glyphs and the verdict. */
export function queryNearest(index: NearestIndex, mask: Uint8Array, k = NEIGHBOURS): NearestResult {
  const neighbours = nearestGlyphs(index.embeddings, index.embedding.dims, embedMask(mask, index.embedding), Math.min(k, index.glyphs.length));
  return { neighbours, verdict: verdictFor(neighbours[0]!.distance, index.thresholds) };
}

/** Glyph `glyph`'s thumbnail as SVG path data in the symbols' 0..1024 square, traced as a generated symbol is. */
export function glyphPathData(index: NearestIndex, glyph: number): string {
  const mask = glyphMask(index, glyph);
  const field = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i++) field[i] = mask[i] ? -1 : 1;
  return symbolFromField(field, index.resolution).pathData;
}
