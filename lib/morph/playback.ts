/**
 * The morph's playback clock: where the playhead is, how it moves with wall time, and what happens at
 * the end of a leg. Pure and DOM-free; the morph session (lib/morph/session) ticks it.
 */
import { MORPH_FRAMES } from './frames';

/** Frames per second at speed 1 (a 2.56 s leg). 25 fps is 4 centiseconds a frame, which a GIF can say exactly. */
export const MORPH_FPS = 25;
export const MORPH_SPEEDS = [0.5, 1, 2] as const;
export type MorphSpeed = (typeof MORPH_SPEEDS)[number];
/** How long playback rests on a symbol before turning back (loop) or going on (chain). */
export const MORPH_HOLD_MS = 600;

/** What happens at the end of a leg: stop on B, go back and forth, or continue to a new random symbol. */
export const END_MODES = ['stop', 'loop', 'chain'] as const;
export type EndMode = (typeof END_MODES)[number];

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
  const { position, direction } = p;
  let { holdMs } = p;
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
