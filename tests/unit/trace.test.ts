import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { polygonOutline, scaleOutlines, toPathData, toSvgDocument, type Point } from '@/lib/render/outline';
import { despeckle } from '@/lib/render/postprocess';
import { crackLoops, traceMask } from '@/lib/render/trace';
import { seedToLatent } from '@/lib/seeds/seed';

import { parsePathData } from '../support/path-data';
import { centreMask } from '../support/sample-outlines';

function agreement(a: Uint8Array, b: Uint8Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

function inkFraction(mask: Uint8Array): number {
  return mask.reduce((n, v) => n + v, 0) / mask.length;
}

/** Shoelace: positive for clockwise loops in screen coordinates (outer outlines), negative for holes. */
function signedArea(poly: readonly Point[]): number {
  let a = 0;
  poly.forEach((p, i) => {
    const q = poly[(i + 1) % poly.length]!;
    a += p.x * q.y - q.x * p.y;
  });
  return a / 2;
}

/** A blobby, symbol-like test bitmap: thresholded sum of random sinusoids from a seed's latent. */
function blobs(seed: string, n: number): Uint8Array {
  const z = seedToLatent(seed, 24);
  const m = new Uint8Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let v = 0;
      for (let k = 0; k < 8; k++) v += Math.sin((x * z[k]! + y * z[k + 8]!) / 6 + z[k + 16]!);
      const r = Math.hypot(x - n / 2, y - n / 2) / (n / 2);
      m[y * n + x] = v > 1 && r < 0.9 ? 1 : 0;
    }
  }
  return despeckle(m, n, n);
}

describe('crack loops', () => {
  it('trace one loop around a pixel and a ring as outer + hole with opposite orientation', () => {
    const single = crackLoops(Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]), 3, 3);
    expect(single).toHaveLength(1);
    expect(single[0]).toHaveLength(4);
    const ring = Uint8Array.from([1, 1, 1, 1, 0, 1, 1, 1, 1]);
    const loops = crackLoops(ring, 3, 3);
    expect(loops).toHaveLength(2);
    const areas = loops.map(signedArea).sort((a, b) => a - b);
    expect(areas[0]).toBeLessThan(0);
    expect(areas[1]).toBeGreaterThan(0);
  });

  it('join pixels that touch at a corner into one outline', () => {
    expect(crackLoops(Uint8Array.from([1, 0, 0, 1]), 2, 2)).toHaveLength(1);
  });

  it("polygon of crack midpoints holds exactly the ink pixels' centres", () => {
    const n = 48;
    const mask = blobs('polygon', n);
    const outlines = crackLoops(mask, n, n).map(polygonOutline);
    expect(agreement(centreMask(outlines, n, n), mask)).toBe(1);
  });
});

describe('crack loops along a field (sub-pixel)', () => {
  /** A field whose sign agrees with the mask, each pixel's magnitude drawn from `magnitudes` (0..1). */
  const fieldOf = (mask: Uint8Array, magnitudes: readonly number[]) =>
    Float32Array.from(mask, (v, i) => (v ? -1 : 1) * Math.max(0.01, magnitudes[i % magnitudes.length]!));

  it('put each point where the field crosses 0 between the two pixel centres', () => {
    // One ink pixel at -0.25 among paper at +1: the edge lies a fifth of the way from its centre to each neighbour's.
    const field = Float32Array.from([1, 1, 1, 1, -0.25, 1, 1, 1, 1]);
    const [loop] = crackLoops(Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0, 0]), 3, 3, field);
    const d = 0.2;
    const sorted = (ps: readonly Point[]) => ps.map((p) => [+p.x.toFixed(6), +p.y.toFixed(6)]).sort();
    expect(sorted(loop!)).toEqual(sorted([{ x: 1.5, y: 1.5 - d }, { x: 1.5 + d, y: 1.5 }, { x: 1.5, y: 1.5 + d }, { x: 1.5 - d, y: 1.5 }]));
  });

  it('give the crack midpoints when ink and paper are equally strong, and the same loops whatever the field', () => {
    const n = 32;
    const mask = blobs('field', n);
    const plain = crackLoops(mask, n, n);
    expect(crackLoops(mask, n, n, fieldOf(mask, [1]))).toEqual(plain);
    const uneven = crackLoops(mask, n, n, fieldOf(mask, [0.9, 0.05, 0.4, 1, 0.2, 0.7, 0.02]));
    expect(uneven.map((loop) => loop.length)).toEqual(plain.map((loop) => loop.length));
  });

  it("hold exactly the ink pixels' centres for any field that agrees with the mask (and one that does not)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.array(fc.boolean(), { minLength: 144, maxLength: 144 }),
        fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 144, maxLength: 144 }),
        (n, bits, values) => {
          const mask = Uint8Array.from(bits.slice(0, n * n), Number);
          // Any value, sign or not: despeckling can make a pixel ink whose field says paper, and the other way round.
          const field = Float32Array.from(values.slice(0, n * n));
          const outlines = crackLoops(mask, n, n, field).map(polygonOutline);
          expect(agreement(centreMask(outlines, n, n), mask)).toBe(1);
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('refuse a field of the wrong size', () => {
    expect(() => crackLoops(new Uint8Array(4), 2, 2, new Float32Array(3))).toThrow('field has 3 values');
  });
});

