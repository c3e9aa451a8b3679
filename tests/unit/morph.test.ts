import { describe, expect, it } from 'vitest';

import { gifFrames, stripFrames } from '@/lib/morph/exports';
import { MORPH_FRAMES, legEndpoints, morphLatent, morphT, nextBatch } from '@/lib/morph/frames';
import { MORPH_FPS, MORPH_HOLD_MS, advance, shownFrame, type Playback } from '@/lib/morph/playback';
import { norm, truncate } from '@/lib/seeds/latent';
import { seedToLatent } from '@/lib/seeds/seed';

describe('morph frames', () => {
  it('starts exactly on seed A and ends exactly on seed B', () => {
    const [za, zb] = legEndpoints(seedToLatent('alpha', 100), seedToLatent('beta', 100));
    expect(morphLatent(za, zb, 0)).toEqual(seedToLatent('alpha', 100));
    expect(morphLatent(za, zb, MORPH_FRAMES - 1)).toEqual(seedToLatent('beta', 100));
    expect(morphT(MORPH_FRAMES - 1)).toBe(1);
    expect(() => morphT(MORPH_FRAMES)).toThrow(/outside/);
  });

  it('truncates both endpoints by psi', () => {
    const [za] = legEndpoints(seedToLatent('alpha', 100), seedToLatent('beta', 100), 0.5);
    expect(za).toEqual(truncate(seedToLatent('alpha', 100), 0.5));
    expect(norm(za)).toBeCloseTo(norm(seedToLatent('alpha', 100)) / 2, 4);
  });
});

describe('nextBatch', () => {
  const none = (n: number) => Array<boolean>(n).fill(false);
  it('generates ahead of the playhead first, then what a loop plays on the way back', () => {
    expect(nextBatch(none(10), 0, 1, 4)).toEqual([0, 1, 2, 3]);
    expect(nextBatch(none(10), 7, 1, 5)).toEqual([7, 8, 9, 6, 5]);
    expect(nextBatch(none(10), 2, -1, 4)).toEqual([2, 1, 0, 3]);
  });
  it('skips ready frames and returns nothing when every frame is ready', () => {
    const ready = none(10);
    ready[1] = ready[2] = true;
    expect(nextBatch(ready, 0, 1, 3)).toEqual([0, 3, 4]);
    expect(nextBatch(Array<boolean>(10).fill(true), 4, 1, 8)).toEqual([]);
  });
});

describe('playback clock', () => {
  const start: Playback = { position: 0, direction: 1, holdMs: 0 };
  it('moves MORPH_FPS frames a second at speed 1 and twice as fast at speed 2', () => {
    expect(advance(start, 1000, { mode: 'stop' }).playback.position).toBeCloseTo(MORPH_FPS);
    expect(advance(start, 500, { mode: 'stop', speed: 2 }).playback.position).toBeCloseTo(MORPH_FPS);
  });
  it('stops on the last frame in stop mode', () => {
    const r = advance({ ...start, position: MORPH_FRAMES - 2 }, 1000, { mode: 'stop' });
    expect(r).toEqual({ playback: { position: MORPH_FRAMES - 1, direction: 1, holdMs: 0 }, event: 'ended' });
  });
  it('rests on each end, then turns back, in loop mode', () => {
    let p = advance({ ...start, position: MORPH_FRAMES - 2 }, 1000, { mode: 'loop' }).playback;
    expect(p).toEqual({ position: MORPH_FRAMES - 1, direction: -1, holdMs: MORPH_HOLD_MS });
    p = advance(p, MORPH_HOLD_MS - 1, { mode: 'loop' }).playback;
    expect(shownFrame(p)).toBe(MORPH_FRAMES - 1);
    p = advance(p, 1 + 200, { mode: 'loop' }).playback;
    expect(p.position).toBeCloseTo(MORPH_FRAMES - 1 - 0.2 * MORPH_FPS);
    p = advance(p, 60_000, { mode: 'loop' }).playback;
    expect(p).toEqual({ position: 0, direction: 1, holdMs: MORPH_HOLD_MS });
  });
  it('asks for the next leg in chain mode', () => {
    expect(advance({ ...start, position: MORPH_FRAMES - 1.5 }, 100, { mode: 'chain' }).event).toBe('chain');
  });
  it('waits on a frame that is not generated yet instead of skipping it', () => {
    const isReady = (i: number) => i < 5;
    const r = advance({ ...start, position: 2 }, 1000, { mode: 'loop', isReady });
    expect(r).toEqual({ playback: { position: 4, direction: 1, holdMs: 0 }, event: 'none' });
  });
});

describe('exports', () => {
  it('GIF: there and back, 2 * frames - 2 frames, endpoints held, whole centiseconds', () => {
    const frames = gifFrames(MORPH_FRAMES);
    expect(frames).toHaveLength(2 * MORPH_FRAMES - 2);
    expect(frames.map((f) => f.frame).slice(0, 3)).toEqual([0, 1, 2]);
    expect(frames.at(-1)!.frame).toBe(1);
    expect(frames[MORPH_FRAMES - 1]).toEqual({ frame: MORPH_FRAMES - 1, delayMs: 40 + MORPH_HOLD_MS });
    expect(frames[1]!.delayMs).toBe(40);
    expect(gifFrames(MORPH_FRAMES, 0.5)[1]!.delayMs).toBe(80);
    for (const f of gifFrames(MORPH_FRAMES, 2)) expect(f.delayMs % 10).toBe(0);
  });
  it('PNG strip: evenly spaced frames including both ends', () => {
    expect(stripFrames(64, 8)).toEqual([0, 9, 18, 27, 36, 45, 54, 63]);
    expect(stripFrames(5, 8)).toEqual([0, 1, 2, 3, 4]);
  });
});
