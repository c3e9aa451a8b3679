/**
 * Brute-force nearest neighbours over the index's embeddings: N x D numbers, a few thousand glyphs and a handful of
 * dimensions, so one query is a single pass with no tree or library to build or keep.
 */

export interface Neighbour {
  /** The glyph's place in nearest.json's `glyphs`. */
  index: number;
  /** Euclidean distance between the two embeddings. */
  distance: number;
}

/** How many neighbours the site shows. */
export const NEIGHBOURS = 3;

/**
 * The `k` glyphs nearest to `query` among `embeddings` (count x dims, row-major), nearest first; equal distances go
 * to the lower glyph index (the contract's tie rule), which scanning in index order with strict comparisons gives.
 */
export function nearestGlyphs(embeddings: Float32Array, dims: number, query: ArrayLike<number>, k = NEIGHBOURS): Neighbour[] {
  if (query.length !== dims) throw new Error(`The query has ${query.length} dimensions; the index has ${dims}.`);
  const count = embeddings.length / dims;
  const best: { index: number; squared: number }[] = [];
  for (let g = 0; g < count; g++) {
    let squared = 0;
    const row = g * dims;
    for (let d = 0; d < dims; d++) {
      const diff = embeddings[row + d]! - query[d]!;
      squared += diff * diff;
    }
    if (best.length === k && squared >= best[k - 1]!.squared) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.squared > squared) at--;
    best.splice(at, 0, { index: g, squared });
    if (best.length > k) best.pop();
  }
  return best.map(({ index, squared }) => ({ index, distance: Math.sqrt(squared) }));
}
