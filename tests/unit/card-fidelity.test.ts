import { describe, expect, it } from 'vitest';

import { cardFidelity } from '@/lib/model/card-fidelity';

describe('cardFidelity', () => {
  it('reads the C2ST with its real-vs-real value and the blind test from a card', () => {
    const f = cardFidelity({
      id: 'm',
      metrics: { kid: 4, c2st: { accuracy: 0.91, n: 1344, floor: { accuracy: 0.52 }, per_style: { rune: 0.8 } } },
      blindTest: { n: 32, fool_rate: 0.09375, caught: 29, false_alarms: 1, judge: 'a developer', date: '2026-12-01' },
    });
    expect(f.c2st).toEqual({ accuracy: 0.91, realVsReal: 0.52, pairs: 1344, perStyle: { rune: 0.8 } });
    expect(f.blind).toEqual({ n: 32, foolRate: 0.09375, caught: 29, falseAlarms: 1, judge: 'a developer', date: '2026-12-01' });
  });

  it('gives nulls for a card without them or with malformed values, and for no card', () => {
    expect(cardFidelity({ id: 'm', metrics: { kid: 4 } })).toEqual({ c2st: null, blind: null });
    expect(cardFidelity({ id: 'm', metrics: { c2st: { accuracy: 'high' } }, blindTest: { n: 32 } })).toEqual({ c2st: null, blind: null });
    expect(cardFidelity(null)).toEqual({ c2st: null, blind: null });
  });
});
