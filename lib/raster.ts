/**
 * A small even-odd scanline rasterizer for the path data lib/trace.ts writes (absolute M, L, Q, C, Z).
 * Pure TypeScript, so Node (tests, later the image API) draws exactly the outline the browser draws.
 */

export interface Polygon {
  xs: number[];
  ys: number[];
}

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;

/** Parse absolute path data into commands; throws on anything it does not understand. */
export function parsePathData(d: string): { cmd: string; args: number[] }[] {
  const out: { cmd: string; args: number[] }[] = [];
  const arity: Record<string, number> = { M: 2, L: 2, Q: 4, C: 6, Z: 0 };
  let i = 0;
  const skip = () => {
    while (i < d.length && /[\s,]/.test(d[i]!)) i++;
  };
  skip();
  while (i < d.length) {
    const cmd = d[i]!;
    const n = arity[cmd];
    if (n === undefined) throw new Error(`Unsupported path command "${cmd}" at ${i}.`);
    i++;
    const args: number[] = [];
    for (let k = 0; k < n; k++) {
      skip();
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(d);
      if (!m) throw new Error(`Expected a number at ${i} in path data.`);
      const v = Number(m[0]);
      if (!Number.isFinite(v)) throw new Error(`Non-finite number in path data at ${i}.`);
      args.push(v);
      i = NUMBER.lastIndex;
    }
    out.push({ cmd, args });
    skip();
  }
  return out;
}

/** Flatten path data into closed polygons (curves split into `steps` lines each). */
export function flattenPathData(d: string, steps = 8): Polygon[] {
  const polys: Polygon[] = [];
  let cur: Polygon | null = null;
  let x = 0;
  let y = 0;
  for (const { cmd, args } of parsePathData(d)) {
    const a = args;
    if (cmd === 'M') {
      cur = { xs: [a[0]!], ys: [a[1]!] };
      polys.push(cur);
      x = a[0]!;
      y = a[1]!;
      continue;
    }
    if (!cur) throw new Error('Path data must start with M.');
    if (cmd === 'L') {
      x = a[0]!;
      y = a[1]!;
      cur.xs.push(x);
      cur.ys.push(y);
    } else if (cmd === 'Q') {
      for (let s = 1; s <= steps; s++) {
        const t = s / steps;
        const u = 1 - t;
        cur.xs.push(u * u * x + 2 * u * t * a[0]! + t * t * a[2]!);
        cur.ys.push(u * u * y + 2 * u * t * a[1]! + t * t * a[3]!);
      }
      x = a[2]!;
      y = a[3]!;
    } else if (cmd === 'C') {
      for (let s = 1; s <= steps; s++) {
        const t = s / steps;
        const u = 1 - t;
        cur.xs.push(u * u * u * x + 3 * u * u * t * a[0]! + 3 * u * t * t * a[2]! + t * t * t * a[4]!);
        cur.ys.push(u * u * u * y + 3 * u * u * t * a[1]! + 3 * u * t * t * a[3]! + t * t * t * a[5]!);
      }
      x = a[4]!;
      y = a[5]!;
    } else {
      // Z: polygons are implicitly closed.
      x = cur.xs[0]!;
      y = cur.ys[0]!;
    }
  }
  return polys;
}

/**
 * Coverage (0..255) of a `width` x `height` image by the polygons under the even-odd rule, with
 * `samples` x `samples` sample points per pixel. Coordinates are multiplied by `scale` first.
 */
export function rasterizeEvenOdd(polys: readonly Polygon[], width: number, height: number, scale = 1, samples = 1): Uint8Array {
  const acc = new Uint16Array(width * height);
  const xs: number[] = [];
  const subRows = height * samples;
  for (let row = 0; row < subRows; row++) {
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
  const out = new Uint8Array(width * height);
  const full = samples * samples;
  for (let i = 0; i < out.length; i++) out[i] = Math.round((acc[i]! * 255) / full);
  return out;
}

/** Rasterize path data to a binary mask (1 = inside) sampled at pixel centres. */
export function pathDataToMask(d: string, width: number, height: number, scale = 1): Uint8Array {
  const cov = rasterizeEvenOdd(flattenPathData(d), width, height, scale, 1);
  return cov.map((v) => (v >= 128 ? 1 : 0));
}

/**
 * Anti-aliased coverage (0..255) of a `width` x `height` image by the polygons under the even-odd
 * rule: `subrows` scanlines per pixel row, each span's horizontal coverage exact. Coordinates are
 * multiplied by `scale` first. An active-edge scan over typed arrays, so large images (the 2048 px
 * image API) stay fast: the cost grows with the outline length and the image height, not with
 * width * height * samples.
 */
export function rasterizeCoverage(polys: readonly Polygon[], width: number, height: number, scale = 1, subrows = 4): Uint8Array {
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
      const ax = p.xs[i]! * scale;
      const ay = p.ys[i]! * scale;
      const bx = p.xs[(i + 1) % n]! * scale;
      const by = p.ys[(i + 1) % n]! * scale;
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
