/**
 * "Does it exist?" over many of a model's symbols, read from its model card: `nearestVerdicts`, the share of each
 * verdict (new, close, copy; lib/nearest/verdict) over n symbols drawn as the site draws them, with when and by which
 * command it was measured (training/nearest.py writes it with the model's nearest.json). A card may have none.
 */
import * as z from 'zod/mini';

import type { ModelCard } from './model-folder';

const share = z.number().check(z.minimum(0));

const nearestVerdictsSchema = z.object({
  n: z.number().check(z.int(), z.positive()),
  new: share,
  close: share,
  copy: share,
  measured: z.optional(z.string()),
  command: z.optional(z.string()),
});

export interface CardNearestVerdicts {
  /** Symbols checked. */
  n: number;
  /** Shares from 0 to 1. */
  new: number;
  close: number;
  copy: number;
  measured: string | null;
  command: string | null;
}

/** The card's verdict shares, or null when it has none (or they do not add up to the symbols checked). */
export function cardNearestVerdicts(card: ModelCard | null): CardNearestVerdicts | null {
  const parsed = nearestVerdictsSchema.safeParse((card as { nearestVerdicts?: unknown } | null)?.nearestVerdicts);
  if (!parsed.success) return null;
  const { n, measured, command } = parsed.data;
  const counts = [parsed.data.new, parsed.data.close, parsed.data.copy];
  const total = counts.reduce((a, b) => a + b, 0);
  // Shares (training writes them, rounded to 4 decimals) sum to 1; counts, to n.
  const scale = Math.abs(total - 1) <= 0.01 ? 1 : Math.abs(total - n) < 0.5 ? n : null;
  if (scale === null) return null;
  const [isNew, close, copy] = counts.map((c) => c / scale) as [number, number, number];
  return { n, new: isNew, close, copy, measured: measured ?? null, command: command ?? null };
}
