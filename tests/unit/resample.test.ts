/**
 * Seed -> latent v2, "resampled" (lib/seeds/resample): the candidates and the uniform a seed draws, pinned by golden
 * values computed by an independent Python transcription of the spec (cyrb128 -> sfc32 -> 53-bit uniforms ->
 * Box-Muller, the v1 stream read on), and the chooser on hand-made logits.
 */
import { describe, expect, it } from 'vitest';

import { chooseCandidate, RESAMPLE_MAX_K, resampleDraws } from '@/lib/seeds/resample';
import { seedToLatent } from '@/lib/seeds/seed';

describe('seed -> latent v2: the draws', () => {
  // [seed, latentSize, K, each candidate's first two values, each candidate's last value, u]
  const golden: [string, number, number, number[][], number[], number][] = [
    [
      'courage',
      100,
      4,
      [
        [-1.89478600025177, 2.0784053802490234],
        [0.6680392622947693, -0.07879273593425751],
        [-1.5140823125839233, -1.2092151641845703],
        [-1.2402039766311646, 1.1703240871429443],
      ],
      [-0.15716202557086945, -1.1105384826660156, -0.41217008233070374, -2.5063984394073486],
      0.5257532971817258,
    ],
    [
      'ᚠᚢᚦ',
      7,
      3,
      [
        [0.8490592837333679, 2.1118667125701904],
        [1.981751799583435, -1.1742058992385864],
        [-1.4436492919921875, 0.39065057039260864],
      ],
      [-0.20228169858455658, -0.7993596196174622, -0.042978689074516296],
      0.7691042254439351,
    ],
    ['x', 1, 2, [[-0.5311983823776245], [0.8861145973205566]], [-0.5311983823776245, 0.8861145973205566], 0.09159547827314612],
  ];

  it.each(golden)('%s (latentSize %i, K %i)', (seed, latentSize, k, firsts, lasts, u) => {
    const draws = resampleDraws(seed, latentSize, k);
    expect(draws.candidates).toHaveLength(k);
    draws.candidates.forEach((z, i) => {
      expect(z).toBeInstanceOf(Float32Array);
      expect(z).toHaveLength(latentSize);
      expect(Array.from(z.slice(0, firsts[i]!.length))).toEqual(firsts[i]);
      expect(z[latentSize - 1]).toBe(lasts[i]);
    });
    expect(draws.u).toBe(u);
  });

  it('K = 16 reads the stream on to the 16th candidate and then u', () => {
    const draws = resampleDraws('a sigil for courage', 100, 16);
    expect(Array.from(draws.candidates[15]!.slice(0, 2))).toEqual([-1.831655740737915, 1.948458194732666]);
    expect(draws.candidates[15]![99]).toBe(0.929340660572052);
    expect(draws.u).toBe(0.9826799967172923);
  });

  it('candidate 0 is the v1 latent, so K = 1 is plain generation', () => {
    for (const seed of ['courage', 'ᚠᚢᚦ', '🜂 fire', 'a sigil for courage']) {
      expect(resampleDraws(seed, 100, 1).candidates[0]).toEqual(seedToLatent(seed, 100));
      expect(resampleDraws(seed, 100, 8).candidates[0]).toEqual(seedToLatent(seed, 100));
    }
  });

  it('an odd latent size starts each candidate on a fresh Box-Muller pair (the last normal of each is dropped)', () => {
    const [a, b] = resampleDraws('ᚠᚢᚦ', 7, 2).candidates;
    const stream = seedToLatent('ᚠᚢᚦ', 16); // two candidates of 8 normals each, where 7 are kept
    expect(Array.from(a!)).toEqual(Array.from(stream.slice(0, 7)));
    expect(Array.from(b!)).toEqual(Array.from(stream.slice(8, 15)));
  });

  it('refuses un-normalized seeds and K outside 1..16', () => {
    expect(() => resampleDraws(' courage', 100, 4)).toThrow(/normalized/);
    expect(() => resampleDraws('courage', 100, 0)).toThrow(/1 to 16 candidates, not 0/);
    expect(() => resampleDraws('courage', 100, RESAMPLE_MAX_K + 1)).toThrow(/1 to 16 candidates, not 17/);
    expect(() => resampleDraws('courage', 0, 4)).toThrow(/latentSize/);
  });
});

describe('seed -> latent v2: the choice', () => {
  it('weighs candidates by exp(logit): the smallest k whose share of the weight so far exceeds u', () => {
    // Weights 1, e, e^2 of total 1 + e + e^2 = 11.107: cumulative shares 0.09003, 0.33476, 1.
    const logits = Float32Array.of(0, 1, 2);
    expect(chooseCandidate(logits, 0.08)).toBe(0);
    expect(chooseCandidate(logits, 0.09)).toBe(0);
    expect(chooseCandidate(logits, 0.091)).toBe(1);
    expect(chooseCandidate(logits, 0.3347)).toBe(1);
    expect(chooseCandidate(logits, 0.3348)).toBe(2);
  });

  it('splits ties evenly, a share equal to u passing on to the next candidate', () => {
    const ties = [3, 3, 3, 3];
    expect([0.1, 0.25, 0.2500001, 0.5, 0.74, 0.75, 0.99].map((u) => chooseCandidate(ties, u))).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });

  it('takes u near 0 to the first candidate with any weight and u near 1 to the last', () => {
    const tiny = Number.MIN_VALUE;
    expect(chooseCandidate([0, 0], tiny)).toBe(0);
    expect(chooseCandidate([0, 0], 1 - 2 ** -53)).toBe(1);
    expect(chooseCandidate([5], 1 - 2 ** -53)).toBe(0);
    expect(chooseCandidate([-800, 0, -800], tiny)).toBe(1);
  });

  it('stays finite over spreads far beyond exp’s range, since it subtracts the largest logit first', () => {
    // exp(1000) overflows and exp(-1000) underflows: shifted, the weights are 1, 0, e^-0.5 and 0.
    const logits = [1000, -1000, 999.5, -5000];
    const share = 1 / (1 + Math.exp(-0.5));
    expect(chooseCandidate(logits, share - 1e-9)).toBe(0);
    expect(chooseCandidate(logits, share + 1e-9)).toBe(2);
    expect(chooseCandidate(logits, 0.999999)).toBe(2);
    expect(chooseCandidate([1e30, 0], 0.5)).toBe(0);
  });

  it('refuses a non-finite logit, no candidates and u outside (0, 1)', () => {
    expect(() => chooseCandidate([0, Number.NaN], 0.5)).toThrow(/candidate 1 the logit NaN/);
    expect(() => chooseCandidate([Number.POSITIVE_INFINITY], 0.5)).toThrow(/must be finite/);
    expect(() => chooseCandidate([Number.NEGATIVE_INFINITY, 0], 0.5)).toThrow(/must be finite/);
    expect(() => chooseCandidate([], 0.5)).toThrow(/no candidates/);
    expect(() => chooseCandidate([0], 0)).toThrow(/in \(0, 1\)/);
    expect(() => chooseCandidate([0], 1)).toThrow(/in \(0, 1\)/);
  });
});
