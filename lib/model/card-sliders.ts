/**
 * The named sliders as the model card records them: `sliders` (training/sefa.py writes it with sliders.json), each kept
 * slider's measure, its mean change over the slider's range and the share of seeds it moves that measure one way on,
 * against the goal (at least 90% of seeds), with when and by which command it was measured. A card may have
 * none (models from before sliders).
 */
import * as z from 'zod/mini';

import type { ModelCard } from './model-folder';

const share = z.number().check(z.minimum(0), z.maximum(1));

const keptSchema = z.object({
  id: z.string(),
  label: z.string(),
  measure: z.string(),
  unit: z.optional(z.string()),
  change: z.number(),
  monotonic: share,
  passes: z.optional(z.boolean()),
  method: z.optional(z.string()),
  seeds: z.optional(z.number().check(z.int(), z.positive())),
  range: z.optional(z.number().check(z.positive())),
});

const slidersSchema = z.object({
  range: z.number().check(z.positive()),
  seeds: z.number().check(z.int(), z.positive()),
  minMonotonic: share,
  kept: z.array(keptSchema),
  dropped: z.optional(z.array(z.unknown())),
  measured: z.optional(z.string()),
  command: z.optional(z.string()),
  /** training/slider_field.py's record, when field sliders were added: how they were measured. */
  field: z.optional(z.object({ measured: z.optional(z.string()), command: z.optional(z.string()) })),
});

export interface CardSlider {
  id: string;
  label: string;
  /** The measure it moves most (training/sefa.py MEASURES: ink, stroke, parts, symmetry, roundness, lean, rise, width, height, holes, level, size, middle, aspect, rim). */
  measure: string;
  /** Its mean change over -range..range, in `unit` (null when the card names none). */
  change: number;
  unit: string | null;
  /** Share of seeds (0 to 1) on which it moves its measure one way only. */
  monotonic: number;
  /** It meets the goal: monotonic for at least `minMonotonic` of seeds. */
  meetsGoal: boolean;
  /** How many seeds its sweep measured (a sweep may stop early once the slider can no longer meet the goal). */
  seeds: number;
  /** Its offsets go from -range to range. */
  range: number;
  /** It follows a learned field in steps (a path that bends with the generator) rather than a straight direction. */
  path: boolean;
}

export interface CardSliders {
  range: number;
  /** The goal: the share of seeds a slider must move its measure one way on. */
  minMonotonic: number;
  sliders: CardSlider[];
  /** Directions measured and not kept (too weak, or failing their sweep). */
  dropped: number;
  measured: string | null;
  command: string | null;
  /** When and how the field sliders were measured (null: the model has none). */
  field: { measured: string | null; command: string | null } | null;
}

/** The card's sliders, in the order the Adjust panel lists them (?e= indexes it), or null when it records none. */
export function cardSliders(card: ModelCard | null): CardSliders | null {
  const parsed = slidersSchema.safeParse((card as { sliders?: unknown } | null)?.sliders);
  if (!parsed.success || parsed.data.kept.length === 0) return null;
  const { range, seeds, minMonotonic, kept, dropped, measured, command, field } = parsed.data;
  const sliders = kept.map((s) => ({
    id: s.id,
    label: s.label,
    measure: s.measure,
    change: s.change,
    unit: s.unit ?? null,
    monotonic: s.monotonic,
    // Decided from the share itself, so the page never says a slider meets a goal its own numbers miss.
    meetsGoal: s.monotonic >= minMonotonic,
    seeds: s.seeds ?? seeds,
    range: s.range ?? range,
    path: s.method === 'field',
  }));
  return {
    range,
    minMonotonic,
    sliders,
    dropped: dropped?.length ?? 0,
    measured: measured ?? null,
    command: command ?? null,
    field: field ? { measured: field.measured ?? null, command: field.command ?? null } : null,
  };
}
