/**
 * Animated GIF export of a morph, DOM-free (runs in the browser and in unit tests): each frame's
 * outlines are filled by the one rasterizer (lib/render/raster, the same vector outlines the page shows,
 * never an upscaled bitmap), the coverage mapped onto a 10-level grey palette from paper (white) to ink
 * (black), and encoded with gifenc.
 */
import { GIFEncoder, type Palette } from 'gifenc';

import { symbolCoverage } from './image';
import type { Outline } from './outline';

const GIF_SIZE = 256;
/** Grey levels from paper to ink: smooth edges at 256 px, and the palette fits a GIF's 16-colour table. */
const LEVELS = 10;

/** Index k is k / (LEVELS - 1) ink: 0 = white paper, LEVELS - 1 = black ink (as in the PNG download). */
export const GIF_PALETTE: Palette = Array.from({ length: LEVELS }, (_, k) => {
  const v = Math.round(255 * (1 - k / (LEVELS - 1)));
  return [v, v, v];
});

/** Outlines (in the 0..SYMBOL_VIEWBOX square) as palette indices, size x size, row-major. */
export function outlineToIndices(outlines: readonly Outline[], size = GIF_SIZE): Uint8Array {
  return symbolCoverage(outlines, size).map((c) => Math.round((c * (LEVELS - 1)) / 255));
}

export interface GifOptions {
  size?: number;
  /** Called after each frame with (done, total); a promise it returns is awaited (to let the page breathe). */
  onFrame?: (done: number, total: number) => void | Promise<void>;
}

/** Encode `frames` (outlines + delay each) as a looping animated GIF. */
export async function outlinesToGif(frames: readonly { outlines: readonly Outline[]; delayMs: number }[], options: GifOptions = {}): Promise<Uint8Array> {
  const size = options.size ?? GIF_SIZE;
  if (frames.length === 0) throw new Error('A GIF needs at least one frame.');
  const gif = GIFEncoder();
  for (let i = 0; i < frames.length; i++) {
    const { outlines, delayMs } = frames[i]!;
    gif.writeFrame(outlineToIndices(outlines, size), size, size, i === 0 ? { palette: GIF_PALETTE, delay: delayMs, repeat: 0 } : { delay: delayMs });
    await options.onFrame?.(i + 1, frames.length);
  }
  gif.finish();
  return gif.bytes();
}
