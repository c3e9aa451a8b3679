/**
 * Importance resampling as the model card records it: `resample` (training/critic.py's --ship writes it with the
 * folder's critic/ and index.json's `resample`), the K candidates each seed's symbol is kept from, the critic's
 * calibration on glyph groups it did not train on, and, when measured, each K's judge-side C2ST by every judge of the
 * ladder (0.5 = indistinguishable) with recall, diversity, copies and the share of blobs; `derivedFrom` names the model
 * whose generator it reuses. A card may have none (models without a critic), and then the page says nothing.
 */
import * as z from 'zod/mini';

import { modelIdSchema, type ModelCard } from './model-folder';

const share = z.number().check(z.minimum(0), z.maximum(1));
const count = z.number().check(z.int(), z.positive());
/** A measure a card may lack or record as null (an older critic run, a metric that failed). */
const optionalNumber = z.optional(z.nullable(z.number()));

const rungSchema = z.object({
  judge: z.string().check(z.minLength(1)),
  accuracy: share,
  parameters: z.optional(z.nullable(count)),
});

const c2stSchema = z.object({
  accuracy: share,
  judge: z.optional(z.string().check(z.minLength(1))),
  n: z.optional(count),
  floor: z.optional(z.nullable(z.object({ accuracy: share }))),
  ladder: z.optional(z.array(rungSchema)),
});

type C2st = z.infer<typeof c2stSchema>;

/** Each judge's accuracy, smallest first: the ladder's rungs, or the settled judge alone on a card without them. */
function rungs(c2st: C2st | null | undefined): { judge: string; accuracy: number; parameters: number | null }[] {
  if (!c2st) return [];
  if (c2st.ladder) return c2st.ladder.map((r) => ({ judge: r.judge, accuracy: r.accuracy, parameters: r.parameters ?? null }));
  return c2st.judge ? [{ judge: c2st.judge, accuracy: c2st.accuracy, parameters: null }] : [];
}

const rowSchema = z.object({
  k: count,
  blobShare: z.optional(z.nullable(share)),
  c2st: z.optional(z.nullable(c2stSchema)),
  c2stPage: z.optional(z.nullable(c2stSchema)),
  recall: optionalNumber,
  diversity: optionalNumber,
  copies: optionalNumber,
});

const resampleSchema = z.object({
  k: count,
  calibration: z.optional(z.nullable(z.object({ accuracy: share, temperature: z.number().check(z.positive()) }))),
  measured: z.optional(
    z.nullable(
      z.object({
        pairs: z.optional(count),
        ks: z.array(rowSchema).check(z.minLength(1)),
      }),
    ),
  ),
  date: z.optional(z.string()),
  command: z.optional(z.string()),
});

type Measured = NonNullable<z.infer<typeof resampleSchema>['measured']>;

/** One judge of the ladder, smallest first: a column of the page's table. */
export interface ResampleJudge {
  /** The card's name for it ("small", "strong-s"): a key, not for visitors (judgeLabel says it in words). */
  name: string;
  parameters: number | null;
}

/** One K measured: how far the kept symbols are from real ones. */
export interface ResampleRow {
  k: number;
  /** The K this model ships. */
  shipped: boolean;
  /** The judge-side C2ST accuracy (0 to 1) by each judge's name; a judge the row did not run is absent. */
  accuracy: Record<string, number>;
  /** The same test on the symbols as the page draws them (the outline at 128 px), by its settled judge, or null. */
  pageAccuracy: number | null;
  recall: number | null;
  /** Mean distance among the symbols over that among real ones: 1 = as varied as real symbols. */
  diversity: number | null;
  /** Share of symbols that copy a training symbol. */
  copies: number | null;
  /** Share of symbols that are mostly ink (a blob, not a symbol). */
  blobShare: number | null;
}

export interface CardResample {
  /** Candidates per seed, as the site draws them. */
  k: number;
  /** The model whose generator this one reuses, or null when the card does not name a valid one. */
  derivedFrom: string | null;
  /** The critic's accuracy on held-out glyph groups, and the temperature that calibrated it. */
  calibration: { accuracy: number; temperature: number } | null;
  /** Each K's measures, or null when the card records none (a critic shipped without --ks). */
  measured: {
    /** Real and generated symbols each judge compared, or null when not recorded. */
    pairs: number | null;
    /** The judges of the rows' ladders, in the ladder's order (smallest first). */
    judges: ResampleJudge[];
    /** The same judges on real symbols against real ones (the floor), or null. */
    realVsReal: number | null;
    rows: ResampleRow[];
  } | null;
  date: string | null;
  command: string | null;
}

/** The card's resampling, or null when it has none or it is malformed (the page then shows nothing). */
export function cardResample(card: ModelCard | null): CardResample | null {
  const parsed = resampleSchema.safeParse((card as { resample?: unknown } | null)?.resample);
  if (!parsed.success) return null;
  const { k, calibration, measured, date, command } = parsed.data;
  const derived = modelIdSchema.safeParse((card as { derivedFrom?: unknown }).derivedFrom);
  return {
    k,
    derivedFrom: derived.success ? derived.data : null,
    calibration: calibration ? { accuracy: calibration.accuracy, temperature: calibration.temperature } : null,
    measured: measured ? measuredView(k, measured) : null,
    date: date ?? null,
    command: command ?? null,
  };
}

function measuredView(k: number, measured: Measured): NonNullable<CardResample['measured']> {
  const judges: ResampleJudge[] = [];
  for (const row of measured.ks) {
    for (const rung of rungs(row.c2st)) {
      const known = judges.find((j) => j.name === rung.judge);
      if (!known) judges.push({ name: rung.judge, parameters: rung.parameters });
      else known.parameters ??= rung.parameters;
    }
  }
  const rows = [...measured.ks]
    .sort((a, b) => a.k - b.k)
    .map((row) => ({
      k: row.k,
      shipped: row.k === k,
      accuracy: Object.fromEntries(rungs(row.c2st).map((rung) => [rung.judge, rung.accuracy])),
      pageAccuracy: row.c2stPage?.accuracy ?? null,
      recall: row.recall ?? null,
      diversity: row.diversity ?? null,
      copies: row.copies ?? null,
      blobShare: row.blobShare ?? null,
    }));
  const floor = measured.ks.find((row) => row.c2st?.floor)?.c2st?.floor?.accuracy ?? null;
  const pairs = measured.pairs ?? measured.ks.find((row) => row.c2st?.n)?.c2st?.n ?? null;
  return { pairs, judges, realVsReal: floor, rows };
}

/**
 * A judge as a visitor understands it: "small" is the small classifier, any other rung a larger one; when two share a
 * word, their sizes tell them apart.
 */
export function judgeLabels(judges: readonly ResampleJudge[]): string[] {
  const words = judges.map((j) => (j.name === 'small' ? 'Small classifier' : 'Larger classifier'));
  return words.map((word, i) => {
    if (words.filter((w) => w === word).length === 1) return word;
    const parameters = judges[i]?.parameters;
    return parameters ? `${word} (${Math.round(parameters / 1000).toLocaleString('en')}k parameters)` : `${word} ${words.slice(0, i + 1).filter((w) => w === word).length}`;
  });
}
