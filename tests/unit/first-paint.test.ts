/**
 * The server's first paint (lib/server/first-paint): the image API's symbol, only what the page shows, and never a
 * failed page: no model, an unknown ?m=, a model that cannot load or a pass over budget all leave it to the browser.
 */
import { rm } from 'node:fs/promises';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { ModelEntry, ModelIndex } from '@/lib/model/model-folder';
import { firstPaint, pinsBackend } from '@/lib/server/first-paint';
import { renderSymbol } from '@/lib/server/generator';

import { tinyModelsDir } from './helpers/tiny-model';

let dir: string;
let entry: ModelEntry;
let index: ModelIndex;

beforeAll(async () => {
  ({ dir, entry } = await tinyModelsDir());
  index = { version: 1, default: entry.id, models: [entry] };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('first paint', () => {
  it('gives up (null) when the pass is over its budget, and the pass still lands for the next request', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // The first call loads the model (hundreds of ms), far over a 1 ms budget.
      expect(await firstPaint(index, null, 'over budget', { dir, budgetMs: 1 })).toBeNull();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('"over budget"'));
    } finally {
      warn.mockRestore();
    }
    const later = await firstPaint(index, null, 'over budget', { dir });
    expect(later?.seed).toBe('over budget');
  });

  it("is the image API's symbol for the seed, model and strangeness, and carries only what the page shows", async () => {
    const shown = await firstPaint(index, null, 'a sigil for courage', { dir, psi: 0.7 });
    const api = await renderSymbol(entry, 'a sigil for courage', dir, 0.7);
    expect(shown).toEqual({ seed: 'a sigil for courage', modelId: entry.id, psi: 0.7, style: null, chosenStyle: null, edits: null, pathData: api.pathData });
    expect(shown!.pathData).toMatch(/^M/);
    // Named explicitly, the default model draws the same.
    expect((await firstPaint(index, entry.id, 'a sigil for courage', { dir, psi: 0.7 }))?.pathData).toBe(api.pathData);
  });

  it('leaves the symbol to the page when there is no model or ?m= names none', async () => {
    expect(await firstPaint(null, null, 'courage', { dir })).toBeNull();
    expect(await firstPaint(index, 'no-such-model-1', 'courage', { dir })).toBeNull();
  });

  it('never throws: a model whose files do not load is logged and left to the browser', async () => {
    const broken: ModelEntry = { ...entry, id: 'broken-16-20260101', sha256: '0'.repeat(64) };
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await firstPaint({ ...index, models: [entry, broken] }, broken.id, 'courage', { dir })).toBeNull();
      expect(error).toHaveBeenCalledWith(expect.stringContaining(broken.id), expect.anything());
    } finally {
      error.mockRestore();
    }
  });

  it('draws nothing for a page whose ?backend= asks for the browser to draw', () => {
    expect(pinsBackend({ backend: 'wasm' })).toBe(true);
    expect(pinsBackend({ backend: '' })).toBe(true);
    expect(pinsBackend({ t: '0.7' })).toBe(false);
  });
});
