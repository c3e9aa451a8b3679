/** The latent link's code (lib/latent/codec): round trips, and every kind of bad code is refused with a sentence. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { decodeBase64url, encodeBase64url } from '@/lib/latent/base64url';
import { decodeLatentCode, encodeLatentCode, latentCodeFitsModel, latentCodeLength, quantizeLatent, type LatentCode } from '@/lib/latent/codec';
import { crc32 } from '@/lib/latent/crc32';
import { fromHalfBits, toHalfBits } from '@/lib/latent/float16';
import { seedToLatent } from '@/lib/seeds/seed';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Latents as seeds and drawings give them: finite, mostly within a few units of 0. */
const latentArb = (n = 100) => fc.float32Array({ minLength: n, maxLength: n, noNaN: true, noDefaultInfinity: true, min: -60000, max: 60000 });
const codeArb = fc.record({
  latent: latentArb(),
  style: fc.option(
    fc.integer({ min: 1, max: 255 }).chain((count) => fc.record({ count: fc.constant(count), index: fc.integer({ min: 0, max: count - 1 }) })),
    { nil: null },
  ),
});

function decodeOk(code: string, latentSize?: number): LatentCode {
  const result = decodeLatentCode(code, latentSize);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('float16', () => {
  it('matches known half bit patterns (ties to even, subnormals, overflow)', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff],
      [65520, 0x7c00], // halfway to the next binade rounds to even: infinity
      [65519, 0x7bff],
      [2 ** -24, 0x0001], // the smallest subnormal
      [2 ** -25, 0x0000], // exactly half of it: ties to even (0)
      [3 * 2 ** -25, 0x0002], // 1.5 units: ties to even (2)
      [0.1, 0x2e66],
      [1 + 2 ** -11, 0x3c00], // halfway between 1 and its successor: even (1)
      [1 + 3 * 2 ** -11, 0x3c02],
      [Infinity, 0x7c00],
    ];
    for (const [value, bits] of cases) expect([value, toHalfBits(value)]).toEqual([value, bits]);
    expect(Number.isNaN(fromHalfBits(toHalfBits(NaN)))).toBe(true);
  });

  it('round-trips every half exactly', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const v = fromHalfBits(bits);
      if (Number.isNaN(v)) continue;
      expect(toHalfBits(v)).toBe(bits);
    }
  });
});

describe('base64url and crc32', () => {
  it('base64url round-trips and refuses non-canonical trailing bits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(decodeBase64url(encodeBase64url(bytes))).toEqual(bytes);
      }),
    );
    expect(encodeBase64url(new Uint8Array([0xff]))).toBe('_w');
    expect(decodeBase64url('_x')).toBeNull(); // the same byte with a padding bit set
    expect(decodeBase64url('A')).toBeNull();
    expect(decodeBase64url('ab=c')).toBeNull();
  });

  it('crc32 is the IEEE CRC (zlib, PNG)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });
});

