/**
 * From the generator's tanh field to a clean binary mask.
 *
 * Convention (docs/model-folder.md): a pixel is ink when its value is < 0. Masks are Uint8Array,
 * row-major, 1 = ink, 0 = paper.
 *
 * Connectivity: ink is 8-connected (two ink pixels touching at a corner are one stroke), paper is
 * 4-connected, the usual dual pair; lib/render/trace.ts resolves diagonal contacts the same way, so a
 * despeckled mask traces to outlines without surprises.
 */

export const DEFAULT_MIN_SPECK = 4;

export function binarize(field: ArrayLike<number>): Uint8Array {
  const mask = new Uint8Array(field.length);
  for (let i = 0; i < field.length; i++) mask[i] = field[i]! < 0 ? 1 : 0;
  return mask;
}

const N4 = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
] as const;
const N8 = [...N4, [1, 1], [1, -1], [-1, 1], [-1, -1]] as const;

/**
 * Labels connected components of pixels equal to `value`. Returns, for each component, its pixel
 * indices and whether it touches the border.
 */
export function components(
  mask: Uint8Array,
  width: number,
  height: number,
  value: 0 | 1,
  connectivity: 4 | 8,
): { pixels: number[]; touchesBorder: boolean }[] {
  if (mask.length !== width * height) throw new Error(`mask has ${mask.length} pixels, expected ${width}x${height}.`);
  const seen = new Uint8Array(mask.length);
  const steps = connectivity === 8 ? N8 : N4;
  const out: { pixels: number[]; touchesBorder: boolean }[] = [];
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (seen[start] || mask[start] !== value) continue;
    const pixels: number[] = [];
    let touchesBorder = false;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      pixels.push(p);
      const x = p % width;
      const y = (p - x) / width;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) touchesBorder = true;
      for (const [dx, dy] of steps) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const q = ny * width + nx;
        if (!seen[q] && mask[q] === value) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
    out.push({ pixels, touchesBorder });
  }
  return out;
}

export interface DespeckleOptions {
  /** Ink components with fewer pixels than this are erased (default 4). */
  minSpeck?: number;
  /** Enclosed paper holes with fewer pixels than this are filled (default: minSpeck). 0 keeps every hole. */
  minHole?: number;
  /**
   * Ink components with fewer pixels than this are erased too, except the largest (default 0, off): the stray dots
   * and ticks a generator leaves beside its figure, which real symbols almost never have. A model opts in through
   * its index entry (`minStray`), so models published without it draw as they always did.
   */
  minStray?: number;
}

/** Erase isolated ink specks (with minStray, also stray marks beside the figure), fill pin-holes; returns a new mask. */
export function despeckle(mask: Uint8Array, width: number, height: number, options: DespeckleOptions = {}): Uint8Array {
  const minSpeck = options.minSpeck ?? DEFAULT_MIN_SPECK;
  const minHole = options.minHole ?? minSpeck;
  const minStray = options.minStray ?? 0;
  const out = mask.slice();
  const inks = components(out, width, height, 1, 8);
  // The first of the largest in scan order, as training/pixels.py picks it (numpy's argmax).
  const largest = inks.reduce((best, c, i) => (c.pixels.length > inks[best]!.pixels.length ? i : best), 0);
  inks.forEach((c, i) => {
    const size = c.pixels.length;
    if (size < minSpeck || (size < minStray && i !== largest)) for (const p of c.pixels) out[p] = 0;
  });
  if (minHole > 0) {
    for (const c of components(out, width, height, 0, 4)) {
      if (!c.touchesBorder && c.pixels.length < minHole) for (const p of c.pixels) out[p] = 1;
    }
  }
  return out;
}

/** The whole clean-up: tanh field -> despeckled binary mask. */
export function fieldToMask(field: ArrayLike<number>, resolution: number, options?: DespeckleOptions): Uint8Array {
  return despeckle(binarize(field), resolution, resolution, options);
}
