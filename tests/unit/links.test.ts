import { describe, expect, it } from 'vitest';

import { cardImagePath, formatPsi, galleryPath, homePath, morphPath, seedPath, symbolImagePath } from '@/lib/links';
import { fileStem, morphFileStem } from '@/lib/render/file-names';
import { parseMorphStyleParams, parseStyleParam, parseSymbolFile } from '@/lib/route-params';

describe('seed paths', () => {
  it('encode the seed and carry a model id only when asked', () => {
    expect(seedPath('a sigil/for ?courage')).toBe('/s/a%20sigil%2Ffor%20%3Fcourage');
    expect(seedPath('x', 'sigil-64-20261122')).toBe('/s/x?m=sigil-64-20261122');
  });
});

describe('links carry the strangeness and the model', () => {
  it('adds t only when it is not 1, and m only when given', () => {
    expect(seedPath('courage', null, 1)).toBe('/s/courage');
    expect(seedPath('courage', null, 0.7)).toBe('/s/courage?t=0.7');
    expect(seedPath('a b', 'sigil-64-x', 1.25)).toBe('/s/a%20b?m=sigil-64-x&t=1.25');
    expect(galleryPath(1)).toBe('/gallery');
    expect(galleryPath(3, { psi: 0.5 })).toBe('/gallery?t=0.5&page=3');
    expect(morphPath('a/b', 'c', { psi: 0.7 })).toBe('/morph/a%2Fb/c?t=0.7');
    expect(formatPsi(0.7000000001)).toBe('0.7');
  });
});

describe('image URLs', () => {
  it('builds image URLs that round-trip through the parser', () => {
    const seed = 'a/b? #c 🔥';
    const path = symbolImagePath(seed, 'png', { size: 256, model: 'sigil-64-20261122' });
    expect(path).toBe(`/api/symbol/${encodeURIComponent(seed)}.png?size=256&m=sigil-64-20261122`);
    const file = decodeURIComponent(path.split('/')[3]!.split('?')[0]!);
    expect(parseSymbolFile(file)).toEqual({ ok: true, seed, format: 'png' });
    expect(cardImagePath(seed)).toBe(`/api/card/${encodeURIComponent(seed)}.png`);
  });

  it('carries the strangeness (?t=) when it is not 1', () => {
    expect(symbolImagePath('x', 'svg', { psi: 0.7 })).toBe('/api/symbol/x.svg?t=0.7');
    expect(symbolImagePath('x', 'svg', { psi: 1 })).toBe('/api/symbol/x.svg');
    expect(cardImagePath('x', 'sigil-64-20261122', 1.25)).toBe('/api/card/x.png?m=sigil-64-20261122&t=1.25');
  });
});

describe('links carry the chosen style (?k=)', () => {
  it('adds k after m and before t, only when a style is chosen, on every link builder', () => {
    expect(seedPath('courage', null, 1, null)).toBe('/s/courage');
    expect(seedPath('courage', null, 1, 'rune')).toBe('/s/courage?k=rune');
    expect(seedPath('a b', 'sigil-64-x', 0.7, 'seal')).toBe('/s/a%20b?m=sigil-64-x&k=seal&t=0.7');
    expect(homePath()).toBe('/');
    expect(homePath('chaos')).toBe('/?k=chaos');
    // The homepage draws its random symbols with the sliders' offsets too; k before e, as every link.
    expect(homePath('chaos', '0:1.5,3:-2')).toBe('/?k=chaos&e=0%3A1.5%2C3%3A-2');
    expect(homePath(null, '')).toBe('/');
    expect(galleryPath(3, { model: 'sigil-64-x', psi: 0.5, style: 'kamea' })).toBe('/gallery?m=sigil-64-x&k=kamea&t=0.5&page=3');
    expect(galleryPath(1, { style: 'kamea' })).toBe('/gallery?k=kamea');
    expect(symbolImagePath('x', 'png', { size: 256, model: 'sigil-64-x', style: 'rune', psi: 1.25 })).toBe('/api/symbol/x.png?size=256&m=sigil-64-x&k=rune&t=1.25');
    expect(symbolImagePath('x', 'svg', { style: 'rune' })).toBe('/api/symbol/x.svg?k=rune');
    expect(cardImagePath('x', 'sigil-64-x', 1, 'bindrune')).toBe('/api/card/x.png?m=sigil-64-x&k=bindrune');
  });

  it('gives a morph one k when both ends share a style, ka and kb when they differ, and neither for the seeds’ own', () => {
    expect(morphPath('a', 'b', { styles: ['rune', 'rune'] })).toBe('/morph/a/b?k=rune');
    expect(morphPath('a', 'b', { model: 'sigil-64-x', styles: ['rune', 'seal'], psi: 0.7 })).toBe('/morph/a/b?m=sigil-64-x&ka=rune&kb=seal&t=0.7');
    expect(morphPath('a', 'b', { styles: [null, 'seal'] })).toBe('/morph/a/b?kb=seal');
    expect(morphPath('a', 'b', { styles: ['rune', null] })).toBe('/morph/a/b?ka=rune');
    expect(morphPath('a', 'b', { styles: [null, null] })).toBe('/morph/a/b');
  });

  it('round-trips through the parsers: the style read back is the style written', () => {
    const model = { id: 'sigil-64-x', styles: [{ id: 'rune' }, { id: 'seal' }] };
    const query = (path: string) => Object.fromEntries(new URL(path, 'http://localhost').searchParams);
    expect(parseStyleParam(query(seedPath('x', null, 1, 'seal')).k, model)).toEqual({ ok: true, style: 'seal', notice: null });
    expect(parseMorphStyleParams(query(morphPath('a', 'b', { styles: ['rune', 'seal'] })), model)).toEqual({ ok: true, styles: ['rune', 'seal'], notice: null });
    expect(parseMorphStyleParams(query(morphPath('a', 'b', { styles: ['seal', 'seal'] })), model)).toEqual({ ok: true, styles: ['seal', 'seal'], notice: null });
  });
});

describe('file names', () => {
  it('name the chosen style, so a symbol in a chosen style never overwrites the seed’s own', () => {
    expect(fileStem('A sigil!', 'sigil-64-x')).toBe('symbol-a-sigil-sigil-64-x');
    expect(fileStem('A sigil!', 'sigil-64-x', 1, 'rune')).toBe('symbol-a-sigil-sigil-64-x-rune');
    expect(fileStem('A sigil!', 'sigil-64-x', 0.7, 'rune')).toBe('symbol-a-sigil-sigil-64-x-rune-t0.7');
  });

  it('name a morph’s drawn styles only when its link chose one', () => {
    const drawn = ['rune', 'chaos'] as const;
    expect(morphFileStem('a', 'b', 'm-1', 1, { chosen: [null, null], drawn })).toBe('morph-a-to-b-m-1');
    expect(morphFileStem('a', 'b', 'm-1', 1, { chosen: ['rune', null], drawn })).toBe('morph-a-to-b-m-1-rune-to-chaos');
    expect(morphFileStem('a', 'b', 'm-1', 0.5, { chosen: ['seal', 'seal'], drawn: ['seal', 'seal'] })).toBe('morph-a-to-b-m-1-seal-t0.5');
    expect(morphFileStem('a', 'b', 'm-1', 1, null)).toBe('morph-a-to-b-m-1');
  });
});
