/**
 * Animated GIF export of a morph, DOM-free (runs in the browser and in unit tests):
 * each frame's traced outline is rasterized by lib/raster (the same vector outline the page shows,
 * never an upscaled bitmap) with 3x3 supersampling, mapped onto a 10-level grey palette from paper
 * (white) to ink (black), and encoded with gifenc.
 */
import { GIFEncoder, type Palette } from 'gifenc';

import { flattenPathData, rasterizeEvenOdd } from './raster';
import { SYMBOL_VIEWBOX } from './symbol';

export const GIF_SIZE = 256;
const SAMPLES = 3;
const LEVELS = SAMPLES * SAMPLES + 1;

/** Index k is k / (LEVELS - 1) ink: 0 = white paper, LEVELS - 1 = black ink (as in the PNG download). */
export const GIF_PALETTE: Palette = Array.from({ length: LEVELS }, (_, k) => {
  const v = Math.round(255 * (1 - k / (LEVELS - 1)));
  return [v, v, v];
});

/** An outline (path data in the 0..SYMBOL_VIEWBOX square) as palette indices, size x size, row-major. */
export function outlineToIndices(pathData: string, size = GIF_SIZE): Uint8Array {
  const coverage = rasterizeEvenOdd(flattenPathData(pathData), size, size, size / SYMBOL_VIEWBOX, SAMPLES);
  return coverage.map((c) => Math.round((c * (LEVELS - 1)) / 255));
}

export interface GifOptions {
  size?: number;
  /** Called after each frame with (done, total); a promise it returns is awaited (to let the page breathe). */
  onFrame?: (done: number, total: number) => void | Promise<void>;
  signal?: AbortSignal;
}

/** Encode `frames` (outline + delay each) as a looping animated GIF. */
export async function outlinesToGif(frames: readonly { pathData: string; delayMs: number }[], options: GifOptions = {}): Promise<Uint8Array> {
  const size = options.size ?? GIF_SIZE;
  if (frames.length === 0) throw new Error('A GIF needs at least one frame.');
  const gif = GIFEncoder();
  for (let i = 0; i < frames.length; i++) {
    options.signal?.throwIfAborted();
    const { pathData, delayMs } = frames[i]!;
    gif.writeFrame(outlineToIndices(pathData, size), size, size, i === 0 ? { palette: GIF_PALETTE, delay: delayMs, repeat: 0 } : { delay: delayMs });
    await options.onFrame?.(i + 1, frames.length);
  }
  gif.finish();
  return gif.bytes();
}
