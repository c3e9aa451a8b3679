/** The model card's nearestVerdicts as the model page reads them: shares (or counts) of each verdict, or nothing. */
import { describe, expect, it } from 'vitest';

import { cardNearestVerdicts } from '@/lib/model/card-nearest';

describe('cardNearestVerdicts', () => {
  it('reads the shares training writes, with when and how they were measured', () => {
    const card = { nearestVerdicts: { n: 2000, new: 0.8735, close: 0.12, copy: 0.0065, measured: '2026-12-06', command: 'python3 -m training nearest public/models/x' } };
    expect(cardNearestVerdicts(card)).toEqual({ n: 2000, new: 0.8735, close: 0.12, copy: 0.0065, measured: '2026-12-06', command: 'python3 -m training nearest public/models/x' });
  });

  it('reads counts that add up to n as shares', () => {
    expect(cardNearestVerdicts({ nearestVerdicts: { n: 2000, new: 1500, close: 480, copy: 20 } })).toMatchObject({ new: 0.75, close: 0.24, copy: 0.01, measured: null, command: null });
  });

  it('is null for a card without them, or with numbers that add up to neither 1 nor n', () => {
    expect(cardNearestVerdicts(null)).toBeNull();
    expect(cardNearestVerdicts({ id: 'x' })).toBeNull();
    expect(cardNearestVerdicts({ nearestVerdicts: { n: 2000, new: 0.5, close: 0.2, copy: 0.1 } })).toBeNull();
    expect(cardNearestVerdicts({ nearestVerdicts: { n: 2000, new: -1, close: 1, copy: 1 } })).toBeNull();
    expect(cardNearestVerdicts({ nearestVerdicts: 'lots' })).toBeNull();
  });
});
