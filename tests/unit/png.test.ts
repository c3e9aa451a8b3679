import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

import { flattenPathData, rasterizeCoverage, rasterizeEvenOdd } from '@/lib/raster';
import { crc32, encodePng, type PngChannels } from '@/lib/server/png';

describe('encodePng', () => {
  it('computes the standard CRC-32', () => {
    expect((crc32(new TextEncoder().encode('123456789')) ^ 0xffffffff) >>> 0).toBe(0xcbf43926);
  });

  it('round-trips every channel layout through an independent decoder (pngjs)', () => {
    for (const channels of [1, 2, 3, 4] as PngChannels[]) {
      const width = 37;
      const height = 23;
      const data = Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 7919) % 256);
      const png = PNG.sync.read(Buffer.from(encodePng({ width, height, channels, data })));
      expect([png.width, png.height]).toEqual([width, height]);
      for (let p = 0; p < width * height; p++) {
        const src = Array.from(data.subarray(p * channels, (p + 1) * channels));
        const rgba = Array.from(png.data.subarray(p * 4, p * 4 + 4));
        const want = channels === 1 ? [src[0], src[0], src[0], 255] : channels === 2 ? [src[0], src[0], src[0], src[1]] : channels === 3 ? [...src, 255] : src;
        expect(rgba, `channels ${channels}, pixel ${p}`).toEqual(want);
      }
    }
  });

  it('rejects data of the wrong length', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 1, data: new Uint8Array(3) })).toThrow(/expected 4/);
  });
});

describe('rasterizeCoverage', () => {
  it('gives exact partial coverage at edges and full coverage inside', () => {
    // A square from (1.25, 1) to (3.5, 3): column 1 is 75% covered, column 3 half, column 2 full.
    const cov = rasterizeCoverage([{ xs: [1.25, 3.5, 3.5, 1.25], ys: [1, 1, 3, 3] }], 5, 4, 1, 4);
    expect(Array.from(cov.subarray(5, 10))).toEqual([0, 191, 255, 128, 0]);
    expect(Array.from(cov.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
  });

  it('fills even-odd (holes stay empty) and agrees with the sampling rasterizer', () => {
    const d = 'M100 100L900 100L900 900L100 900ZM300 300L700 300L700 700L300 700Z M450 120Q800 400 450 880Q100 400 450 120Z';
    const polys = flattenPathData(d);
    const fine = rasterizeEvenOdd(polys, 64, 64, 64 / 1024, 8);
    const cov = rasterizeCoverage(polys, 64, 64, 64 / 1024, 8);
    let worst = 0;
    for (let i = 0; i < cov.length; i++) worst = Math.max(worst, Math.abs(cov[i]! - fine[i]!));
    expect(worst).toBeLessThanOrEqual(40); // sampling error of 8x8 samples at edges
    expect(cov[32 * 64 + 20]).toBe(255); // ring
    expect(cov[2 * 64 + 2]).toBe(0); // outside
  });
});
