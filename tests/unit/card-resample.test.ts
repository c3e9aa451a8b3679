/** The model card's resampling as the model page reads and shows it: K shipped, its source, each K's judges, or nothing. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { ResampleSummary } from '@/components/model-card/resample-summary';
import { cardResample, judgeLabels } from '@/lib/model/card-resample';

/** A judge-side C2ST as training/strong_c2st.py writes it, by the small judge and the stride-1 GroupNorm one. */
const c2st = (small: number, strong: number) => ({
  accuracy: strong,
  spread: 0.0,
  judge: 'strong-s',
  flattened: false,
  n: 3000,
  folds: 2,
  seeds: 1,
  ladder: [
    { judge: 'small', accuracy: small, spread: 0.0, parameters: 136000, epochs: 30 },
    { judge: 'strong-s', accuracy: strong, spread: 0.0, parameters: 274000, epochs: 20 },
  ],
  floor: { accuracy: 0.5, spread: 0.0, judge: 'strong-s', n: 1400 },
});

const row = (k: number, small: number, strong: number, extra: Record<string, unknown> = {}) => ({
  k,
  inkShare: 0.15,
  blobShare: 0.001,
  meanLogitKept: -0.9,
  c2st: c2st(small, strong),
  recall: 0.7,
  precision: 0.5,
  diversity: 0.9,
  copies: 0.0,
  kid: 3.6,
  ...extra,
});

/** A card as training/critic.py's --ship writes it, with K = 1, 4 and 16 measured (given out of order). */
const card = () => ({
  id: 'sigil-64-20261201-4-k4',
  derivedFrom: 'sigil-64-20261201-4',
  resample: {
    k: 4,
    bytes: 106000,
    quantization: 'uint8',
    run: '00012-critic-sigil-64-20261201-4',
    parameters: 106433,
    steps: 1097,
    calibration: { n: 2042, temperature: 2.77, accuracy: 0.7644, logLossBefore: 0.664, logLossAfter: 0.4746 },
    command: 'python3 -m training critic public/models/sigil-64-20261201-4 --minutes 15',
    date: '2026-12-07',
    measured: {
      n: 3000,
      judgeSide: "glyph groups whose name's CRC-32 is not 0 modulo 3",
      pairs: 3000,
      folds: 2,
      seeds: 1,
      judges: 'small,strong-s',
      pageJudges: null,
      ks: [row(16, 0.61, 0.66), row(1, 0.7, 0.74), row(4, 0.66, 0.7, { c2stPage: { ...c2st(0.8, 0.85), ladder: undefined } })],
    },
  },
});

