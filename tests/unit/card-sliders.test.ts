/** The model card's sliders as the model page reads them: each kept slider against the 90% goal, or nothing. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { cardSliders } from '@/lib/model/card-sliders';

const kept = (id: string, monotonic: number, extra: Record<string, unknown> = {}) => ({
  id,
  label: id,
  less: 'less',
  more: 'more',
  measure: 'ink',
  unit: 'share of the square',
  change: 0.05,
  monotonic,
  ...extra,
});

describe('cardSliders', () => {
  it('reads each kept slider in order, and which meet the goal, with when and how they were measured', () => {
    const card = {
      sliders: {
        range: 3,
        seeds: 500,
        minMonotonic: 0.9,
        kept: [kept('ink', 0.604, { passes: false }), kept('stroke-2', 0.976, { passes: true, seeds: 480 }), kept('width', 0.95, { method: 'field', range: 1 })],
        dropped: [{ rank: 7 }, { rank: 9 }],
        measured: '2026-12-06',
        command: 'python3 -m training sliders public/models/x',
        field: { measured: '2026-12-07', command: 'python3 -m training slider-field public/models/x' },
      },
    };
    expect(cardSliders(card)).toEqual({
      range: 3,
      minMonotonic: 0.9,
      sliders: [
        { id: 'ink', label: 'ink', measure: 'ink', change: 0.05, unit: 'share of the square', monotonic: 0.604, meetsGoal: false, seeds: 500, range: 3, path: false },
        { id: 'stroke-2', label: 'stroke-2', measure: 'ink', change: 0.05, unit: 'share of the square', monotonic: 0.976, meetsGoal: true, seeds: 480, range: 3, path: false },
        { id: 'width', label: 'width', measure: 'ink', change: 0.05, unit: 'share of the square', monotonic: 0.95, meetsGoal: true, seeds: 500, range: 1, path: true },
      ],
      dropped: 2,
      measured: '2026-12-06',
      command: 'python3 -m training sliders public/models/x',
      field: { measured: '2026-12-07', command: 'python3 -m training slider-field public/models/x' },
    });
  });

  it('decides the goal from the share and the card’s threshold, not from a stored flag that disagrees', () => {
    const card = { sliders: { range: 3, seeds: 500, minMonotonic: 0.9, kept: [kept('a', 0.9, { passes: false }), kept('b', 0.899, { passes: true })] } };
    expect(cardSliders(card)!.sliders.map((s) => s.meetsGoal)).toEqual([true, false]);
  });

  it('is null for a card without sliders, with none kept, or with numbers out of range', () => {
    expect(cardSliders(null)).toBeNull();
    expect(cardSliders({ id: 'x' })).toBeNull();
    expect(cardSliders({ sliders: { range: 3, seeds: 500, minMonotonic: 0.9, kept: [] } })).toBeNull();
    expect(cardSliders({ sliders: { range: 3, seeds: 500, minMonotonic: 0.9, kept: [kept('a', 1.5)] } })).toBeNull();
    expect(cardSliders({ sliders: 'many' })).toBeNull();
  });

  it('reads the shipped default model’s card: its sliders in sliders.json’s order', async () => {
    const dir = path.join(process.cwd(), 'public', 'models');
    const index = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as { default: string; models: { id: string; sliders?: { file: string } }[] };
    const entry = index.models.find((m) => m.id === index.default)!;
    if (!entry.sliders) return;
    const card = JSON.parse(await readFile(path.join(dir, entry.id, 'model-card.json'), 'utf8'));
    const file = JSON.parse(await readFile(path.join(dir, entry.id, entry.sliders.file), 'utf8')) as { sliders: { id: string }[] };
    expect(cardSliders(card)?.sliders.map((s) => s.id)).toEqual(file.sliders.map((s) => s.id));
  });
});
