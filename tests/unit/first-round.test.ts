/**
 * The first round of "Which one is real?" drawn on the server (lib/server/first-round), with the shipped default
 * model: a real symbol of the model's held-out set and the symbol /s/<seed>?k=<style> shows, each traced as the
 * browser's game traces them, on the side the round says; and never a failed page: no real set, a damaged one or no
 * time leave the round to the browser.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, it, vi } from 'vitest';

import type { ModelIndex } from '@/lib/model/model-folder';
import { loadRealSet } from '@/lib/real-or-not/real-set';
import { drawFake, drawReal, type RandomInt } from '@/lib/real-or-not/round';
import { sfc32 } from '@/lib/seeds/seed';
import { firstRound } from '@/lib/server/first-round';
import { renderSymbol } from '@/lib/server/generator';
import { fileModelSource, modelsDir, readModelIndex } from '@/lib/server/model-files';

function seededRandom(seed: number): RandomInt {
  const next = sfc32(seed, 0x9e3779b9, 0x243f6a88, 0xb7e15162);
  return (n) => next() % n;
}

async function shipped() {
  const index = (await readModelIndex())!;
  const model = index.models.find((m) => m.id === index.default)!;
  expect(model.realSymbols, 'the default model ships real symbols').toBeDefined();
  return { index, model };
}

describe('the first round on the server', () => {
  it('is a held-out real symbol beside the generated symbol in its style, traced alike, on the side it says', async () => {
    const { index, model } = await shipped();
    // A budget no loaded test machine runs past: this test is about what the round is, the budget has its own below.
    const drawn = await firstRound(index, null, { random: seededRandom(9), budgetMs: 120_000 });
    expect(drawn?.modelId).toBe(model.id);
    const { round } = drawn!;
    const set = await loadRealSet(model, fileModelSource());
    const real = set.symbols[round.real.index]!;
    expect(round.real).toEqual({ index: real.index, style: real.style, source: real.source });
    expect(round.style).toBe(model.styles![real.style!]!.id);
    expect(round.seed).toMatch(/^[a-z]+$/);

    const generated = await renderSymbol(model, round.seed, undefined, 1, round.style);
    const fakeSide = round.realSide === 'left' ? 'right' : 'left';
    expect(round[round.realSide].pathData).toBe(drawReal(set, real).pathData);
    // The seed page's symbol, traced from its mask as the real one is (a subpixel model's own outline would differ).
    expect(round[fakeSide].pathData).toBe(drawFake(set, generated).pathData);
    if (!model.subpixel) expect(round[fakeSide].pathData).toBe(generated.pathData);
    // Only what the page shows: no bitmap travels.
    expect(Object.keys(round.real).sort()).toEqual(['index', 'source', 'style']);
    expect(Object.keys(round.left)).toEqual(['pathData']);
  });

  it('is new for every request', async () => {
    const { index } = await shipped();
    const seeds = new Set<string>();
    for (let i = 0; i < 3; i++) seeds.add((await firstRound(index, null))!.round.seed);
    expect(seeds.size).toBe(3);
  });

  it('leaves the round to the browser for a model without real symbols, no model, or an unknown ?m=', async () => {
    const { index } = await shipped();
    const older = index.models.find((m) => !m.realSymbols);
    expect(older, 'the shipped index keeps a model published before the game').toBeDefined();
    expect(await firstRound(index, older!.id)).toBeNull();
    expect(await firstRound(null, null)).toBeNull();
    expect(await firstRound(index, 'no-such-model-1')).toBeNull();
  });

  it('never throws: a damaged real set is logged and left to the browser, and so is a round over its budget', async () => {
    const { index, model } = await shipped();
    const damaged: ModelIndex = { ...index, models: index.models.map((m) => (m.id === model.id ? { ...m, realSymbols: { ...m.realSymbols!, sha256: '0'.repeat(64) } } : m)) };
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(await firstRound(damaged, null)).toBeNull();
      expect(error).toHaveBeenCalledWith(expect.stringContaining(`/real-or-not on ${model.id}`), expect.anything());
      // A copy of the model folder is a model this process has not loaded: loading it takes far over 1 ms.
      const copy = await mkdtemp(path.join(tmpdir(), 'tsdne-first-round-'));
      try {
        await cp(path.join(modelsDir(), model.id), path.join(copy, model.id), { recursive: true });
        expect(await firstRound(index, null, { dir: copy, budgetMs: 1 })).toBeNull();
        expect(warn).toHaveBeenCalledWith(expect.stringContaining('took over 1 ms'));
        // The load went on: the next request from that folder gets its round.
        expect((await firstRound(index, null, { dir: copy }))?.modelId).toBe(model.id);
      } finally {
        await rm(copy, { recursive: true, force: true });
      }
    } finally {
      error.mockRestore();
      warn.mockRestore();
    }
  });
});
