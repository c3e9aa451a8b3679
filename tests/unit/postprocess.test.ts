import { describe, expect, it } from 'vitest';

import type { SymbolGenerator } from '@/lib/model/generator';
import type { ModelEntry } from '@/lib/model/model-folder';
import { binarize, despeckle } from '@/lib/render/postprocess';
import { renderLatents } from '@/lib/render/symbol';

function grid(rows: string[]): { mask: Uint8Array; w: number; h: number } {
  const h = rows.length;
  const w = rows[0]!.length;
  return { mask: Uint8Array.from(rows.join(''), (c) => (c === '#' ? 1 : 0)), w, h };
}
const show = (m: Uint8Array, w: number) => Array.from({ length: m.length / w }, (_, y) => Array.from(m.slice(y * w, y * w + w), (v) => (v ? '#' : '.')).join(''));

describe('binarize', () => {
  it('treats negative values as ink and zero as paper', () => {
    expect(Array.from(binarize([-1, -0.001, 0, 0.5]))).toEqual([1, 1, 0, 0]);
  });
});

describe('despeckle', () => {
  it('removes ink components under 4 pixels and keeps larger ones (8-connected)', () => {
    const { mask, w, h } = grid([
      '#.......',
      '........',
      '...##...',
      '...#....',
      '......#.',
      '.#.....#',
      '###.....',
      '........',
    ]);
    expect(show(despeckle(mask, w, h), w)).toEqual([
      '........',
      '........',
      '........',
      '........',
      '........',
      '.#......',
      '###.....',
      '........',
    ]);
  });

  it('keeps a diagonal stroke of 4 pixels (corner contacts join)', () => {
    const { mask, w, h } = grid(['#...', '.#..', '..#.', '...#']);
    expect(despeckle(mask, w, h)).toEqual(mask);
  });

  it('fills enclosed pin-holes but not holes at the border or large holes', () => {
    const { mask, w, h } = grid([
      '#####.....',
      '#.#.#.....',
      '#####.....',
      '......####',
      '......#..#',
      '......#..#',
      '......####',
    ]);
    const out = show(despeckle(mask, w, h), w);
    expect(out[1]).toBe('#####.....');
    expect(out[4]).toBe('......#..#'); // 4-pixel hole stays
  });

  it('with minStray, erases small marks beside the figure but never the largest component', () => {
    const { mask, w, h } = grid([
      '##......',
      '##......',
      '........',
      '...####.',
      '...#..#.',
      '...####.',
      '........',
      '#......#',
    ]);
    // A 4-pixel square, two 1-pixel specks and a 10-pixel ring: minStray 8 keeps the ring (its pin-hole filled).
    expect(show(despeckle(mask, w, h, { minStray: 8 }), w)).toEqual([
      '........',
      '........',
      '........',
      '...####.',
      '...####.',
      '...####.',
      '........',
      '........',
    ]);
    // Off by default: the 4-pixel square stays, as on every model published without minStray.
    expect(show(despeckle(mask, w, h), w)[0]).toBe('##......');
    // A figure smaller than minStray is still the figure.
    const small = grid(['##..', '##..', '....', '...#']);
    const cleaned = despeckle(small.mask, small.w, small.h, { minStray: 100 });
    expect(show(cleaned, small.w)).toEqual(['##..', '##..', '....', '....']);
  });

  it('does not modify its input', () => {
    const { mask, w, h } = grid(['#...', '....', '....', '....']);
    const copy = mask.slice();
    despeckle(mask, w, h);
    expect(mask).toEqual(copy);
  });
});

describe("a model's minStray", () => {
  // A field (ink < 0) with an 8x8 figure and a 3x3 mark beside it, from a stub generator of a 16 px model.
  const field = new Float32Array(256).fill(1);
  for (let y = 2; y < 10; y++) for (let x = 2; x < 10; x++) field[y * 16 + x] = -1;
  for (let y = 12; y < 15; y++) for (let x = 12; x < 15; x++) field[y * 16 + x] = -1;
  const stub = (entry: Partial<ModelEntry>): SymbolGenerator => ({
    model: { id: 'stub-16', resolution: 16, latentSize: 2, sha256: '0'.repeat(64), bytes: 0, ...entry },
    backend: 'cpu',
    fromCache: false,
    generate: async (latents) => latents.map(() => field.slice()),
    critique: () => Promise.reject(new Error('This model has no critic.')),
    dispose: () => {},
  });
  const ink = (mask: Uint8Array) => mask.reduce((n, v) => n + v, 0);

  it('erases the mark beside the figure for a model that sets it, and nothing for one that does not', async () => {
    const [kept] = (await renderLatents(stub({}), [new Float32Array(2)])).shapes;
    const [cleaned] = (await renderLatents(stub({ minStray: 16 }), [new Float32Array(2)])).shapes;
    expect(ink(kept!.mask)).toBe(64 + 9);
    expect(ink(cleaned!.mask)).toBe(64);
    expect(cleaned!.outlines).toHaveLength(1);
  });
});
