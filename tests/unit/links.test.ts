import { describe, expect, it } from 'vitest';

import { cardImagePath, formatPsi, galleryPath, morphPath, seedPath, symbolImagePath } from '@/lib/links';
import { parseSymbolFile } from '@/lib/route-params';

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
