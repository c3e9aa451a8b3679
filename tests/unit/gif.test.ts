import { describe, expect, it } from 'vitest';

import { gifFrames } from '@/lib/morph/exports';
import { GIF_PALETTE, outlineToIndices, outlinesToGif } from '@/lib/render/gif';

import { readGif } from '../support/gif-reader';
import { pathDataOutlines } from '../support/path-data';

const SQUARE = pathDataOutlines('M256 256L768 256L768 768L256 768Z');

describe('GIF export', () => {
  it('rasterizes an outline onto the grey palette (ink black, paper white, edges grey)', () => {
    const idx = outlineToIndices(SQUARE, 64);
    const ink = GIF_PALETTE.length - 1;
    expect(idx[32 * 64 + 32]).toBe(ink);
    expect(idx[2 * 64 + 2]).toBe(0);
    expect(GIF_PALETTE[0]).toEqual([255, 255, 255]);
    expect(GIF_PALETTE[ink]).toEqual([0, 0, 0]);
  });

  it('writes a valid looping GIF89a with one image per frame and the requested delays', async () => {
    const order = gifFrames(6);
    const outlines = [pathDataOutlines('M0 0L10 10L0 10Z'), SQUARE, SQUARE, SQUARE, SQUARE, SQUARE];
    const progress: number[] = [];
    const bytes = await outlinesToGif(
      order.map((f) => ({ outlines: outlines[f.frame]!, delayMs: f.delayMs })),
      { size: 48, onFrame: (done) => void progress.push(done) },
    );
    const info = readGif(bytes);
    expect(info).toMatchObject({ version: 'GIF89a', width: 48, height: 48, globalColors: 16, loopCount: 0 });
    expect(info.frames).toHaveLength(order.length);
    expect(info.frames.map((f) => f.delayMs)).toEqual(order.map((f) => f.delayMs));
    expect(progress.at(-1)).toBe(order.length);
  });

  it('the reader rejects truncated and non-GIF bytes', async () => {
    const bytes = await outlinesToGif([{ outlines: SQUARE, delayMs: 40 }], { size: 16 });
    expect(() => readGif(bytes.subarray(0, bytes.length - 3))).toThrow(/Not a valid GIF/);
    expect(() => readGif(new TextEncoder().encode('PNG not a gif'))).toThrow(/signature/);
  });
});
