import { describe, expect, it } from 'vitest';

import { polygonOutline } from '@/lib/render/outline';
import { rasterizeOutlines } from '@/lib/render/raster';

import { pathDataOutlines } from '../support/path-data';
import { sampleOutlines } from '../support/sample-outlines';

describe('rasterizeOutlines', () => {
  it('gives exact partial coverage at edges and full coverage inside', () => {
    // A square from (1.25, 1) to (3.5, 3): column 1 is 75% covered, column 3 half, column 2 full.
    const square = polygonOutline([
      { x: 1.25, y: 1 },
      { x: 3.5, y: 1 },
      { x: 3.5, y: 3 },
      { x: 1.25, y: 3 },
    ]);
    const cov = rasterizeOutlines([square], 5, 4);
    expect(Array.from(cov.subarray(5, 10))).toEqual([0, 191, 255, 128, 0]);
    expect(Array.from(cov.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
  });

  it('fills even-odd (holes stay empty) and agrees with the sampling rasterizer', () => {
    const d = 'M100 100L900 100L900 900L100 900ZM300 300L700 300L700 700L300 700Z M450 120Q800 400 450 880Q100 400 450 120Z';
    const outlines = pathDataOutlines(d);
    const fine = sampleOutlines(outlines, 64, 64, 64 / 1024, 8);
    const cov = rasterizeOutlines(outlines, 64, 64, { scale: 64 / 1024 }, 8);
    let worst = 0;
    for (let i = 0; i < cov.length; i++) worst = Math.max(worst, Math.abs(cov[i]! - fine[i]!));
    expect(worst).toBeLessThanOrEqual(40); // sampling error of 8x8 samples at edges
    expect(cov[32 * 64 + 20]).toBe(255); // ring
    expect(cov[2 * 64 + 2]).toBe(0); // outside
  });
});
