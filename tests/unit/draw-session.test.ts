/**
 * DrawSession (lib/draw/session): the drawing goes to `find` rasterized at the model's resolution, the candidates
 * come back traced and named by latent links that decode to them, a drawing changed during a search is searched
 * after it, results of an older drawing are marked stale, and an empty drawing or a failed search is a sentence.
 */
import { describe, expect, it } from 'vitest';

import type { ProjectorProgress } from '@/lib/draw/projector';
import { DrawSession, type FindSymbols, type FoundCandidate } from '@/lib/draw/session';
import { decodeLatentCode } from '@/lib/latent/codec';
import type { ModelEntry } from '@/lib/model/model-folder';

const model: ModelEntry = {
  id: 'tiny-32-20260101',
  resolution: 32,
  latentSize: 4,
  sha256: '0'.repeat(64),
  bytes: 1,
  styles: [
    { id: 'rune', label: 'Runes' },
    { id: 'seal', label: 'Seals' },
  ],
  encoder: { folder: 'encoder', sha256: '1'.repeat(64), bytes: 1 },
};

/** A 32 px field with a filled square of ink from (a, a) to (b, b). */
function square(a: number, b: number): Float32Array {
  return Float32Array.from({ length: 1024 }, (_, i) => (i % 32 >= a && i % 32 < b && Math.floor(i / 32) >= a && Math.floor(i / 32) < b ? -1 : 1));
}

function candidate(style: number, field: Float32Array): FoundCandidate {
  return { latent: new Float32Array([0.5, -1, 2, style]), style, field, loss: style };
}

function deferredFinder() {
  const calls: { field: Float32Array; progress: (p: ProjectorProgress) => void; resolve: (c: FoundCandidate[]) => void; reject: (e: Error) => void }[] = [];
  const find: FindSymbols = (field, progress) =>
    new Promise((resolve, reject) => calls.push({ field, progress, resolve: (candidates) => resolve({ candidates, backend: 'cpu', ms: 12 }), reject }));
  return { calls, find };
}

function line(session: DrawSession, y: number) {
  session.begin({ x: 0.1, y });
  session.extend({ x: 0.9, y });
  session.end();
}

describe('DrawSession', () => {
  it('searches the drawing at the model resolution and shows what comes back, best first, with working links', async () => {
    const { calls, find } = deferredFinder();
    const session = new DrawSession(model, find);
    line(session, 0.5);
    const searching = session.find();
    expect(session.current.phase).toBe('finding');
    expect(calls[0]!.field).toHaveLength(1024);
    expect(calls[0]!.field.some((v) => v < 0)).toBe(true);
    calls[0]!.progress({ phase: 'refine', done: 3, total: 20 });
    expect(session.current.progress).toEqual({ phase: 'refine', done: 3, total: 20 });
    calls[0]!.resolve([candidate(1, square(8, 24)), candidate(0, square(0, 32))]);
    await searching;
    const { results, phase, stale, backend } = session.current;
    expect([phase, stale, backend]).toEqual(['found', false, 'cpu']);
    expect(results.map((r) => [r.style, r.styleLabel])).toEqual([
      ['seal', 'Seals'],
      ['rune', 'Runes'],
    ]);
    const decoded = decodeLatentCode(results[0]!.code, 4);
    expect(decoded.ok && [Array.from(decoded.value.latent), decoded.value.style]).toEqual([[0.5, -1, 2, 1], { index: 1, count: 2 }]);
    expect(results[0]!.pathData).not.toBe('');
    expect(results[0]!.overlap).toBeGreaterThan(0);
    expect(results[0]!.overlap).toBeLessThan(1);
    expect(session.current.announcement).toMatch(/Seals/);
    session.choose(1);
    expect(session.current.results[0]!.style).toBe('rune');
  });

  it('searches a drawing changed during a search once that search is done, and marks older results stale', async () => {
    const { calls, find } = deferredFinder();
    const session = new DrawSession(model, find);
    line(session, 0.3);
    const first = session.find();
    line(session, 0.7);
    void session.find();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve([candidate(0, square(4, 12))]);
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toHaveLength(2);
    expect(Array.from(calls[1]!.field)).not.toEqual(Array.from(calls[0]!.field));
    calls[1]!.resolve([candidate(0, square(4, 12))]);
    await first;
    expect(session.current.stale).toBe(false);
    session.undo();
    expect(session.current.stale).toBe(true);
  });

  it('says why when the drawing is empty or the search fails', async () => {
    const { calls, find } = deferredFinder();
    const session = new DrawSession(model, find);
    await session.find();
    expect(session.current).toMatchObject({ phase: 'error', error: expect.stringMatching(/Draw something first/) });
    expect(calls).toHaveLength(0);
    line(session, 0.5);
    const searching = session.find();
    calls[0]!.reject(new Error('The model could not run on any backend.'));
    await searching;
    expect(session.current).toMatchObject({ phase: 'error', error: 'The model could not run on any backend.', results: [] });
  });
});
