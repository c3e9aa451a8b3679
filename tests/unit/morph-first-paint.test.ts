/**
 * A morph link's first paint (lib/morph/first-paint): the server's two ends stand in for the first leg's first and
 * last frames, and for nothing else: not a middle frame, not a leg at another strangeness, in other styles, between
 * other seeds or under another model.
 */
import { describe, expect, it } from 'vitest';

import { morphEnds, serverEnd, serverFrame, type LegIdentity } from '@/lib/morph/first-paint';
import { MORPH_FRAMES } from '@/lib/morph/frames';
import type { ShownSymbol } from '@/lib/render/symbol';

const symbol = (seed: string, chosenStyle: string | null, pathData: string): ShownSymbol => ({
  seed,
  modelId: 'sigil-64-20260101',
  psi: 0.8,
  style: chosenStyle ?? 'rune',
  chosenStyle,
  pathData,
});

const ends = morphEnds(symbol('courage', null, 'M1 1Z'), symbol('luna', 'seal', 'M2 2Z'));
const leg: LegIdentity = { modelId: 'sigil-64-20260101', seedA: 'courage', seedB: 'luna', psi: 0.8, chosenStyles: [null, 'seal'], frames: MORPH_FRAMES };

describe('a morph link’s first paint', () => {
  it("is the link's leg's first and last frames, nothing between", () => {
    expect(ends).toEqual({ modelId: leg.modelId, seedA: 'courage', seedB: 'luna', psi: 0.8, styles: [null, 'seal'], paths: ['M1 1Z', 'M2 2Z'] });
    expect(serverFrame(ends, leg, 0)).toBe('M1 1Z');
    expect(serverFrame(ends, leg, MORPH_FRAMES - 1)).toBe('M2 2Z');
    for (const frame of [1, MORPH_FRAMES / 2, MORPH_FRAMES - 2]) expect(serverFrame(ends, leg, frame)).toBeNull();
  });

  it('shows frame 0 and both ends before the player has a session (the HTML, hydration)', () => {
    expect(serverFrame(ends, null, 0)).toBe('M1 1Z');
    expect(serverFrame(ends, null, 1)).toBeNull();
    expect(serverEnd(ends, null, 0)).toBe('M1 1Z');
    expect(serverEnd(ends, null, 1)).toBe('M2 2Z');
    expect(serverEnd(ends, leg, 1)).toBe('M2 2Z');
  });

  it('is not the frames of any other leg', () => {
    const others: LegIdentity[] = [
      { ...leg, psi: 1 },
      { ...leg, chosenStyles: ['seal', 'seal'] },
      { ...leg, chosenStyles: [null, null] },
      { ...leg, seedA: 'luna', seedB: 'river' },
      { ...leg, modelId: 'sigil-64-20260102' },
    ];
    for (const other of others) {
      expect(serverFrame(ends, other, 0)).toBeNull();
      expect(serverFrame(ends, other, MORPH_FRAMES - 1)).toBeNull();
      expect(serverEnd(ends, other, 0)).toBeNull();
      expect(serverEnd(ends, other, 1)).toBeNull();
    }
  });

  it('is nothing when the server sent no ends', () => {
    expect(serverFrame(null, leg, 0)).toBeNull();
    expect(serverFrame(null, null, 0)).toBeNull();
    expect(serverEnd(null, null, 1)).toBeNull();
  });

  it('comes from one model at one strangeness', () => {
    expect(() => morphEnds(symbol('courage', null, ''), { ...symbol('luna', null, ''), psi: 1 })).toThrow(/one strangeness/);
  });
});
