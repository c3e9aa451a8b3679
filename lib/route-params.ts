/** Validation of route params and query strings (one place for every outside input of the routes). */
import * as z from 'zod/mini';

import './zod-config';

import { parseSeed, type SeedResult } from './seed';

/** A `/s/<seed>` segment: percent-decoded when the router left it encoded, then parseSeed. */
export function parseSeedParam(segment: string): SeedResult {
  let raw = segment;
  if (/%[0-9A-Fa-f]{2}/.test(raw)) {
    try {
      raw = decodeURIComponent(raw);
    } catch {
      return { ok: false, error: 'The seed in this link is not valid percent-encoded text.' };
    }
  }
  return parseSeed(raw);
}

const modelParamSchema = z.optional(z.union([z.string(), z.array(z.string())]));

/** `?m=`: the first value, trimmed, at most 200 characters (validated against index.json by resolveModel). */
export function parseModelParam(value: unknown): string | null {
  const parsed = modelParamSchema.safeParse(value);
  if (!parsed.success || parsed.data === undefined) return null;
  const first = (Array.isArray(parsed.data) ? parsed.data[0] : parsed.data)?.trim() ?? '';
  return first ? first.slice(0, 200) : null;
}

// ---------------------------------------------------------------------------------------------
// Image API: /api/symbol/<seed>.<png|svg>?size=N&m=<model-id>, /api/card/<seed>.png?m=<model-id>

export const SYMBOL_FORMATS = ['png', 'svg'] as const;
export type SymbolFormat = (typeof SYMBOL_FORMATS)[number];

export type SymbolFileResult = { ok: true; seed: string; format: SymbolFormat } | { ok: false; error: string };

/** `<seed>.<format>`: the extension picks the format (lowercase, from `formats`), the rest is a seed as in /s/<seed>. */
export function parseSymbolFile(segment: string, formats: readonly SymbolFormat[] = SYMBOL_FORMATS): SymbolFileResult {
  const dot = segment.lastIndexOf('.');
  const ext = dot >= 0 ? segment.slice(dot + 1) : '';
  const format = formats.find((f) => f === ext);
  if (!format) {
    return { ok: false, error: `The file name must end in ${formats.map((f) => `.${f}`).join(' or ')}, e.g. /api/symbol/courage.${formats[0]}.` };
  }
  const seed = parseSeedParam(segment.slice(0, dot));
  return seed.ok ? { ok: true, seed: seed.seed, format } : seed;
}

export const IMAGE_SIZE = { min: 64, max: 2048, default: 512 } as const;

const sizeSchema = z.pipe(
  z.string().check(z.regex(/^\d{1,5}$/, `size must be a whole number of pixels from ${IMAGE_SIZE.min} to ${IMAGE_SIZE.max}.`)),
  z.transform(Number),
).check(
  z.refine((n: number) => n >= IMAGE_SIZE.min && n <= IMAGE_SIZE.max, `size must be from ${IMAGE_SIZE.min} to ${IMAGE_SIZE.max} pixels.`),
);

export type SizeResult = { ok: true; size: number } | { ok: false; error: string };

/** `?size=`: absent = the default; otherwise digits only, within range. */
export function parseSizeParam(value: string | null): SizeResult {
  if (value === null) return { ok: true, size: IMAGE_SIZE.default };
  const parsed = sizeSchema.safeParse(value);
  return parsed.success ? { ok: true, size: parsed.data } : { ok: false, error: parsed.error.issues[0]?.message ?? 'size is not valid.' };
}
