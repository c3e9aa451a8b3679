/**
 * The one rasterizer: anti-aliased ink coverage of outlines (lib/render/outline) under the even-odd
 * rule. The image API, share cards, app icons, the PNG download, the morph's PNG strip and its GIF all
 * fill outlines here, so every image of a symbol is the same drawing. Pure TypeScript: the browser and
 * Node run it alike.
 */
import type { Outline } from './outline';

/** Straight pieces per quadratic Bézier when outlines are flattened (a curve spans a few bitmap pixels). */
const CURVE_STEPS = 8;

export interface Placement {
  /** Image pixels per outline unit. */
  scale?: number;
  /** Where the outlines' (0, 0) lands, in image pixels (the same on both axes). */
  offset?: number;
}

/** Closed polygons as flat coordinate lists. */
interface Polygon {
  xs: number[];
  ys: number[];
}

/** Each outline as a closed polygon in image pixels: curves flattened in outline units first, then placed. */
function flatten(outlines: readonly Outline[], { scale = 1, offset = 0 }: Placement): Polygon[] {
  return outlines.map((o) => {
    const xs = [o.start.x];
    const ys = [o.start.y];
    let x = o.start.x;
    let y = o.start.y;
    for (const s of o.segments) {
      if (s.kind === 'Q') {
        for (let k = 1; k <= CURVE_STEPS; k++) {
          const t = k / CURVE_STEPS;
          const u = 1 - t;
          xs.push(u * u * x + 2 * u * t * s.c.x + t * t * s.to.x);
          ys.push(u * u * y + 2 * u * t * s.c.y + t * t * s.to.y);
        }
      } else {
        xs.push(s.to.x);
        ys.push(s.to.y);
      }
      x = s.to.x;
      y = s.to.y;
    }
    return { xs: xs.map((v) => v * scale + offset), ys: ys.map((v) => v * scale + offset) };
  });
}

/**
 * Ink coverage (0..255) of a `width` x `height` image by the outlines, placed by `placement`, under the
 * even-odd rule: `subrows` scanlines per pixel row, each span's horizontal coverage exact. An active-edge
 * scan over typed arrays, so large images (the 2048 px image API) stay fast: the cost grows with the
 * outline length and the image height, not with width * height * samples.
 */
export function rasterizeOutlines(outlines: readonly Outline[], width: number, height: number, placement: Placement = {}, subrows = 4): Uint8Array {
  const polys = flatten(outlines, placement);
  // Edges (not horizontal), top end first: yTop, yBottom, x at yTop, dx/dy.
  let count = 0;
  for (const p of polys) count += p.xs.length;
  const yTop = new Float64Array(count);
  const yBottom = new Float64Array(count);
  const x0 = new Float64Array(count);
  const slope = new Float64Array(count);
  let m = 0;
  for (const p of polys) {
    const n = p.xs.length;
    for (let i = 0; i < n; i++) {
      const ax = p.xs[i]!;
      const ay = p.ys[i]!;
      const bx = p.xs[(i + 1) % n]!;
      const by = p.ys[(i + 1) % n]!;
      if (ay === by) continue;
      const down = ay < by;
      yTop[m] = down ? ay : by;
      yBottom[m] = down ? by : ay;
      x0[m] = down ? ax : bx;
      slope[m] = (bx - ax) / (by - ay);
      m++;
    }
  }
  const order = Int32Array.from({ length: m }, (_, i) => i).sort((a, b) => yTop[a]! - yTop[b]!);

  const acc = new Float32Array(width * height);
  const active = new Int32Array(m);
  let activeCount = 0;
  let next = 0;
  const xs = new Float64Array(m);
  for (let row = 0; row < height * subrows; row++) {
    const sy = (row + 0.5) / subrows;
    // An edge crosses the scanline when yTop <= sy < yBottom (half-open: shared vertices count once).
    while (next < m && yTop[order[next]!]! <= sy) active[activeCount++] = order[next++]!;
    let k = 0;
    let nx = 0;
    for (let a = 0; a < activeCount; a++) {
      const e = active[a]!;
      if (yBottom[e]! <= sy) continue;
      active[k++] = e;
      // Insertion sort: only a handful of edges cross one scanline.
      const x = x0[e]! + (sy - yTop[e]!) * slope[e]!;
      let j = nx++;
      while (j > 0 && xs[j - 1]! > x) {
        xs[j] = xs[j - 1]!;
        j--;
      }
      xs[j] = x;
    }
    activeCount = k;
    const base = Math.floor(row / subrows) * width;
    for (let q = 0; q + 1 < nx; q += 2) {
      const a = Math.max(0, Math.min(width, xs[q]!));
      const b = Math.max(0, Math.min(width, xs[q + 1]!));
      if (b <= a) continue;
      const ia = Math.floor(a);
      const ib = Math.floor(b);
      if (ia === ib) {
        acc[base + ia] = acc[base + ia]! + (b - a);
        continue;
      }
      acc[base + ia] = acc[base + ia]! + (ia + 1 - a);
      for (let i = ia + 1; i < ib; i++) acc[base + i] = acc[base + i]! + 1;
      if (ib < width) acc[base + ib] = acc[base + ib]! + (b - ib);
    }
  }
  const out = new Uint8Array(width * height);
  const k255 = 255 / subrows;
  for (let i = 0; i < out.length; i++) {
    const v = acc[i]! * k255;
    out[i] = v >= 255 ? 255 : Math.round(v);
  }
  return out;
}
