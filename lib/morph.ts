/**
 * Morphs: the frames between two seeds' symbols, the order they are generated in, and the
 * playback clock. Pure and DOM-free; components/morph/ drives it with requestAnimationFrame.
 *
 * A leg is MORPH_FRAMES frames; frame i is the generator's image of slerp(zA, zB, t), t = i / (frames - 1),
 * so frame 0 is exactly seed A's symbol and the last frame exactly seed B's (slerp hits its endpoints
 * exactly). Truncation (the strangeness control) scales both endpoint latents first: psi * slerp(a, b)
 * = slerp(psi * a, psi * b), so a truncated morph runs between the truncated symbols.
 * Under a conditional model frame i also takes the style vector (1 - t) * styleA + t * styleB, a straight
 * line between the two seeds' one-hots (equal when both seeds have one style), again exact at both ends.
 */
import { slerp, truncate } from './latent';
import { seedToLatent } from './seed';
import { blendStyles, seedStyleVector } from './style';

/** Frames per leg (A to B). A multiple of the batch sizes 8, 16 and 32. */
export const MORPH_FRAMES = 64;
/** Frames per second at speed 1 (a 2.56 s leg). 25 fps is 4 centiseconds a frame, which a GIF can say exactly. */
export const MORPH_FPS = 25;
export const MORPH_SPEEDS = [0.5, 1, 2] as const;
export type MorphSpeed = (typeof MORPH_SPEEDS)[number];
/** Frames generated per forward pass (see bench/RESULTS-morph.md for the choice). */
export const MORPH_BATCH = 16;
/** How long playback rests on a symbol before turning back (loop) or going on (chain). */
export const MORPH_HOLD_MS = 600;

/** What happens at the end of a leg: stop on B, go back and forth, or continue to a new random symbol. */
export const END_MODES = ['stop', 'loop', 'chain'] as const;
export type EndMode = (typeof END_MODES)[number];

/** The interpolation parameter of frame `i`: 0 for the first frame, exactly 1 for the last. */
export function morphT(i: number, frames = MORPH_FRAMES): number {
  if (!Number.isInteger(frames) || frames < 2) throw new Error(`A morph needs at least 2 frames, got ${frames}.`);
  if (!Number.isInteger(i) || i < 0 || i >= frames) throw new Error(`Frame ${i} is outside 0..${frames - 1}.`);
  return i === frames - 1 ? 1 : i / (frames - 1);
}

/** The two (normalized, validated) seeds' latents, truncated by psi. */
export function legEndpoints(seedA: string, seedB: string, latentSize: number, psi = 1): [Float32Array, Float32Array] {
  return [truncate(seedToLatent(seedA, latentSize), psi), truncate(seedToLatent(seedB, latentSize), psi)];
}

/** The latent of frame `i` of the leg between `za` and `zb` (spherical, not linear, interpolation). */
export function morphLatent(za: Float32Array, zb: Float32Array, i: number, frames = MORPH_FRAMES): Float32Array {
  return slerp(za, zb, morphT(i, frames));
}

/** The two seeds' style vectors (one-hots) under a model with `count` styles (> 0: a conditional model). */
export function legStyles(seedA: string, seedB: string, count: number): [Float32Array, Float32Array] {
  return [seedStyleVector(seedA, count), seedStyleVector(seedB, count)];
}

/** The style vector of frame `i` of the leg between styles `sa` and `sb` (linear interpolation). */
export function morphStyle(sa: Float32Array, sb: Float32Array, i: number, frames = MORPH_FRAMES): Float32Array {
  return blendStyles(sa, sb, morphT(i, frames));
}

/**
 * The next frames to generate: up to `size` frames that are not ready, in the order playback will
 * need them. From the playhead onwards in its direction first, then the frames behind it (which a
 * loop plays on the way back).
 */
export function nextBatch(ready: readonly boolean[], playhead: number, direction: 1 | -1, size: number): number[] {
  const frames = ready.length;
  const start = Math.max(0, Math.min(frames - 1, Math.round(playhead)));
  const order: number[] = [];
  if (direction === 1) {
    for (let i = start; i < frames; i++) order.push(i);
    for (let i = start - 1; i >= 0; i--) order.push(i);
  } else {
    for (let i = start; i >= 0; i--) order.push(i);
    for (let i = start + 1; i < frames; i++) order.push(i);
  }
  const out: number[] = [];
  for (const i of order) {
    if (!ready[i]) out.push(i);
    if (out.length === size) break;
  }
  return out;
}

export interface Playback {
  /** Position in frames, fractional between two frames; the frame shown is Math.round(position). */
  position: number;
  direction: 1 | -1;
  /** Time left resting on an endpoint before moving on. */
  holdMs: number;
}

/** none: still moving; ended: stopped on the last frame (stop mode); chain: the leg is over, start the next one. */
export type PlaybackEvent = 'none' | 'ended' | 'chain';

export interface AdvanceOptions {
  frames?: number;
  speed?: number;
  mode: EndMode;
  /** Is frame i generated yet? Playback waits on a frame that is not (buffering) instead of skipping it. */
  isReady?: (i: number) => boolean;
}

export function shownFrame(p: Playback, frames = MORPH_FRAMES): number {
  return Math.max(0, Math.min(frames - 1, Math.round(p.position)));
}

/** Move the playhead on by `elapsedMs` of wall time. */
export function advance(p: Playback, elapsedMs: number, options: AdvanceOptions): { playback: Playback; event: PlaybackEvent } {
  const frames = options.frames ?? MORPH_FRAMES;
  const last = frames - 1;
  let { position, direction, holdMs } = p;
  let dt = Math.max(0, elapsedMs);
  if (holdMs > 0) {
    const used = Math.min(holdMs, dt);
    holdMs -= used;
    dt -= used;
    if (dt === 0) return { playback: { position, direction, holdMs }, event: 'none' };
  }
  let next = position + (direction * dt * MORPH_FPS * (options.speed ?? 1)) / 1000;
  // Never run past a frame that is not generated yet: wait on the last ready one.
  if (options.isReady) {
    const from = Math.round(position);
    const to = Math.max(0, Math.min(last, Math.round(next)));
    for (let i = from + direction; direction === 1 ? i <= to : i >= to; i += direction) {
      if (!options.isReady(i)) {
        return { playback: { position: i - direction, direction, holdMs }, event: 'none' };
      }
    }
  }
  if (direction === 1 && next >= last) {
    if (options.mode === 'stop') return { playback: { position: last, direction, holdMs: 0 }, event: 'ended' };
    if (options.mode === 'chain') return { playback: { position: last, direction, holdMs: 0 }, event: 'chain' };
    return { playback: { position: last, direction: -1, holdMs: MORPH_HOLD_MS }, event: 'none' };
  }
  if (direction === -1 && next <= 0) {
    if (options.mode === 'stop') return { playback: { position: 0, direction, holdMs: 0 }, event: 'ended' };
    // loop, and chain on its way back (after a switch from loop): turn round on A.
    return { playback: { position: 0, direction: 1, holdMs: MORPH_HOLD_MS }, event: 'none' };
  }
  next = Math.max(0, Math.min(last, next));
  return { playback: { position: next, direction, holdMs }, event: 'none' };
}

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
