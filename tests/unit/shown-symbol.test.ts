/**
 * lib/render/shown-symbol: whether a symbol on hand is the one a page asks for (the studio keeps the server's first
 * paint exactly while it is, and tells a drawing made for an earlier ask from the current one by askedKey).
 */
import { describe, expect, it } from 'vitest';

import { askedKey, isSymbolAsked, type SymbolAsked } from '@/lib/render/shown-symbol';

const ASKED: SymbolAsked = { seed: 'courage', modelId: 'sigil-64-20261201-4', psi: 1, style: null, edits: '' };
const SHOWN = { seed: 'courage', modelId: 'sigil-64-20261201-4', psi: 1, chosenStyle: null, edits: '' as string | null };

describe('isSymbolAsked', () => {
  it('is the symbol asked for when seed, model, strangeness and chosen style all agree', () => {
    expect(isSymbolAsked(SHOWN, ASKED)).toBe(true);
    expect(isSymbolAsked({ ...SHOWN, chosenStyle: 'runes' }, { ...ASKED, style: 'runes' })).toBe(true);
    expect(isSymbolAsked({ ...SHOWN, edits: '0:1.5' }, { ...ASKED, edits: '0:1.5' })).toBe(true);
    // A symbol that records no offsets (null) is the unadjusted one.
    expect(isSymbolAsked({ ...SHOWN, edits: null }, ASKED)).toBe(true);
  });

  it('is not, when any of them differs, or when there is no symbol', () => {
    expect(isSymbolAsked(null, ASKED)).toBe(false);
    expect(isSymbolAsked(SHOWN, { ...ASKED, seed: 'fear' })).toBe(false);
    expect(isSymbolAsked(SHOWN, { ...ASKED, seed: null })).toBe(false);
    expect(isSymbolAsked(SHOWN, { ...ASKED, modelId: 'sigil-64-20261123' })).toBe(false);
    expect(isSymbolAsked(SHOWN, { ...ASKED, modelId: null })).toBe(false);
    expect(isSymbolAsked(SHOWN, { ...ASKED, psi: 0.7 })).toBe(false);
    // A chosen style is another ask even where the seed would draw that style itself (its link and files name it).
    expect(isSymbolAsked(SHOWN, { ...ASKED, style: 'runes' })).toBe(false);
    // The adjusted symbol is another ask: the unadjusted first paint must not stand in for it, nor it for the first paint.
    expect(isSymbolAsked(SHOWN, { ...ASKED, edits: '0:1.5' })).toBe(false);
    expect(isSymbolAsked({ ...SHOWN, edits: '0:1.5' }, ASKED)).toBe(false);
    expect(isSymbolAsked({ ...SHOWN, edits: '0:1.5' }, { ...ASKED, edits: '0:1.6' })).toBe(false);
  });
});

describe('askedKey', () => {
  it('is equal for equal asks and differs when any part does', () => {
    expect(askedKey({ ...ASKED })).toBe(askedKey(ASKED));
    const others: SymbolAsked[] = [
      { ...ASKED, seed: 'fear' },
      { ...ASKED, seed: null },
      { ...ASKED, modelId: null },
      { ...ASKED, psi: 0.7 },
      { ...ASKED, style: 'runes' },
      { ...ASKED, edits: '0:1.5' },
      // Parts are kept apart: no seed can pass for another seed and model.
      { ...ASKED, seed: 'courage","sigil-64-20261201-4' },
    ];
    expect(new Set([ASKED, ...others].map(askedKey)).size).toBe(others.length + 1);
  });
});
