import { describe, expect, it } from 'vitest';

import { parseMorphParams, parsePageParam, parseTruncationParam, parseTruncationStrict } from '@/lib/route-params';
import { parseSeed } from '@/lib/seeds/seed';

describe('?t= (strangeness)', () => {
  it('is 1 when absent and takes valid values, rounded to two decimals', () => {
    expect(parseTruncationParam(undefined)).toEqual({ psi: 1, notice: null });
    expect(parseTruncationParam('')).toEqual({ psi: 1, notice: null });
    expect(parseTruncationParam('0.7')).toEqual({ psi: 0.7, notice: null });
    expect(parseTruncationParam(['1.25', '0.5'])).toEqual({ psi: 1.25, notice: null });
    expect(parseTruncationParam('.456')).toEqual({ psi: 0.46, notice: null });
  });
  it('clamps values outside 0.3..1.5 and says so', () => {
    expect(parseTruncationParam('3')).toEqual({ psi: 1.5, notice: 'The strangeness in this link (t=3) is outside 0.3 to 1.5, so it is shown at 1.5.' });
    expect(parseTruncationParam('-1').psi).toBe(0.3);
    expect(parseTruncationParam('0').psi).toBe(0.3);
  });
  it('falls back to 1 with a notice for anything that is not a plain number', () => {
    for (const raw of ['abc', 'NaN', 'Infinity', '1e3', '0x1', '1.2.3', '<script>']) {
      const r = parseTruncationParam(raw);
      expect(r.psi).toBe(1);
      expect(r.notice).toMatch(/is not a number/);
    }
    expect(parseTruncationParam({ evil: true })).toEqual({ psi: 1, notice: null });
  });
  it('is strict for the image API: anything the page would change is an error', () => {
    expect(parseTruncationStrict(null)).toEqual({ ok: true, psi: 1 });
    expect(parseTruncationStrict('0.7')).toEqual({ ok: true, psi: 0.7 });
    expect(parseTruncationStrict('2').ok).toBe(false);
    expect(parseTruncationStrict('x').ok).toBe(false);
  });
});

describe('?page= (gallery)', () => {
  it('is 1 when absent and takes whole numbers', () => {
    expect(parsePageParam(undefined)).toEqual({ page: 1, notice: null });
    expect(parsePageParam('12')).toEqual({ page: 12, notice: null });
  });
  it('clamps or falls back with a notice, never throws', () => {
    expect(parsePageParam('0')).toMatchObject({ page: 1, notice: expect.stringMatching(/outside 1 to 1,000,000/) });
    expect(parsePageParam('99999999999')).toMatchObject({ page: 1_000_000 });
    expect(parsePageParam('2.5')).toMatchObject({ page: 1, notice: expect.stringMatching(/not a whole number/) });
  });
});

describe('/morph/<a>/<b>', () => {
  it('validates each seed exactly as seed pages do', () => {
    expect(parseMorphParams('a%20sigil', ' courage ')).toEqual({ ok: true, seedA: 'a sigil', seedB: 'courage' });
    const long = 'x'.repeat(65);
    const bad = parseMorphParams('ok', long);
    expect(bad).toEqual({ ok: false, which: 'second', error: (parseSeed(long) as { error: string }).error });
    expect(parseMorphParams('abc%00', 'ok')).toMatchObject({ ok: false, which: 'first', error: expect.stringMatching(/control character/) });
  });
});
