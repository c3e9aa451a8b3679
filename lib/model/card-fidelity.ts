/**
 * How real a model's symbols look, read from its model card: the classifier two-sample test (C2ST: the accuracy of
 * a small CNN telling held-out real symbols from generated ones, 0.5 = indistinguishable, with the same test run on
 * real symbols against real ones beside it) and a person's blind test (the share of generated symbols that passed
 * as real). Both are written by training/ (evaluate --record, export, blind --guess); a card may have neither.
 */
import * as z from 'zod/mini';

import type { ModelCard } from './model-folder';

const c2stSchema = z.object({
  accuracy: z.number(),
  n: z.number(),
  floor: z.optional(z.object({ accuracy: z.number() })),
  per_style: z.optional(z.record(z.string(), z.number())),
});

const blindSchema = z.object({
  n: z.number(),
  fool_rate: z.number(),
  caught: z.number(),
  false_alarms: z.number(),
  judge: z.optional(z.nullable(z.string())),
  date: z.optional(z.string()),
});

export interface CardFidelity {
  c2st: { accuracy: number; realVsReal: number | null; pairs: number; perStyle: Record<string, number> } | null;
  blind: { n: number; foolRate: number; caught: number; falseAlarms: number; judge: string | null; date: string | null } | null;
}

export function cardFidelity(card: ModelCard | null): CardFidelity {
  const metrics = (card as { metrics?: { c2st?: unknown } } | null)?.metrics;
  const c2st = c2stSchema.safeParse(metrics?.c2st);
  const blind = blindSchema.safeParse((card as { blindTest?: unknown } | null)?.blindTest);
  return {
    c2st: c2st.success
      ? { accuracy: c2st.data.accuracy, realVsReal: c2st.data.floor?.accuracy ?? null, pairs: c2st.data.n, perStyle: c2st.data.per_style ?? {} }
      : null,
    blind: blind.success
      ? {
          n: blind.data.n,
          foolRate: blind.data.fool_rate,
          caught: blind.data.caught,
          falseAlarms: blind.data.false_alarms,
          judge: blind.data.judge ?? null,
          date: blind.data.date ?? null,
        }
      : null,
  };
}
