import { describe, expect, it } from 'vitest';

import { norm, slerp, truncate } from '@/lib/latent';
import { seedToLatent } from '@/lib/seed';

const a = seedToLatent('alpha', 100);
const b = seedToLatent('beta', 100);

describe('slerp', () => {
  it('hits both endpoints exactly', () => {
    expect(slerp(a, b, 0)).toEqual(a);
    expect(slerp(a, b, 1)).toEqual(b);
  });

  it('keeps a constant norm between equal-norm latents', () => {
    const bn = b.map((v) => (v * norm(a)) / norm(b));
    for (let t = 0.1; t < 1; t += 0.1) expect(norm(slerp(a, bn, t))).toBeCloseTo(norm(a), 3);
  });

  it('handles identical and opposite latents without NaN', () => {
    for (const other of [a.slice(), a.map((v) => -v)]) {
      for (const t of [0.25, 0.5, 0.75]) {
        const z = slerp(a, other, t);
        expect(z.every(Number.isFinite)).toBe(true);
        expect(norm(z)).toBeCloseTo(norm(a), 3);
      }
    }
  });
});

describe('truncate', () => {
  it('scales towards the mean and validates psi', () => {
    expect(truncate(a, 1)).toEqual(a);
    expect(norm(truncate(a, 0.5))).toBeCloseTo(norm(a) / 2, 4);
    expect(() => truncate(a, -1)).toThrow(/between 0 and 2/);
  });
});
