import { describe, expect, it } from 'vitest';

import { binarize, despeckle } from '@/lib/render/postprocess';

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

  it('does not modify its input', () => {
    const { mask, w, h } = grid(['#...', '....', '....', '....']);
    const copy = mask.slice();
    despeckle(mask, w, h);
    expect(mask).toEqual(copy);
  });
});