describe('latent codes', () => {
  it('are 276 characters for a 100-value latent', () => {
    expect(latentCodeLength(100)).toBe(276);
    expect(encodeLatentCode({ latent: seedToLatent('courage', 100), style: { index: 3, count: 9 } })).toHaveLength(276);
  });

  it('round-trip: the latent rounded to halves, and the style', () => {
    fc.assert(
      fc.property(codeArb, (value) => {
        const decoded = decodeOk(encodeLatentCode(value), 100);
        expect(decoded.latent).toEqual(quantizeLatent(value.latent));
        expect(decoded.style).toEqual(value.style);
        // A decoded code is already halves: encoding it again gives the same code.
        expect(encodeLatentCode(decoded)).toBe(encodeLatentCode(value));
      }),
      { numRuns: 300 },
    );
  });

  it('keep a seed latent to within 0.05% of each value', () => {
    const z = seedToLatent('a sigil for courage', 100);
    const back = decodeOk(encodeLatentCode({ latent: z, style: null })).latent;
    z.forEach((v, i) => expect(Math.abs(back[i]! - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -25));
  });

  it('refuse any one changed character', () => {
    fc.assert(
      fc.property(codeArb, fc.nat(), fc.integer({ min: 1, max: 63 }), (value, at, shift) => {
        const code = encodeLatentCode(value);
        const i = at % code.length;
        const changed = ALPHABET[(ALPHABET.indexOf(code[i]!) + shift) % 64]!;
        const bad = code.slice(0, i) + changed + code.slice(i + 1);
        const result = decodeLatentCode(bad);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.error).toMatch(/latent link/);
      }),
      { numRuns: 500 },
    );
  });

  it('refuse a code of the wrong length, saying the right one', () => {
    const code = encodeLatentCode({ latent: seedToLatent('luna', 100), style: null });
    for (const bad of [code.slice(0, -1), code.slice(0, -4), code + 'A', code + code.slice(0, 8)]) {
      const result = decodeLatentCode(bad, 100);
      expect(result).toEqual({ ok: false, error: expect.stringContaining('is 276 characters; this one has') });
    }
    // Without a model to say the length, a cut code is refused all the same.
    expect(decodeLatentCode(code.slice(0, -1)).ok).toBe(false);
    expect(decodeLatentCode(code.slice(0, 5))).toEqual({ ok: false, error: expect.stringContaining('cut short') });
  });

  it('refuse another version, foreign characters and an empty code', () => {
    const bytes = decodeBase64url(encodeLatentCode({ latent: seedToLatent('luna', 100), style: null }))!;
    bytes[0] = 2;
    const view = new DataView(bytes.buffer);
    view.setUint32(bytes.length - 4, crc32(bytes.subarray(0, -4)), true);
    expect(decodeLatentCode(encodeBase64url(bytes))).toEqual({ ok: false, error: expect.stringContaining('version 2; this site reads version 1') });
    expect(decodeLatentCode('AQ%20x')).toEqual({ ok: false, error: expect.stringContaining('“%”') });
    expect(decodeLatentCode('AQ==')).toEqual({ ok: false, error: expect.stringContaining('“=”') });
    expect(decodeLatentCode('')).toEqual({ ok: false, error: expect.stringContaining('no code') });
  });

  it('refuse an impossible style and non-finite values even under a correct checksum', () => {
    const forge = (edit: (bytes: Uint8Array, view: DataView) => void) => {
      const bytes = decodeBase64url(encodeLatentCode({ latent: seedToLatent('luna', 100), style: { index: 0, count: 9 } }))!;
      const view = new DataView(bytes.buffer);
      edit(bytes, view);
      view.setUint32(bytes.length - 4, crc32(bytes.subarray(0, -4)), true);
      return encodeBase64url(bytes);
    };
    expect(decodeLatentCode(forge((b) => (b[2] = 9)))).toEqual({ ok: false, error: expect.stringContaining('style 9 of 9') });
    expect(decodeLatentCode(forge((_, v) => v.setUint16(3 + 2 * 7, 0x7c00, true)))).toEqual({ ok: false, error: expect.stringContaining('Value 7') });
    expect(() => encodeLatentCode({ latent: Float32Array.of(1e6), style: null })).toThrow(/within ±65504/);
    expect(() => encodeLatentCode({ latent: Float32Array.of(1), style: { index: 2, count: 2 } })).toThrow(/Style 2 of 2/);
  });

  it('fit only a model with their latent size and style count', () => {
    const value = decodeOk(encodeLatentCode({ latent: seedToLatent('luna', 100), style: { index: 1, count: 9 } }));
    const styles = Array.from({ length: 9 }, (_, i) => ({ id: `s${i}`, label: `S${i}` }));
    expect(latentCodeFitsModel(value, { id: 'c', latentSize: 100, styles })).toEqual({ ok: true });
    expect(latentCodeFitsModel(value, { id: 'u', latentSize: 100 })).toEqual({ ok: false, error: expect.stringContaining('with 9 styles; model “u” has no styles') });
    expect(latentCodeFitsModel(value, { id: 'w', latentSize: 128, styles })).toEqual({ ok: false, error: expect.stringContaining('holds 100 latent values; model “w” takes 128') });
  });
});
