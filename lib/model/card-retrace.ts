/**
 * How a model's outlines are drawn, as its model card records it: `subpixel` (true: traced along the generator's
 * field, each outline point where the field crosses 0 between two pixel centres, instead of through the mask's crack
 * midpoints; docs/model-folder.md), `derivedFrom` (the model whose weights it reuses unchanged) and `retrace`
 * (training/retrace.py writes it when it publishes a folder again with subpixel outlines): the date, the command and,
 * unless it ran with --no-measure, the page-scale C2ST of both drawings of the same symbols by one judge (the outline
 * filled at 128 px; 0.5 = indistinguishable), overall and per style, with real symbols against real ones (the floor).
 * A card that traces through crack midpoints, the way every model drew before, has nothing to say here (null).
 */
import * as z from 'zod/mini';

import { judgeLabels } from './card-resample';
import { modelIdSchema, type ModelCard } from './model-folder';

const share = z.number().check(z.minimum(0), z.maximum(1));
const count = z.number().check(z.int(), z.positive());

/** One drawing's page-scale C2ST as retrace.py's page_c2st keeps it: the floor is already a bare accuracy. */
const pageC2stSchema = z.object({
  accuracy: share,
  judge: z.optional(z.string().check(z.minLength(1))),
  n: z.optional(count),
  folds: z.optional(count),
  resolution: z.optional(count),
  per_style: z.optional(z.record(z.string(), share)),
  floor: z.optional(z.nullable(share)),
});

const retraceSchema = z.object({
  /** The date it was published and, with c2stPage, measured. */
  measured: z.optional(z.string()),
  command: z.optional(z.string()),
  c2stPage: z.optional(z.nullable(z.object({ crackMidpoints: pageC2stSchema, subpixel: pageC2stSchema }))),
  pairs: z.optional(count),
  folds: z.optional(count),
});

/** The card's own style list: its order is the one-hot order, its labels are for people. */
const cardStylesSchema = z.array(z.looseObject({ id: z.string(), label: z.optional(z.string()) }));

type PageC2st = z.infer<typeof pageC2stSchema>;

/** One style's page-scale C2ST under each drawing; null where the card has no figure for it. */
export interface RetraceStyleRow {
  id: string;
  label: string;
  crackMidpoints: number | null;
  subpixel: number | null;
}

export interface CardRetrace {
  /** The model whose generator this one reuses unchanged, or null when the card does not name a valid one. */
  derivedFrom: string | null;
  /** Both drawings measured by one judge on the same symbols, or null when the card records no measurement. */
  measured: {
    /** The judge as a visitor understands it, in lower case ("small classifier"). */
    judge: string;
    /** The scale the outlines were filled at before the judge saw them (px), or null when not recorded. */
    resolution: number | null;
    /** Real and generated symbols compared, and the folds by glyph group; null when not recorded. */
    pairs: number | null;
    folds: number | null;
    /** The judge's accuracy (0 to 1) with the outline through crack midpoints, the staircase of the mask's pixels. */
    crackMidpoints: number;
    /** The same with the outline along the generator's field, as this model draws it. */
    subpixel: number;
    /** The same judge on real symbols against real ones, or null. */
    realVsReal: number | null;
    /** Per style, in the card's style order (then any style the card's list lacks); empty for unconditional models. */
    styles: RetraceStyleRow[];
  } | null;
  date: string | null;
  command: string | null;
}

/**
 * The card's subpixel outline and how it was measured, or null when the model traces through crack midpoints or the
 * record is malformed: the model page then shows no outline section rather than failing.
 */
export function cardRetrace(card: ModelCard | null): CardRetrace | null {
  const raw = card as { subpixel?: unknown; derivedFrom?: unknown; retrace?: unknown; styles?: unknown } | null;
  if (raw?.subpixel !== true) return null;
  // A subpixel card with no record (exported so rather than retraced) still says how its outlines are drawn.
  const parsed = retraceSchema.safeParse(raw.retrace ?? {});
  if (!parsed.success) return null;
  const { measured: date, command, c2stPage, pairs, folds } = parsed.data;
  const derived = modelIdSchema.safeParse(raw.derivedFrom);
  const styles = cardStylesSchema.safeParse(raw.styles);
  return {
    derivedFrom: derived.success ? derived.data : null,
    measured: c2stPage
      ? {
          judge: (judgeLabels([{ name: c2stPage.subpixel.judge ?? 'small', parameters: null }])[0] ?? '').toLowerCase(),
          resolution: c2stPage.subpixel.resolution ?? c2stPage.crackMidpoints.resolution ?? null,
          pairs: pairs ?? c2stPage.subpixel.n ?? null,
          folds: folds ?? c2stPage.subpixel.folds ?? null,
          crackMidpoints: c2stPage.crackMidpoints.accuracy,
          subpixel: c2stPage.subpixel.accuracy,
          // Both drawings are judged against the same real symbols, so their floors are one figure.
          realVsReal: c2stPage.subpixel.floor ?? c2stPage.crackMidpoints.floor ?? null,
          styles: styleRows(c2stPage.crackMidpoints, c2stPage.subpixel, styles.success ? styles.data : []),
        }
      : null,
    date: date ?? null,
    command: command ?? null,
  };
}

function styleRows(before: PageC2st, after: PageC2st, listed: readonly { id: string; label?: string }[]): RetraceStyleRow[] {
  const ids = [...listed.map((s) => s.id), ...Object.keys(before.per_style ?? {}), ...Object.keys(after.per_style ?? {})];
  return [...new Set(ids)]
    .filter((id) => before.per_style?.[id] !== undefined || after.per_style?.[id] !== undefined)
    .map((id) => ({
      id,
      label: listed.find((s) => s.id === id)?.label || id,
      crackMidpoints: before.per_style?.[id] ?? null,
      subpixel: after.per_style?.[id] ?? null,
    }));
}
