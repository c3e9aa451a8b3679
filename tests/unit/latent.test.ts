import { describe, expect, it } from 'vitest';

import { TRUNCATION_MAX, TRUNCATION_MIN, lerp, norm, slerp, truncate } from '@/lib/seeds/latent';
import { seedToLatent } from '@/lib/seeds/seed';

const a = seedToLatent('alpha', 100);
const b = seedToLatent('beta', 100);
const angle = (x: Float32Array, y: Float32Array) => {
  let d = 0;
  for (let i = 0; i < x.length; i++) d += x[i]! * y[i]!;
  return Math.acos(Math.max(-1, Math.min(1, d / (norm(x) * norm(y)))));
};

describe('slerp', () => {
  it('hits both endpoints exactly', () => {
    expect(slerp(a, b, 0)).toEqual(a);
    expect(slerp(a, b, 1)).toEqual(b);
    // bit for bit, and a copy (never the caller's array)
    expect(slerp(a, b, 1)).not.toBe(b);
  });

  it('keeps a constant norm between equal-norm latents', () => {
    const bn = b.map((v) => (v * norm(a)) / norm(b));
    for (let k = 1; k < 20; k++) expect(norm(slerp(a, bn, k / 20))).toBeCloseTo(norm(a), 4);
  });

  it('moves the norm linearly between latents of different norms', () => {
    const b2 = b.map((v) => v * 2);
    expect(norm(slerp(a, b2, 0.25))).toBeCloseTo(0.75 * norm(a) + 0.25 * norm(b2), 3);
  });

  it('is spherical, not linear: equal angular steps, and its midpoint is not the lerp midpoint', () => {
    const total = angle(a, b);
    for (const t of [0.25, 0.5, 0.75]) expect(angle(a, slerp(a, b, t))).toBeCloseTo(t * total, 4);
    const mid = slerp(a, b, 0.5);
    const linear = lerp(a, b, 0.5);
    expect(norm(mid)).toBeGreaterThan(norm(linear) * 1.2); // lerp cuts the corner and loses norm
  });

  it('handles identical and opposite latents without NaN', () => {
    for (const other of [a.slice(), a.map((v) => -v)]) {
      for (const t of [0, 0.001, 0.25, 0.5, 0.75, 0.999, 1]) {
        const z = slerp(a, other, t);
        expect(z.every(Number.isFinite)).toBe(true);
        expect(norm(z)).toBeCloseTo(norm(a), 3);
      }
    }
    // opposite: the path still turns steadily from a to -a
    expect(angle(a, slerp(a, a.map((v) => -v), 0.5))).toBeCloseTo(Math.PI / 2, 4);
    // zero vectors and nearly identical latents
    const zero = new Float32Array(100);
    expect(slerp(zero, a, 0.5).every(Number.isFinite)).toBe(true);
    const near = a.map((v, i) => (i === 0 ? v + 1e-7 : v));
    expect(slerp(a, near, 0.5).every(Number.isFinite)).toBe(true);
  });

  it('rejects t outside [0, 1] and latents of different lengths', () => {
    expect(() => slerp(a, b, 1.5)).toThrow(/between 0 and 1/);
    expect(() => slerp(a, b, Number.NaN)).toThrow(/between 0 and 1/);
    expect(() => slerp(a, new Float32Array(3), 0.5)).toThrow(/differ in length/);
  });
});

describe('truncate', () => {
  it('scales towards the mean (zero), leaves psi = 1 unchanged and validates psi', () => {
    expect(truncate(a, 1)).toEqual(a);
    expect(norm(truncate(a, 0.5))).toBeCloseTo(norm(a) / 2, 4);
    expect(norm(truncate(a, TRUNCATION_MAX))).toBeCloseTo(norm(a) * TRUNCATION_MAX, 4);
    expect(angle(a, truncate(a, TRUNCATION_MIN))).toBeCloseTo(0, 3);
    expect(() => truncate(a, -1)).toThrow(/between 0 and 2/);
    expect(() => truncate(a, Number.NaN)).toThrow(/between 0 and 2/);
  });

  it('commutes with slerp, so a truncated morph runs between the truncated symbols', () => {
    const psi = 0.7;
    const left = truncate(slerp(a, b, 0.3), psi);
    const right = slerp(truncate(a, psi), truncate(b, psi), 0.3);
    for (let i = 0; i < a.length; i++) expect(right[i]).toBeCloseTo(left[i]!, 5);
  });
});
