/** Validation of route params and query strings (one place for every outside input of the routes). */
import * as z from 'zod/mini';

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
