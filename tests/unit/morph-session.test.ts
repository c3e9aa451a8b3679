/** The morph session: what the player shows and draws, driven without a browser by the tiny model and elapsed time. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { load, type ModelSource, type SymbolGenerator } from '@/lib/model/generator';
import { MORPH_FPS, MORPH_HOLD_MS } from '@/lib/morph/playback';
import { MorphSession, type MorphSessionOptions, type MorphState } from '@/lib/morph/session';
import { renderSeeds } from '@/lib/render/symbol';

import { tinyModelFolder } from './helpers/tiny-model';

const FRAMES = 8;
/** Wall time for one frame at speed 1. */
const FRAME_MS = 1000 / MORPH_FPS;

let gen: SymbolGenerator;
beforeAll(async () => {
  const folder = await tinyModelFolder();
  const source: ModelSource = { read: async (_id, file) => folder.files[file]!.slice() };
  gen = await load({ model: folder.entry, source, backends: ['cpu'] });
});

function session(options: Partial<MorphSessionOptions> = {}): MorphSession {
  let n = 0;
  return new MorphSession({ seedA: 'alpha', seedB: 'beta', psi: 1, model: gen.model, frames: FRAMES, batch: 4, nextSeed: () => `next ${++n}`, ...options });
}

/** Resolves with the session's state once `done` holds (checked after every change). */
function until(s: MorphSession, done: (state: MorphState) => boolean): Promise<MorphState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the session never got there')), 20_000);
    const check = () => {
      if (!done(s.current)) return;
      clearTimeout(timer);
      stop();
      resolve(s.current);
    };
    const stop = s.subscribe(check);
    check();
  });
}

/** Ticks `ms` of wall time in frame-sized steps, as requestAnimationFrame would. */
function play(s: MorphSession, ms: number): void {
  for (let t = 0; t < ms; t += FRAME_MS) s.tick(FRAME_MS);
}

