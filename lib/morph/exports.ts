/** Which morph frames the exports hold, and for how long: the GIF's timeline and the PNG strip's frames. */
import { MORPH_FRAMES } from './frames';
import { MORPH_FPS, MORPH_HOLD_MS } from './playback';

/** A GIF frame: which morph frame, and how long it shows. */
export interface GifFrame {
  frame: number;
  delayMs: number;
}

/**
 * The frames of the exported GIF: there and back (0 .. last .. 1), so the GIF loops without a jump,
 * resting MORPH_HOLD_MS on each symbol. 2 * frames - 2 frames in all.
 */
export function gifFrames(frames = MORPH_FRAMES, speed = 1): GifFrame[] {
  // GIF delays are whole centiseconds.
  const step = Math.max(20, Math.round(1000 / (MORPH_FPS * speed) / 10) * 10);
  const hold = Math.round(MORPH_HOLD_MS / 10) * 10;
  const order = [...Array.from({ length: frames }, (_, i) => i), ...Array.from({ length: frames - 2 }, (_, k) => frames - 2 - k)];
  return order.map((frame) => ({ frame, delayMs: frame === 0 || frame === frames - 1 ? step + hold : step }));
}

/** The frames of the PNG strip: `count` frames evenly spaced from A to B, both ends included. */
export function stripFrames(frames = MORPH_FRAMES, count = 8): number[] {
  const n = Math.max(2, Math.min(count, frames));
  return Array.from({ length: n }, (_, k) => Math.round((k * (frames - 1)) / (n - 1)));
}
