import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { SEED_MAX_LENGTH, cyrb128, normalizeSeed, parseSeed, randomSeed, seedToLatent } from '@/lib/seeds/seed';

describe('seed normalization', () => {
  it('applies NFC, trims and collapses whitespace', () => {
    expect(normalizeSeed('  a   sigil\tfor\n\ncourage  ')).toBe('a sigil for courage');
    // "e" + combining acute accent becomes the precomposed é
    expect(normalizeSeed('caf\u0065\u0301')).toBe('caf\u00e9');
    expect(normalizeSeed('\u00a0no\u3000break\u2003spaces\u0085')).toBe('no break spaces');
  });

  it('gives one latent for every spelling of one seed', () => {
    const a = parseSeed('  Courage ');
    const b = parseSeed('Courage');
    expect(a).toEqual({ ok: true, seed: 'Courage' });
    expect(a).toEqual(b);
  });

  it('accepts any script and emoji, counting code points', () => {
    expect(parseSeed('ᚠᚢᚦᚨᚱᚲ')).toEqual({ ok: true, seed: 'ᚠᚢᚦᚨᚱᚲ' });
    const emoji = '🜂'.repeat(SEED_MAX_LENGTH); // 64 code points, 128 UTF-16 units
    expect(parseSeed(emoji)).toEqual({ ok: true, seed: emoji });
  });
});

describe('seed rejection', () => {
  it('rejects an empty or blank seed with a clear message', () => {
    for (const raw of ['', '   ', '\n\t']) {
      const r = parseSeed(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/empty/i);
    }
  });

  it('rejects a seed over 64 characters and says how long it is', () => {
    const r = parseSeed('x'.repeat(SEED_MAX_LENGTH + 1));
    expect(r).toEqual({ ok: false, error: 'The seed is 65 characters long; the most is 64.' });
    expect(parseSeed('x'.repeat(SEED_MAX_LENGTH)).ok).toBe(true);
  });

  it('rejects control characters, naming the code point', () => {
    for (const [raw, cp] of [
      ['abc\u0000', 'U+0000'],
      ['bell\u0007', 'U+0007'],
      ['del\u007f', 'U+007F'],
      ['c1\u009b', 'U+009B'],
    ] as const) {
      const r = parseSeed(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(`control character (${cp})`);
    }
  });

  it('rejects lone surrogates and non-strings', () => {
    expect(parseSeed('a\ud800b').ok).toBe(false);
    expect(parseSeed(42)).toEqual({ ok: false, error: 'A seed must be text.' });
  });

  it('seedToLatent refuses un-normalized or invalid seeds instead of guessing', () => {
    expect(() => seedToLatent(' courage', 100)).toThrow(/normalized/);
    expect(() => seedToLatent('', 100)).toThrow(/empty/);
  });
});

describe('seed -> latent v1 (golden values: these must never change)', () => {
  it('hashes UTF-8 bytes with cyrb128', () => {
    expect(cyrb128(new TextEncoder().encode('courage'))).toEqual([651326765, 2766155080, 1051999281, 697960836]);
  });

  const golden: [string, number[], number, string][] = [
    [
      'a sigil for courage',
      [1.244667410850525, 0.8688575625419617, 1.7042064666748047, 0.3005441725254059],
      -0.008512615226209164,
      '1f055938a43d9ac5559fd5a8ff4b57d117f03601028c5c9cc685198bf2a55937',
    ],
    [
      'ᚠᚢᚦ',
      [0.8490592837333679, 2.1118667125701904, -0.5302913784980774, 0.3134691119194031],
      -0.9966049194335938,
      'e55e3f3295b74e017d7f13f95d131591b744701dac9517c642d39e44cadc6f3a',
    ],
    [
      '🜂 fire',
      [2.433570623397827, 0.7821632623672485, -0.370344340801239, 0.30313006043434143],
      1.542904019355774,
      'dff43bccc96e427055c67fd3c7d75cd57555dc078b5dbf1898ed47aa01c209be',
    ],
  ];
  it.each(golden)('%s', (seed, first, last, sha) => {
    const z = seedToLatent(seed, 100);
    expect(z).toBeInstanceOf(Float32Array);
    expect(z.length).toBe(100);
    expect(Array.from(z.slice(0, 4))).toEqual(first);
    expect(z[99]).toBe(last);
    expect(createHash('sha256').update(new Uint8Array(z.buffer)).digest('hex')).toBe(sha);
  });

  it('a longer latent starts with the shorter one (a stream, not a per-size hash)', () => {
    expect(seedToLatent('courage', 200).slice(0, 100)).toEqual(seedToLatent('courage', 100));
  });

  it('is standard normal in distribution', () => {
    const z = seedToLatent('distribution', 50_000);
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
  });
});

describe('seed helpers', () => {
  it('random seeds are valid, pronounceable and vary', () => {
    const seeds = new Set(Array.from({ length: 50 }, () => randomSeed()));
    expect(seeds.size).toBeGreaterThan(45);
    for (const s of seeds) {
      expect(parseSeed(s)).toEqual({ ok: true, seed: s });
      expect(s).toMatch(/^([bcdfghjklmnprstvxz][aeiou]){4}[bcdfghjklmnprstvxz]$/);
    }
  });
});