describe('MorphSession', () => {
  it("draws the leg once it has a generator, and its end frames are the two seed pages' symbols", async () => {
    const s = session();
    expect(s.current).toMatchObject({ frame: 0, ready: 0, playing: false, mode: 'loop', error: null });
    const changes: MorphState[] = [];
    s.subscribe(() => changes.push(s.current));
    s.setGenerator(gen);
    const done = await until(s, (state) => state.ready === FRAMES);
    expect(done.leg.complete).toBe(true);
    expect(done.leg.stats.passFrames).toEqual([1, 4, 3]);
    expect(changes.map((c) => c.ready)).toEqual([1, 5, 8]);
    const [a, b] = await renderSeeds(gen, ['alpha', 'beta']);
    expect([done.leg.paths[0], done.leg.paths[FRAMES - 1]]).toEqual([a!.pathData, b!.pathData]);
    expect(done.leg.outlines[0]).toEqual(a!.outlines);
  });

  it('records the live tensor count after every batch, with no pass in flight then', async () => {
    const counts: number[] = [];
    const s = session({ countTensors: () => tf.memory().numTensors });
    s.subscribe(() => counts.push(s.current.tensors ?? -1));
    const before = tf.memory().numTensors;
    s.setGenerator(gen);
    const done = await until(s, (state) => state.ready === FRAMES);
    expect(done.tensors).toBe(before);
    expect(counts.filter((c) => c >= 0).every((c) => c === before)).toBe(true);
  });

  it('draws the frames at the playhead first: seeking before the frames exist', async () => {
    const s = session({ frames: 16 });
    s.seek(11);
    s.setGenerator(gen);
    const first = await until(s, (state) => state.ready > 0);
    expect(first.leg.nearestReady(0)).toBe(11);
    expect(first).toMatchObject({ frame: 11, playing: false });
  });

  it('plays at MORPH_FPS, waits on frames not drawn yet, and loops back from B after resting', async () => {
    const s = session({ autoplay: true });
    expect(s.current.playing).toBe(true);
    play(s, 3 * FRAME_MS);
    expect(s.current.frame).toBe(0); // nothing drawn: playback waits
    s.setGenerator(gen);
    await until(s, (state) => state.ready === FRAMES);
    play(s, 3 * FRAME_MS);
    expect(s.current.frame).toBe(3);
    play(s, (FRAMES - 3) * FRAME_MS);
    expect(s.current.frame).toBe(FRAMES - 1);
    play(s, MORPH_HOLD_MS + 2 * FRAME_MS);
    expect(s.current.frame).toBeLessThan(FRAMES - 1);
    expect(s.current.playing).toBe(true);
  });

  it('stops on B in stop mode and says so; Play then starts again from A', async () => {
    const s = session({ autoplay: true });
    s.setGenerator(gen);
    s.setMode('stop');
    await until(s, (state) => state.ready === FRAMES);
    play(s, (FRAMES + 2) * FRAME_MS);
    expect(s.current).toMatchObject({ frame: FRAMES - 1, playing: false, announcement: 'Stopped on “beta”.' });
    s.togglePlay();
    expect(s.current).toMatchObject({ frame: 0, playing: true });
  });

  it('seek pauses on the frame asked for, clamped to the leg', () => {
    const s = session({ autoplay: true });
    s.seek(5);
    expect(s.current).toMatchObject({ frame: 5, playing: false });
    s.seek(99);
    expect(s.current.frame).toBe(FRAMES - 1);
    s.seek(-3);
    expect(s.current.frame).toBe(0);
  });

  it('keeps the strangeness once: a new psi is a new leg between the same seeds, from the frame on screen', async () => {
    const s = session();
    s.setGenerator(gen);
    s.seek(3);
    s.setPsi(0.6);
    expect(s.current.leg).toMatchObject({ seedA: 'alpha', seedB: 'beta', psi: 0.6 });
    expect(s.current).toMatchObject({ frame: 3, announcement: 'Strangeness 0.6.' });
    const done = await until(s, (state) => state.ready === FRAMES);
    const [a] = await renderSeeds(gen, ['alpha'], { psi: 0.6 });
    expect(done.leg.paths[0]).toBe(a!.pathData);
    s.setPsi(0.6);
    expect(s.current.leg).toBe(done.leg);
  });

  it('going on: draws the next leg from B ahead once this one is complete, then plays it', async () => {
    let passes = 0;
    const counting: SymbolGenerator = { ...gen, generate: (latents, styles) => (passes++, gen.generate(latents, styles)) };
    const s = session();
    s.setMode('chain');
    s.setGenerator(counting);
    await until(s, (state) => state.ready === FRAMES);
    const first = s.current.leg;
    // This leg took 3 passes (1 + 4 + 3 frames); the next one takes 3 more, in the background.
    for (let wait = 0; passes < 6 && wait < 400; wait++) await new Promise((r) => setTimeout(r, 5));
    s.chain();
    const next = s.current;
    expect(next.leg).toMatchObject({ seedA: 'beta', seedB: 'next 1', psi: 1 });
    expect(next).toMatchObject({ frame: 0, ready: FRAMES, playing: true, announcement: 'Now morphing from “beta” to “next 1”.' });
    expect(next.leg).not.toBe(first);
    const [beta] = await renderSeeds(gen, ['beta']);
    expect(next.leg.paths[0]).toBe(beta!.pathData);
  });

  it('playing to the end of a leg while going on continues into the next one', async () => {
    const s = session({ autoplay: true });
    s.setMode('chain');
    s.setGenerator(gen);
    await until(s, (state) => state.ready === FRAMES);
    play(s, MORPH_HOLD_MS + (FRAMES + 1) * FRAME_MS);
    expect(s.current.leg).toMatchObject({ seedA: 'beta', seedB: 'next 1' });
    expect(s.current.playing).toBe(true);
  });

  it('shows a drawing error and draws nothing more until Retry, which draws the leg afresh', async () => {
    let fail = true;
    const flaky: SymbolGenerator = { ...gen, generate: (latents, styles) => (fail ? Promise.reject(new Error('GPU lost')) : gen.generate(latents, styles)) };
    const s = session();
    s.setGenerator(flaky);
    const failed = await until(s, (state) => state.error !== null);
    expect(failed).toMatchObject({ error: 'GPU lost', ready: 0 });
    fail = false;
    s.setMode('chain');
    expect(s.current.ready).toBe(0);
    s.retry();
    expect(s.current.error).toBeNull();
    expect(s.current.leg).not.toBe(failed.leg);
    await until(s, (state) => state.ready === FRAMES);
  });

  it('stops drawing when the generator goes away, and goes on when one comes back', async () => {
    const s = session({ frames: 16 });
    s.setGenerator(gen);
    await until(s, (state) => state.ready > 0);
    s.setGenerator(null);
    const held = s.current.ready;
    await new Promise((r) => setTimeout(r, 100));
    expect(s.current.ready).toBe(held);
    expect(held).toBeLessThan(16);
    s.setGenerator(gen);
    await until(s, (state) => state.ready === 16);
  });

  it('leaks no tensors over a leg, the next leg drawn ahead, and going on', async () => {
    const s = session();
    s.setMode('chain');
    s.setGenerator(gen);
    await until(s, (state) => state.ready === FRAMES);
    const before = tf.memory().numTensors;
    s.chain();
    await until(s, (state) => state.ready === FRAMES);
    s.setGenerator(null);
    await new Promise((r) => setTimeout(r, 100));
    expect(tf.memory().numTensors).toBe(before);
  });
});
