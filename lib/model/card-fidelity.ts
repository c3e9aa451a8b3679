/**
 * How real a model's symbols look, read from its model card: the classifier two-sample test (C2ST: the accuracy of
 * a small CNN telling held-out real symbols from generated ones, 0.5 = indistinguishable, with the same test run on
 * real symbols against real ones beside it) and a person's blind test (the share of generated symbols that passed
 * as real). Both are written by training/ (evaluate --record, export, blind --guess); a card may have neither.
 * A card may also carry the C2ST by judges grown until a bigger one stopped gaining (metrics.c2stStrong, at 64 px)
 * and the same at the page's scale (metrics.c2stPage: the traced outline filled at 128 px): training/strong_c2st.py.
 */
import * as z from 'zod/mini';

import type { ModelCard } from './model-folder';

const c2stSchema = z.object({
  accuracy: z.number(),
  n: z.number(),
  floor: z.optional(z.object({ accuracy: z.number() })),
  per_style: z.optional(z.record(z.string(), z.number())),
});

const ladderSchema = z.object({
  accuracy: z.number(),
  spread: z.number(),
  judge: z.string(),
  flattened: z.boolean(),
  n: z.number(),
  floor: z.optional(z.object({ accuracy: z.number() })),
  ladder: z.array(z.object({ judge: z.string(), accuracy: z.number(), spread: z.number() })),
});

const blindSchema = z.object({
  n: z.number(),
  fool_rate: z.number(),
  caught: z.number(),
  false_alarms: z.number(),
  judge: z.optional(z.nullable(z.string())),
  date: z.optional(z.string()),
});

/** A C2ST by the capacity ladder: the settled judge's mean accuracy over classifier seeds, and each size tried. */
export interface LadderC2st {
  accuracy: number;
  spread: number;
  judge: string;
  /** False when every bigger judge still gained: the accuracy is then a lower bound. */
  flattened: boolean;
  pairs: number;
  realVsReal: number | null;
  ladder: { judge: string; accuracy: number; spread: number }[];
}

export interface CardFidelity {
  c2st: { accuracy: number; realVsReal: number | null; pairs: number; perStyle: Record<string, number> } | null;
  strong: LadderC2st | null;
  pageScale: LadderC2st | null;
  blind: { n: number; foolRate: number; caught: number; falseAlarms: number; judge: string | null; date: string | null } | null;
}

function ladderC2st(value: unknown): LadderC2st | null {
  const parsed = ladderSchema.safeParse(value);
  if (!parsed.success) return null;
  const { accuracy, spread, judge, flattened, n, floor, ladder } = parsed.data;
  return {
    accuracy,
    spread,
    judge,
    flattened,
    pairs: n,
    realVsReal: floor?.accuracy ?? null,
    ladder: ladder.map((r) => ({ judge: r.judge, accuracy: r.accuracy, spread: r.spread })),
  };
}

export function cardFidelity(card: ModelCard | null): CardFidelity {
  const metrics = (card as { metrics?: { c2st?: unknown; c2stStrong?: unknown; c2stPage?: unknown } } | null)?.metrics;
  const c2st = c2stSchema.safeParse(metrics?.c2st);
  const blind = blindSchema.safeParse((card as { blindTest?: unknown } | null)?.blindTest);
  return {
    c2st: c2st.success
      ? { accuracy: c2st.data.accuracy, realVsReal: c2st.data.floor?.accuracy ?? null, pairs: c2st.data.n, perStyle: c2st.data.per_style ?? {} }
      : null,
    strong: ladderC2st(metrics?.c2stStrong),
    pageScale: ladderC2st(metrics?.c2stPage),
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