describe('cardResample', () => {
  it('reads K shipped, the generator it reuses, the calibration and each K by every judge, K ascending', () => {
    expect(cardResample(card())).toEqual({
      k: 4,
      derivedFrom: 'sigil-64-20261201-4',
      calibration: { accuracy: 0.7644, temperature: 2.77 },
      measured: {
        pairs: 3000,
        judges: [
          { name: 'small', parameters: 136000 },
          { name: 'strong-s', parameters: 274000 },
        ],
        realVsReal: 0.5,
        rows: [
          { k: 1, shipped: false, accuracy: { small: 0.7, 'strong-s': 0.74 }, pageAccuracy: null, recall: 0.7, diversity: 0.9, copies: 0, blobShare: 0.001 },
          { k: 4, shipped: true, accuracy: { small: 0.66, 'strong-s': 0.7 }, pageAccuracy: 0.85, recall: 0.7, diversity: 0.9, copies: 0, blobShare: 0.001 },
          { k: 16, shipped: false, accuracy: { small: 0.61, 'strong-s': 0.66 }, pageAccuracy: null, recall: 0.7, diversity: 0.9, copies: 0, blobShare: 0.001 },
        ],
      },
      date: '2026-12-07',
      command: 'python3 -m training critic public/models/sigil-64-20261201-4 --minutes 15',
    });
  });

  it('reads a critic shipped without measuring K (measured null), as the fixture cond-dev-32-k4 records it', async () => {
    const file = path.join(process.cwd(), 'tests', 'fixtures', 'models', 'cond-dev-32-k4', 'model-card.json');
    const r = cardResample(JSON.parse(await readFile(file, 'utf8')));
    expect(r).toMatchObject({ k: 4, derivedFrom: 'cond-dev-32', measured: null, date: '2026-12-07' });
    expect(r?.calibration?.accuracy).toBeGreaterThan(0.5);
  });

  it('is null for a card without resample, and for no card', () => {
    expect(cardResample(null)).toBeNull();
    expect(cardResample({ id: 'sigil-64-20261201-4', metrics: { kid: 4 } })).toBeNull();
  });

  it('is null for a malformed resample, and keeps the rest when only derivedFrom is not a model id', () => {
    expect(cardResample({ resample: 'yes' })).toBeNull();
    expect(cardResample({ resample: { k: 0 } })).toBeNull();
    expect(cardResample({ resample: { ...card().resample, k: '4' } })).toBeNull();
    expect(cardResample({ resample: { ...card().resample, measured: { ks: [row(4, 1.4, 0.7)] } } })).toBeNull();
    expect(cardResample({ resample: { ...card().resample, measured: { ks: [] } } })).toBeNull();
    expect(cardResample({ ...card(), derivedFrom: '../secret' })).toMatchObject({ k: 4, derivedFrom: null });
  });

  it('names judges as a visitor understands them: the small classifier and larger ones told apart by size', () => {
    expect(judgeLabels([{ name: 'small', parameters: 136000 }, { name: 'strong-s', parameters: 274000 }])).toEqual(['Small classifier', 'Larger classifier']);
    expect(judgeLabels([{ name: 'small', parameters: null }, { name: 'strong-s', parameters: 274000 }, { name: 'strong-m', parameters: 616033 }])).toEqual([
      'Small classifier',
      'Larger classifier (274k parameters)',
      'Larger classifier (616k parameters)',
    ]);
    expect(judgeLabels([{ name: 'strong-s', parameters: null }, { name: 'strong-m', parameters: null }])).toEqual(['Larger classifier 1', 'Larger classifier 2']);
  });
});

describe('ResampleSummary', () => {
  const render = (props: Parameters<typeof ResampleSummary>[0]) => renderToStaticMarkup(createElement(ResampleSummary, props));

  it('says how a symbol is chosen, links the generator’s model, and marks the shipped K’s row', () => {
    const html = render({ resample: cardResample(card()), sourceListed: true });
    expect(html).toContain('data-testid="resample"');
    expect(html).toMatch(/one of 4 candidates that a critic, a small classifier trained to tell real symbols from generated ones, picks at random in proportion/);
    expect(html).toMatch(/<a[^>]*href="\/models\/sigil-64-20261201-4"[^>]*>sigil-64-20261201-4<\/a>/);
    expect(html).toMatch(/right <strong class="tabular-nums">76.4%<\/strong>/);
    expect(html).toMatch(/Small classifier<\/th>.*Larger classifier<\/th>.*As the page draws them<\/th>/);
    expect(html).toMatch(/data-testid="resample-row-4" data-shipped="true".*this model.*66%.*70%.*85%/);
    expect(html).not.toMatch(/data-testid="resample-row-1" data-shipped/);
    expect(html).toMatch(/50% means indistinguishable \(real symbols against real ones: 50%\)/);
    expect(html).toMatch(/Critic trained and measured 2026-12-07 with <code[^>]*>python3 -m training critic/);
  });

  it('names the generator’s model without a link when the site does not list it, and says when K was not measured', () => {
    const html = render({ resample: { ...cardResample(card())!, measured: null }, sourceListed: false });
    expect(html).not.toContain('href=');
    expect(html).toContain('sigil-64-20261201-4');
    expect(html).not.toContain('<table');
    expect(html).toMatch(/not been measured/);
  });

  it('renders nothing for a card without resampling', () => {
    expect(render({ resample: null, sourceListed: false })).toBe('');
  });
});
