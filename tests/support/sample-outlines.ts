/**
 * For tests only: a reference for lib/render/raster. Each pixel's coverage is counted from `samples` x
 * `samples` sample points under the even-odd rule, curves flattened into 8 straight pieces, as the site's
 * rasterizers did before there was one. Slow and simple, so it can check the fast one and the tracer.
 */
import type { Outline } from '../../lib/render/outline';

interface Polygon {
  xs: number[];
  ys: number[];
}

function flatten(outlines: readonly Outline[], steps = 8): Polygon[] {
  return outlines.map((o) => {
    const poly: Polygon = { xs: [o.start.x], ys: [o.start.y] };
    let { x, y } = o.start;
    for (const s of o.segments) {
      if (s.kind === 'Q') {
        for (let k = 1; k <= steps; k++) {
          const t = k / steps;
          const u = 1 - t;
          poly.xs.push(u * u * x + 2 * u * t * s.c.x + t * t * s.to.x);
          poly.ys.push(u * u * y + 2 * u * t * s.c.y + t * t * s.to.y);
        }
      } else {
        poly.xs.push(s.to.x);
        poly.ys.push(s.to.y);
      }
      ({ x, y } = s.to);
    }
    return poly;
  });
}

/** Coverage (0..255) of a `width` x `height` image from `samples` x `samples` points per pixel; coordinates times `scale`. */
export function sampleOutlines(outlines: readonly Outline[], width: number, height: number, scale = 1, samples = 1): Uint8Array {
  const polys = flatten(outlines);
  const acc = new Uint16Array(width * height);
  const xs: number[] = [];
  for (let row = 0; row < height * samples; row++) {
    const sy = (row + 0.5) / samples / scale;
    xs.length = 0;
    for (const p of polys) {
      const n = p.xs.length;
      for (let i = 0; i < n; i++) {
        const x0 = p.xs[i]!;
        const y0 = p.ys[i]!;
        const x1 = p.xs[(i + 1) % n]!;
        const y1 = p.ys[(i + 1) % n]!;
        if ((y0 <= sy && y1 > sy) || (y1 <= sy && y0 > sy)) xs.push((x0 + ((sy - y0) / (y1 - y0)) * (x1 - x0)) * scale);
      }
    }
    xs.sort((a, b) => a - b);
    const y = Math.floor(row / samples);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // sample columns c with (c + 0.5) / samples in [xs[k], xs[k+1])
      const c0 = Math.max(0, Math.ceil(xs[k]! * samples - 0.5));
      const c1 = Math.min(width * samples, Math.ceil(xs[k + 1]! * samples - 0.5));
      for (let c = c0; c < c1; c++) {
        const idx = y * width + Math.floor(c / samples);
        acc[idx] = acc[idx]! + 1;
      }
    }
  }
  const full = samples * samples;
  return Uint8Array.from(acc, (v) => Math.round((v * 255) / full));
}

/** 1 where a pixel's centre is inside the outlines (coordinates times `scale`), else 0. */
export function centreMask(outlines: readonly Outline[], width: number, height: number, scale = 1): Uint8Array {
  return sampleOutlines(outlines, width, height, scale, 1).map((v) => (v >= 128 ? 1 : 0));
}
