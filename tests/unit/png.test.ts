import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

import type { Channels } from '@/lib/render/image';
import { crc32 } from '@/lib/latent/crc32';
import { encodePng } from '@/lib/server/png';

describe('encodePng', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips every channel layout through an independent decoder (pngjs)', () => {
    for (const channels of [1, 2, 3, 4] as Channels[]) {
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

  it('compresses flat colour in every layout (a run of RGB parchment is a 3-byte pattern, not a byte run)', () => {
    const size = 256;
    for (const [channels, pixel] of [
      [1, [243]],
      [3, [243, 234, 214]],
      [4, [243, 234, 214, 255]],
    ] as [Channels, number[]][]) {
      const data = Uint8Array.from({ length: size * size * channels }, (_, i) => pixel[i % channels]!);
      // 192 KiB of RGB pixels: run-length matching alone (distance 1) left them at 48 KiB; zlib's default, under 1 KiB.
      expect(encodePng({ width: size, height: size, channels, data }).length, `channels ${channels}`).toBeLessThan(2000);
    }
  });

  it('rejects data of the wrong length', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 1, data: new Uint8Array(3) })).toThrow(/expected 4/);
  });
});
