/**
 * A conditional model's styles with what its model card says about each: how many training images it had and its
 * own C2ST (a classifier telling held-out real symbols of that style from generated ones; 0.5 = indistinguishable),
 * beside the same test on real symbols against real ones. Written by training/ (export, evaluate --record) as the
 * card's `styles` list, with the same C2ST values under metrics.c2st.per_style (and .floor.per_style), which older
 * cards have alone. index.json decides which styles there are and their labels; the card only adds numbers.
 */
import * as z from 'zod/mini';

import type { ModelCard, ModelEntry } from './model-folder';

export interface StyleMetrics {
  id: string;
  label: string;
  /** Training images of this style; null when the card does not say. */
  trainImages: number | null;
  /** C2ST accuracy on this style's held-out symbols; null when not measured. */
  c2st: number | null;
  /** The same test on real symbols against real ones (the floor); null when not measured. */
  c2stFloor: number | null;
}

const number = z.optional(z.nullable(z.number()));
const cardStyleSchema = z.looseObject({ id: z.string(), trainImages: number, c2st: number, c2stFloor: number });
const perStyleSchema = z.record(z.string(), z.number());
const metricsSchema = z.looseObject({
  c2st: z.optional(z.looseObject({ per_style: z.optional(perStyleSchema), floor: z.optional(z.looseObject({ per_style: z.optional(perStyleSchema) })) })),
});

/** One row per style of `model` (none for an unconditional model), in one-hot order; malformed card values read as null. */
export function cardStyleMetrics(model: Pick<ModelEntry, 'styles'>, card: ModelCard | null): StyleMetrics[] {
  const raw = card as { styles?: unknown; metrics?: unknown } | null;
  const listed = new Map<string, z.infer<typeof cardStyleSchema>>();
  if (Array.isArray(raw?.styles)) {
    for (const entry of raw.styles) {
      const parsed = cardStyleSchema.safeParse(entry);
      if (parsed.success) listed.set(parsed.data.id, parsed.data);
    }
  }
  const metrics = metricsSchema.safeParse(raw?.metrics);
  const c2st = metrics.success ? metrics.data.c2st : undefined;
  return (model.styles ?? []).map(({ id, label }) => {
    const entry = listed.get(id);
    return {
      id,
      label,
      trainImages: entry?.trainImages ?? null,
      c2st: entry?.c2st ?? c2st?.per_style?.[id] ?? null,
      c2stFloor: entry?.c2stFloor ?? c2st?.floor?.per_style?.[id] ?? null,
    };
  });
}