describe('traceMask + toPathData', () => {
  it.each(['courage', 'ᚠᚢᚦ', 'seal of mars'])('outline of "%s" rasterizes back to the bitmap (>= 97%% of pixels)', (seed) => {
    const n = 64;
    const mask = blobs(seed, n);
    expect(inkFraction(mask)).toBeGreaterThan(0.05);
    expect(inkFraction(mask)).toBeLessThan(0.7);
    const outlines = scaleOutlines(traceMask(mask, n, n), 16, 1);
    const d = toPathData(outlines, 1);
    expect(d).toMatch(/^M[\d.]+ [\d.]+/);
    expect(d.endsWith('Z')).toBe(true);
    const commands = parsePathData(d);
    expect(commands.every((c) => c.args.every(Number.isFinite))).toBe(true);
    // Every subpath is closed and starts with M.
    expect(d.split('Z').filter(Boolean).every((s) => s.startsWith('M'))).toBe(true);
    const back = centreMask(outlines, n, n, 1 / 16);
    expect(agreement(back, mask)).toBeGreaterThanOrEqual(0.99);
  });

  it('follows long straight sides into their corners and keeps thin strokes whole: a frame on the border traces back', () => {
    // A 2 px frame on the border and a 1 px diagonal stroke: right angles with long sides, the case
    // where rounding every vertex cut triangles out of the outline.
    const n = 64;
    const mask = new Uint8Array(n * n);
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const frame = x < 2 || y < 2 || x >= n - 2 || y >= n - 2;
        const diagonal = x > 12 && x < 50 && (x === y || x === y + 1);
        mask[y * n + x] = frame || diagonal ? 1 : 0;
      }
    }
    const outlines = scaleOutlines(traceMask(mask, n, n), 16, 2);
    expect(agreement(centreMask(outlines, n, n, 1 / 16), mask)).toBeGreaterThanOrEqual(0.995);
  });

  it('keeps holes under the evenodd rule', () => {
    const n = 20;
    const mask = new Uint8Array(n * n);
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) mask[y * n + x] = Math.abs(Math.hypot(x - 9.5, y - 9.5) - 6) < 2.5 ? 1 : 0;
    const outlines = traceMask(mask, n, n);
    expect(outlines).toHaveLength(2);
    const back = centreMask(outlines, n, n);
    expect(back[10 * n + 10]).toBe(0); // centre of the ring stays paper
    expect(agreement(back, mask)).toBeGreaterThan(0.95);
  });

  it('an empty bitmap gives empty path data', () => {
    expect(toPathData(traceMask(new Uint8Array(64), 8, 8))).toBe('');
  });

  it('writes a standalone SVG with a viewBox and escapes the title', () => {
    const svg = toSvgDocument('M0 0L10 0L10 10Z', { size: 1024, title: 'a <b> & "c"' });
    expect(svg).toContain('viewBox="0 0 1024 1024"');
    expect(svg).toContain('fill-rule="evenodd"');
    expect(svg).toContain('<title>a &lt;b&gt; &amp; &quot;c&quot;</title>');
  });
});
