import { describe, expect, it } from 'vitest';

import { parseMorphParams, parseMorphStyleParams, parsePageParam, parseStyleParam, parseStyleStrict, parseTruncationParam, parseTruncationStrict } from '@/lib/route-params';
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

describe('?k= (style)', () => {
  const conditional = { id: 'sigil-64-20261201', styles: [{ id: 'rune' }, { id: 'seal' }, { id: 'chaos' }] };
  const plain = { id: 'sigil-64-20261123' };

  it('is null (the seed picks its style) when absent or empty, and a style id of the model when it is one', () => {
    expect(parseStyleParam(undefined, conditional)).toEqual({ ok: true, style: null, notice: null });
    expect(parseStyleParam('', conditional)).toEqual({ ok: true, style: null, notice: null });
    expect(parseStyleParam('seal', conditional)).toEqual({ ok: true, style: 'seal', notice: null });
    expect(parseStyleParam([' rune ', 'seal'], conditional)).toEqual({ ok: true, style: 'rune', notice: null });
  });

  it('is an error naming the model and its styles for a style the model does not have', () => {
    for (const raw of ['runes', 'RUNE', '<script>', 'x'.repeat(500)]) {
      const r = parseStyleParam(raw, conditional);
      expect(r.ok, raw.slice(0, 10)).toBe(false);
      if (r.ok) continue;
      expect(r.error).toMatch(/^There is no style ".+" in the model "sigil-64-20261201"\. Its styles: rune, seal, chaos\.$/);
      expect(r.error.length).toBeLessThan(200);
    }
  });

  it('is ignored with a notice under a model without styles, and left alone when there is no model to check against', () => {
    expect(parseStyleParam('rune', plain)).toEqual({
      ok: true,
      style: null,
      notice: 'The model sigil-64-20261123 draws no styles, so the style in this link (k=rune) is left out.',
    });
    expect(parseStyleParam(undefined, plain)).toEqual({ ok: true, style: null, notice: null });
    expect(parseStyleParam('rune', null)).toEqual({ ok: true, style: null, notice: null });
  });

  it('is strict for the image API: a k the page would leave out is an error too', () => {
    expect(parseStyleStrict(null, conditional)).toEqual({ ok: true, style: null });
    expect(parseStyleStrict('chaos', conditional)).toEqual({ ok: true, style: 'chaos' });
    expect(parseStyleStrict('nope', conditional)).toMatchObject({ ok: false, error: expect.stringMatching(/There is no style "nope"/) });
    expect(parseStyleStrict('rune', plain)).toMatchObject({ ok: false, error: expect.stringMatching(/draws no styles.*Leave out k/) });
    expect(parseStyleStrict(null, plain)).toEqual({ ok: true, style: null });
  });

  it('gives a morph k for both ends, ka and kb for one end each (overriding k), each checked like k', () => {
    expect(parseMorphStyleParams({}, conditional)).toEqual({ ok: true, styles: [null, null], notice: null });
    expect(parseMorphStyleParams({ k: 'rune' }, conditional)).toEqual({ ok: true, styles: ['rune', 'rune'], notice: null });
    expect(parseMorphStyleParams({ k: 'rune', kb: 'seal' }, conditional)).toEqual({ ok: true, styles: ['rune', 'seal'], notice: null });
    expect(parseMorphStyleParams({ ka: 'chaos' }, conditional)).toEqual({ ok: true, styles: ['chaos', null], notice: null });
    expect(parseMorphStyleParams({ k: 'nope' }, conditional)).toMatchObject({ ok: false, which: 'both' });
    expect(parseMorphStyleParams({ ka: 'nope' }, conditional)).toMatchObject({ ok: false, which: 'first' });
    expect(parseMorphStyleParams({ kb: 'nope' }, conditional)).toMatchObject({ ok: false, which: 'second', error: expect.stringMatching(/"nope"/) });
    expect(parseMorphStyleParams({ ka: 'rune', kb: 'seal' }, plain)).toEqual({
      ok: true,
      styles: [null, null],
      notice: expect.stringMatching(/\(ka=rune\).*\(kb=seal\)/),
    });
  });
});
