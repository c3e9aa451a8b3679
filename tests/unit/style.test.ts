import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { inputSize, packInputs } from '@/lib/model/generator-input';
import { seedToLatent } from '@/lib/seeds/seed';
import { STYLE_ALGORITHM_VERSION, blendStyles, drawnStyleIndex, seedStyleVector, styleIndexForSeed, styleOneHot } from '@/lib/seeds/style';

describe('seed -> style index, algorithm v1', () => {
  // Golden values: computed once and cross-checked with an independent Python implementation of the
  // documented algorithm. If these change, conditional models draw most seeds in another style.
  // Columns: 2, 3, 9, 10, 1000 and 2^31 + 1 styles (the last rejects about half of all draws, so it
  // pins the rejection step: the first draw of 'courage', '🜂 fire' and 'vekamorim' is rejected).
  const counts = [2, 3, 9, 10, 1000, 2 ** 31 + 1];
  const golden: [string, number[]][] = [
    ['courage', [0, 1, 1, 6, 426, 1822448450]],
    ['a sigil for courage', [1, 2, 8, 1, 881, 1260784573]],
    ['Ωmega', [1, 2, 5, 7, 387, 52763387]],
    ['ᚠᚢᚦ', [0, 2, 2, 4, 764, 1295112764]],
    ['🜂 fire', [1, 1, 4, 7, 697, 1271802928]],
    ['vekamorim', [0, 1, 1, 6, 786, 347688929]],
    ['x', [0, 2, 2, 6, 916, 2130754916]],
  ];
  it.each(golden)('%s', (seed, want) => {
    expect(counts.map((n) => styleIndexForSeed(seed, n))).toEqual(want);
  });

  it('is version 1, and refuses other versions and un-normalized or invalid seeds', () => {
    expect(STYLE_ALGORITHM_VERSION).toBe(1);
    expect(() => styleIndexForSeed('courage', 9, 2)).toThrow(/Unknown style algorithm version 2/);
    expect(() => styleIndexForSeed(' courage', 9)).toThrow(/normalized/);
    expect(() => styleIndexForSeed('', 9)).toThrow(/empty/);
    for (const bad of [0, 1.5, -1, Number.NaN]) expect(() => styleIndexForSeed('courage', bad)).toThrow(/style count/);
    expect(styleIndexForSeed('courage', 1)).toBe(0);
  });

  it('is uniform over the styles', () => {
    const n = 9;
    const draws = 45_000;
    const seen = new Array<number>(n).fill(0);
    for (let i = 0; i < draws; i++) seen[styleIndexForSeed(`seed ${i}`, n)]! += 1;
    // Chi-square with 8 degrees of freedom: above 26.1 happens by chance once in a thousand runs.
    const expected = draws / n;
    const chi2 = seen.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(26.1);
  });

  it('leaves the latent of a seed as it was: the style hashes a salted copy of the seed, never the latent stream', () => {
    const seed = 'a sigil for courage';
    expect(styleIndexForSeed(seed, 9)).toBe(8);
    // The seed -> latent v1 golden value of tests/unit/seed.test.ts.
    expect(createHash('sha256').update(new Uint8Array(seedToLatent(seed, 100).buffer)).digest('hex')).toBe(
      '1f055938a43d9ac5559fd5a8ff4b57d117f03601028c5c9cc685198bf2a55937',
    );
  });
});

describe('the style a seed is drawn in (?k= or the seed’s own)', () => {
  const ids = ['alchemical', 'astrological', 'rune', 'religious', 'sign', 'bindrune', 'chaos', 'kamea', 'seal'];
  const model = { id: 'sigil-64-20261201', styles: ids.map((id) => ({ id })) };

  it('without a choice is the seed’s own, pinned by the v1 golden values (9 styles)', () => {
    expect(drawnStyleIndex(model, 'courage')).toBe(1);
    expect(drawnStyleIndex(model, 'a sigil for courage', null)).toBe(8);
    expect(drawnStyleIndex(model, 'x')).toBe(2);
  });

  it('with a choice is the chosen style for every seed, whatever the seed’s own', () => {
    for (const seed of ['courage', 'a sigil for courage', 'x']) expect(drawnStyleIndex(model, seed, 'chaos')).toBe(6);
    expect(drawnStyleIndex(model, 'courage', 'astrological')).toBe(1);
  });

  it('refuses a style the model does not have, naming its styles, and a model without styles', () => {
    expect(() => drawnStyleIndex(model, 'courage', 'runes')).toThrow(`There is no style "runes" in the model "sigil-64-20261201". Its styles: ${ids.join(', ')}.`);
    expect(() => drawnStyleIndex({ id: 'plain-64-20261123' }, 'courage')).toThrow(/draws no styles/);
  });
});

describe('style vectors', () => {
  it('a one-hot has a single 1 at the style index, and the seed vector is the one-hot of its style', () => {
    expect(Array.from(styleOneHot(2, 4))).toEqual([0, 0, 1, 0]);
    expect(() => styleOneHot(4, 4)).toThrow(RangeError);
    expect(() => styleOneHot(-1, 4)).toThrow(RangeError);
    expect(seedStyleVector('courage', 9)).toEqual(styleOneHot(styleIndexForSeed('courage', 9), 9));
  });

  it('a blend is exactly the first vector at t = 0, the second at t = 1, and linear between', () => {
    const a = styleOneHot(1, 3);
    const b = styleOneHot(2, 3);
    expect(blendStyles(a, b, 0)).toEqual(a);
    expect(blendStyles(a, b, 1)).toEqual(b);
    expect(Array.from(blendStyles(a, b, 0.25))).toEqual([0, 0.75, 0.25]);
    expect(blendStyles(a, a, 0.4)).toEqual(a);
    expect(() => blendStyles(a, styleOneHot(0, 2), 0.5)).toThrow(/differ in length/);
    expect(() => blendStyles(a, b, 1.5)).toThrow(/between 0 and 1/);
  });
});

describe('generator input', () => {
  const conditional = { id: 'cond-4-20260101', latentSize: 3, styles: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] };
  const plain = { id: 'plain-4-20260101', latentSize: 3 };

  it('is z followed by the style vector, one row per latent', () => {
    expect(inputSize(conditional)).toBe(5);
    const z1 = Float32Array.from([1, 2, 3]);
    const z2 = Float32Array.from([4, 5, 6]);
    const flat = packInputs(conditional, [z1, z2], [styleOneHot(1, 2), Float32Array.from([0.5, 0.5])]);
    expect(Array.from(flat)).toEqual([1, 2, 3, 0, 1, 4, 5, 6, 0.5, 0.5]);
  });

  it('is z alone for an unconditional model, as before styles existed', () => {
    expect(inputSize(plain)).toBe(3);
    expect(Array.from(packInputs(plain, [Float32Array.from([1, 2, 3])]))).toEqual([1, 2, 3]);
  });

  it('refuses a missing, extra or wrongly sized style vector', () => {
    const z = new Float32Array(3);
    expect(() => packInputs(conditional, [z])).toThrow(/conditional \(2 styles\): give one style vector per latent/);
    expect(() => packInputs(conditional, [z], [styleOneHot(0, 3)])).toThrow(/has 3 values; model "cond-4-20260101" has 2 styles/);
    expect(() => packInputs(plain, [z], [styleOneHot(0, 2)])).toThrow(/has no styles/);
    expect(() => packInputs(conditional, [new Float32Array(2)], [styleOneHot(0, 2)])).toThrow(/needs 3/);
  });
});
