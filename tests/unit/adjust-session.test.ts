/**
 * AdjustSession (lib/adjust/session): the link's ?e= as the starting offsets (or a notice), one pass at a time with
 * only the latest offsets drawn after it, the ?e= text following the sliders, reset, and an error with retry. A manual
 * generator records what each pass was given, so the test sees the exact latents the sliders made.
 */
import { describe, expect, it } from 'vitest';

import { AdjustSession } from '@/lib/adjust/session';
import type { SymbolGenerator } from '@/lib/model/generator';
import { truncate } from '@/lib/seeds/latent';
import { seedToLatent } from '@/lib/seeds/seed';
import type { SlidersFile } from '@/lib/sliders/sliders-file';

const RES = 8;
const LATENT = 4;

function manualGenerator() {
  const passes: { latents: readonly Float32Array[]; finish: () => void; fail: (e: Error) => void }[] = [];
  const generator: SymbolGenerator = {
    model: { id: 'manual-8-20260101', resolution: RES, latentSize: LATENT, sha256: '0'.repeat(64), bytes: 0 },
    backend: 'cpu',
    fromCache: false,
    generate: (latents) =>
      new Promise((resolve, reject) => {
        // A square of ink whose size follows z[0], so different offsets draw different path data.
        const field = () => Float32Array.from({ length: RES * RES }, (_, i) => (i % RES < 2 + Math.min(5, Math.abs(Math.round(latents[0]![0]!))) && i < RES * 6 ? -1 : 1));
        passes.push({ latents, finish: () => resolve(latents.map(field)), fail: reject });
      }),
    critique: () => Promise.reject(new Error('This model has no critic.')),
    dispose: () => undefined,
  };
  return { generator, passes };
}

const FILE: SlidersFile = {
  modelId: 'manual-8-20260101',
  range: 3,
  sliders: [
    { id: 'ink', label: 'Ink', less: 'less ink', more: 'more ink', measure: 'ink', range: 3, kind: 'direction', direction: Float32Array.of(1, 0, 0, 0), monotonic: 0.9 },
    { id: 'stroke', label: 'Stroke', less: 'thinner', more: 'bolder', measure: 'stroke', range: 3, kind: 'direction', direction: Float32Array.of(0, 1, 0, 0), monotonic: null },
  ],
};

const settle = () => new Promise((r) => setTimeout(r, 0));
const SUBJECT = { kind: 'seed' as const, seed: 'courage', psi: 0.5, style: null };

describe('AdjustSession', () => {
  it('starts on the link’s offsets and draws the seed’s latent, truncated, then moved', async () => {
    const { generator, passes } = manualGenerator();
    const session = new AdjustSession(SUBJECT, '0:1.5,1:-2');
    session.setSources(generator, FILE);
    expect(session.current.offsets).toEqual([1.5, -2]);
    expect(session.current.edits).toBe('0:1.5,1:-2');
    expect(passes).toHaveLength(1);
    const z = truncate(seedToLatent('courage', LATENT), 0.5);
    expect([...passes[0]!.latents[0]!]).toEqual([Math.fround(z[0]! + 1.5), Math.fround(z[1]! - 2), z[2], z[3]]);
    passes[0]!.finish();
    await settle();
    expect(session.current.drawn?.edits).toBe('0:1.5,1:-2');
    // What a page needs to show the drawing as its own symbol: the style drawn in and how it was drawn.
    expect(session.current.drawn).toMatchObject({ style: null, backend: 'cpu', fromCache: false });
    expect(session.current.drawing).toBe(false);
  });

  it('draws only the latest offsets after the pass that is running', async () => {
    const { generator, passes } = manualGenerator();
    const session = new AdjustSession(SUBJECT);
    session.setSources(generator, FILE);
    session.setOffset(0, 0.1);
    session.setOffset(0, 0.2);
    session.setOffset(0, 0.31);
    expect(passes).toHaveLength(1);
    expect(session.current.edits).toBe('0:0.3');
    passes[0]!.finish();
    await settle();
    expect(passes).toHaveLength(2);
    const z = truncate(seedToLatent('courage', LATENT), 0.5);
    expect(passes[1]!.latents[0]![0]).toBe(Math.fround(z[0]! + 0.3));
    passes[1]!.finish();
    await settle();
    expect(passes).toHaveLength(2);
    expect(session.current.drawn?.edits).toBe('0:0.3');
    session.reset();
    expect(session.current.edits).toBe('');
    expect(session.current.offsets).toEqual([0, 0]);
  });

  it('snaps offsets to the grid and the range', () => {
    const { generator } = manualGenerator();
    const session = new AdjustSession(SUBJECT);
    session.setSources(generator, FILE);
    session.setOffset(1, 7.77);
    expect(session.current.offsets).toEqual([0, 3]);
    expect(session.current.edits).toBe('1:3');
  });

  it('a bad ?e= is a notice and the sliders start at 0', () => {
    const { generator } = manualGenerator();
    const session = new AdjustSession(SUBJECT, '5:1');
    session.setSources(generator, FILE);
    expect(session.current.offsets).toEqual([0, 0]);
    expect(session.current.notice).toMatch(/slider 5; this model has 2.*start at 0/);
  });

  it('a failed pass is an error; retry draws again', async () => {
    const { generator, passes } = manualGenerator();
    const session = new AdjustSession({ kind: 'seed', seed: 'luna', psi: 1, style: null });
    session.setSources(generator, FILE);
    passes[0]!.fail(new Error('The graphics device stopped.'));
    await settle();
    expect(session.current.error).toBe('The graphics device stopped.');
    session.retry();
    expect(passes).toHaveLength(2);
    passes[1]!.finish();
    await settle();
    expect(session.current.error).toBeNull();
    expect(session.current.drawn).not.toBeNull();
  });
});
