import { describe, expect, it } from 'vitest';

import { cardStyleMetrics } from '@/lib/model/card-styles';
import { resolveModel } from '@/lib/model/model-index';
import { readModelCard, readModelIndex } from '@/lib/server/model-files';

const styles = [
  { id: 'rune', label: 'Runes and Ogham' },
  { id: 'seal', label: 'Seals' },
];

describe('cardStyleMetrics', () => {
  it('gives every style of the model with its training images and C2ST from the card’s styles list', () => {
    const card = { id: 'm', styles: [{ id: 'seal', label: 'ignored', trainImages: 1122, c2st: 0.9693, c2stFloor: 0.4123 }] };
    expect(cardStyleMetrics({ styles }, card)).toEqual([
      { id: 'rune', label: 'Runes and Ogham', trainImages: null, c2st: null, c2stFloor: null },
      { id: 'seal', label: 'Seals', trainImages: 1122, c2st: 0.9693, c2stFloor: 0.4123 },
    ]);
  });

  it('falls back to metrics.c2st.per_style for cards without the list, and reads malformed values as not recorded', () => {
    const card = { id: 'm', metrics: { c2st: { accuracy: 0.8, n: 10, per_style: { rune: 0.75 }, floor: { accuracy: 0.5, per_style: { rune: 0.47 } } } } };
    expect(cardStyleMetrics({ styles }, card)[0]).toEqual({ id: 'rune', label: 'Runes and Ogham', trainImages: null, c2st: 0.75, c2stFloor: 0.47 });
    expect(cardStyleMetrics({ styles }, { id: 'm', styles: [{ id: 'rune', trainImages: 'many' }], metrics: 'none' })[0]).toMatchObject({ trainImages: null, c2st: null });
    expect(cardStyleMetrics({ styles }, null).map((s) => s.id)).toEqual(['rune', 'seal']);
  });

  it('is empty for a model without styles', () => {
    expect(cardStyleMetrics({}, { id: 'm', styles: [{ id: 'rune', trainImages: 3 }] })).toEqual([]);
  });

  it('reads the shipped default model’s card (a conditional model): every style, each with its training images and C2ST beside the floor', async () => {
    const index = (await readModelIndex())!;
    const resolved = resolveModel(index, null);
    if (!resolved.ok) throw new Error(resolved.error);
    const rows = cardStyleMetrics(resolved.model, await readModelCard(resolved.model.id));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.map((r) => r.id)).toEqual(resolved.model.styles!.map((s) => s.id));
    for (const row of rows) {
      expect(row.trainImages, row.id).toBeGreaterThan(0);
      expect(row.c2st, row.id).toBeGreaterThan(0.4);
      expect(row.c2stFloor, row.id).toBeGreaterThan(0.3);
    }
  });
});
