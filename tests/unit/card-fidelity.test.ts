import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { FidelitySummary } from '@/components/model-card/fidelity-summary';
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

  it('reads the judge ladders at 64 px and at the page scale as training/strong_c2st.py writes them', () => {
    const ladder = (accuracy: number, flattened: boolean) => ({
      accuracy,
      spread: 0.004,
      judge: 'strong-m',
      flattened,
      n: 6000,
      folds: 4,
      seeds: 3,
      floor: { judge: 'strong-m', accuracy: 0.503, spread: 0.006 },
      ladder: [
        { judge: 'small', parameters: 135985, epochs: 30, accuracy: 0.73, spread: 0.01, seeds: [0.72, 0.73, 0.74] },
        { judge: 'strong-s', parameters: 273985, epochs: 20, accuracy: 0.79, spread: 0.005, seeds: [0.79, 0.79, 0.79] },
        { judge: 'strong-m', parameters: 616033, epochs: 20, accuracy, spread: 0.004, seeds: [accuracy, accuracy, accuracy] },
      ],
    });
    const f = cardFidelity({ id: 'm', metrics: { c2stStrong: ladder(0.81, true), c2stPage: ladder(0.9, false) } });
    expect(f.strong).toEqual({
      accuracy: 0.81,
      spread: 0.004,
      judge: 'strong-m',
      flattened: true,
      pairs: 6000,
      realVsReal: 0.503,
      ladder: [
        { judge: 'small', accuracy: 0.73, spread: 0.01 },
        { judge: 'strong-s', accuracy: 0.79, spread: 0.005 },
        { judge: 'strong-m', accuracy: 0.81, spread: 0.004 },
      ],
    });
    expect(f.pageScale?.accuracy).toBe(0.9);
    expect(f.pageScale?.flattened).toBe(false);
    expect(f.c2st).toBeNull();

    // The model page's fidelity box prints both, each with its ladder and its real-vs-real value.
    const html = renderToStaticMarkup(createElement(FidelitySummary, { fidelity: f }));
    expect(html).toContain('data-testid="fidelity-c2st-strong"');
    expect(html).toMatch(/At 64 px, .*small, strong-s, strong-m; settled on strong-m.*81%.*± 0.4%.*6,000 pairs.*real ones: 50.3%/);
    expect(html).toMatch(/As the page draws them .*still improving at strong-m, so at least this.*90%/);
  });

  it('gives nulls for a card without them or with malformed values, and for no card', () => {
    const none = { c2st: null, strong: null, pageScale: null, blind: null };
    expect(cardFidelity({ id: 'm', metrics: { kid: 4 } })).toEqual(none);
    expect(cardFidelity({ id: 'm', metrics: { c2st: { accuracy: 'high' } }, blindTest: { n: 32 } })).toEqual(none);
    expect(cardFidelity({ id: 'm', metrics: { c2stStrong: { accuracy: 0.8, n: 6000 } } })).toEqual(none);
    expect(cardFidelity(null)).toEqual(none);
  });
});
