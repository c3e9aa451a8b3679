/**
 * Validation of route params and query strings (one place for every outside input of the routes). Plain code, no
 * schema library: the browser reads ?k= back from the address with it (lib/browser/symbol-address), so it is part of
 * the homepage's first-load JavaScript.
 */
import { GALLERY_MAX_PAGE } from './gallery/sequence';
import { decodeLatentCode } from './latent/codec';
import type { LegStyleChoice } from './morph/frames';
import { TRUNCATION_DEFAULT, TRUNCATION_MAX, TRUNCATION_MIN } from './seeds/latent';
import { parseSeed, type SeedResult } from './seeds/seed';
import { unknownStyleMessage, type StyledModel } from './seeds/style';

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

/**
 * The first value of a query parameter that may repeat (?t=1&t=2), trimmed; undefined when absent, empty, or not
 * text (Next hands string | string[] | undefined; anything else is treated as absent).
 */
function firstQueryValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return (value[0] as string | undefined)?.trim() || undefined;
  return undefined;
}

/** `?m=`: the first value, trimmed, at most 200 characters (validated against index.json by resolveModel). */
export function parseModelParam(value: unknown): string | null {
  return firstQueryValue(value)?.slice(0, 200) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Image API: /api/symbol/<seed>.<png|svg>?size=N&m=<model-id>&k=<style>, /api/card/<seed>.png?m=<model-id>&k=<style>

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

// ---------------------------------------------------------------------------------------------
// Latent links: /z/<code>, /api/symbol/z/<code>.<png|svg>, /api/card/z/<code>.png

export type LatentCodeParam = { ok: true; code: string } | { ok: false; error: string };

/**
 * A `/z/<code>` segment, checked as far as it can be without its model: the alphabet, the version, a length some
 * latent has and the checksum (lib/latent/codec). The model's latent size and styles are checked once the model is
 * known (lib/latent/codec latentCodeFitsModel). Codes need no percent-encoding, so an encoded one is refused as is.
 */
export function parseLatentCodeParam(segment: string): LatentCodeParam {
  const decoded = decodeLatentCode(segment);
  return decoded.ok ? { ok: true, code: segment } : decoded;
}

export type LatentFileResult = { ok: true; code: string; format: SymbolFormat } | { ok: false; error: string };

/** `<code>.<format>` of the image API's latent links: the extension picks the format, the rest is a /z/ code. */
export function parseLatentFile(segment: string, formats: readonly SymbolFormat[] = SYMBOL_FORMATS): LatentFileResult {
  const dot = segment.lastIndexOf('.');
  const ext = dot >= 0 ? segment.slice(dot + 1) : '';
  const format = formats.find((f) => f === ext);
  if (!format) return { ok: false, error: `The file name must be a latent link's code followed by ${formats.map((f) => `.${f}`).join(' or ')}.` };
  const code = parseLatentCodeParam(segment.slice(0, dot));
  return code.ok ? { ok: true, code: code.code, format } : code;
}

export const IMAGE_SIZE = { min: 64, max: 2048, default: 512 } as const;

export type SizeResult = { ok: true; size: number } | { ok: false; error: string };

/** `?size=`: absent = the default; otherwise digits only, within range. */
export function parseSizeParam(value: string | null): SizeResult {
  if (value === null) return { ok: true, size: IMAGE_SIZE.default };
  if (!/^\d{1,5}$/.test(value)) return { ok: false, error: `size must be a whole number of pixels from ${IMAGE_SIZE.min} to ${IMAGE_SIZE.max}.` };
  const size = Number(value);
  if (size < IMAGE_SIZE.min || size > IMAGE_SIZE.max) return { ok: false, error: `size must be from ${IMAGE_SIZE.min} to ${IMAGE_SIZE.max} pixels.` };
  return { ok: true, size };
}

// ---------------------------------------------------------------------------------------------
// Gallery and morph: ?t= (strangeness), ?page=, /morph/<a>/<b>, ?batch=

/** A plain decimal number: no exponents, hex, Infinity or trailing junk. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function shown(raw: string): string {
  return raw.length > 24 ? `${raw.slice(0, 24)}…` : raw;
}

/** `psi` to use, and a notice to show when the link's value could not be used as it was. */
export interface TruncationParam {
  psi: number;
  notice: string | null;
}

/**
 * `?t=`: the strangeness (truncation psi). Absent means 1. Never fails: a value that is not a number
 * falls back to 1, one outside TRUNCATION_MIN..TRUNCATION_MAX is clamped, each with a notice saying so;
 * values are rounded to two decimals.
 */
export function parseTruncationParam(value: unknown): TruncationParam {
  const raw = firstQueryValue(value);
  if (raw === undefined) return { psi: TRUNCATION_DEFAULT, notice: null };
  const range = `${TRUNCATION_MIN} to ${TRUNCATION_MAX}`;
  if (!DECIMAL.test(raw)) {
    return {
      psi: TRUNCATION_DEFAULT,
      notice: `The strangeness in this link (t=${shown(raw)}) is not a number, so it is shown at ${TRUNCATION_DEFAULT}; it goes from ${range}.`,
    };
  }
  const psi = Math.round(Number(raw) * 100) / 100;
  if (psi < TRUNCATION_MIN || psi > TRUNCATION_MAX) {
    const clamped = Math.min(TRUNCATION_MAX, Math.max(TRUNCATION_MIN, psi));
    return { psi: clamped, notice: `The strangeness in this link (t=${shown(raw)}) is outside ${range}, so it is shown at ${clamped}.` };
  }
  return { psi, notice: null };
}

export interface PageParam {
  page: number;
  notice: string | null;
}

/** `?page=` of /gallery: a whole number from 1 to GALLERY_MAX_PAGE; absent means 1. Never fails (see TruncationParam). */
export function parsePageParam(value: unknown): PageParam {
  const raw = firstQueryValue(value);
  if (raw === undefined) return { page: 1, notice: null };
  const range = `1 to ${GALLERY_MAX_PAGE.toLocaleString('en')}`;
  if (!/^[+-]?\d+$/.test(raw)) return { page: 1, notice: `The page in this link (page=${shown(raw)}) is not a whole number, so the gallery starts at page 1; pages go from ${range}.` };
  const n = Number(raw);
  if (n < 1 || n > GALLERY_MAX_PAGE) {
    const page = n < 1 ? 1 : GALLERY_MAX_PAGE;
    return { page, notice: `The page in this link (page=${shown(raw)}) is outside ${range}, so the gallery starts at page ${page.toLocaleString('en')}.` };
  }
  return { page: n, notice: null };
}

export type StrictTruncationResult = { ok: true; psi: number } | { ok: false; error: string };

/** `?t=` for the image API: like parseTruncationParam, but a value it would change is a 400, not a notice. */
export function parseTruncationStrict(value: string | null): StrictTruncationResult {
  const parsed = parseTruncationParam(value ?? undefined);
  if (parsed.notice === null) return { ok: true, psi: parsed.psi };
  return { ok: false, error: `t (the strangeness) must be a number from ${TRUNCATION_MIN} to ${TRUNCATION_MAX}; 1, or no t, is the symbol as drawn.` };
}

// ---------------------------------------------------------------------------------------------
// Styles: ?k= (seed pages, gallery, morph, image API), ?ka= and ?kb= (one end of a morph)

/** The style a link chose: a style id of the model, or null when the seed picks its own; `notice` when k was ignored. */
export type StyleParam = { ok: true; style: string | null; notice: string | null } | { ok: false; error: string };

/**
 * `?k=` against the model the page draws with: absent or empty is null (the seed picks the style, as before styles
 * existed); a style id of the model is that style; any other value is an error (the page says so, as it does for a bad
 * seed). A model without styles ignores k, with a notice. `name` is the parameter as the notice and error call it.
 * Without a model (none published, or ?m= names none: the page shows that error) there is nothing to check against,
 * and k is left out.
 */
export function parseStyleParam(value: unknown, model: StyledModel | null, name = 'k'): StyleParam {
  const raw = firstQueryValue(value);
  if (raw === undefined || !model) return { ok: true, style: null, notice: null };
  if (!model.styles?.length) {
    return {
      ok: true,
      style: null,
      notice: `The model ${model.id} draws no styles, so the style in this link (${name}=${shown(raw)}) is left out.`,
    };
  }
  if (model.styles.some((s) => s.id === raw)) return { ok: true, style: raw, notice: null };
  return { ok: false, error: unknownStyleMessage(model, raw) };
}

export type StrictStyleResult = { ok: true; style: string | null } | { ok: false; error: string };

/** `?k=` for the image API: like parseStyleParam, but a k the page would leave out (the model has no styles) is a 400 too. */
export function parseStyleStrict(value: string | null, model: StyledModel): StrictStyleResult {
  const parsed = parseStyleParam(value ?? undefined, model);
  if (!parsed.ok) return parsed;
  if (parsed.notice === null) return { ok: true, style: parsed.style };
  return { ok: false, error: `${unknownStyleMessage(model, value!.trim())} Leave out k for this model.` };
}

export type MorphStyleResult =
  | { ok: true; styles: LegStyleChoice; notice: string | null }
  | { ok: false; error: string; which: 'both' | 'first' | 'second' };

/**
 * A morph's styles: `?k=` for both ends, `?ka=` and `?kb=` for seed A's and seed B's end (each overriding k), each
 * checked as parseStyleParam checks k. An end without any is drawn in its seed's own style.
 */
export function parseMorphStyleParams(query: { k?: unknown; ka?: unknown; kb?: unknown }, model: StyledModel | null): MorphStyleResult {
  const both = parseStyleParam(query.k, model);
  if (!both.ok) return { ...both, which: 'both' };
  const a = parseStyleParam(query.ka, model, 'ka');
  if (!a.ok) return { ...a, which: 'first' };
  const b = parseStyleParam(query.kb, model, 'kb');
  if (!b.ok) return { ...b, which: 'second' };
  const notices = [both.notice, a.notice, b.notice].filter((n): n is string => n !== null);
  return { ok: true, styles: [a.style ?? both.style, b.style ?? both.style], notice: notices.length ? notices.join(' ') : null };
}

export type MorphSeedsResult = { ok: true; seedA: string; seedB: string } | { ok: false; error: string; which: 'first' | 'second' };

/** The two seeds of `/morph/<a>/<b>`, each validated exactly as a seed page validates its seed. */
export function parseMorphParams(a: string, b: string): MorphSeedsResult {
  const first = parseSeedParam(a);
  if (!first.ok) return { ok: false, error: first.error, which: 'first' };
  const second = parseSeedParam(b);
  if (!second.ok) return { ok: false, error: second.error, which: 'second' };
  return { ok: true, seedA: first.seed, seedB: second.seed };
}

/** `?batch=` of /morph (for benchmarks): frames per forward pass, 1 to 64; anything else gives `fallback`. */
export function parseBatchParam(value: unknown, fallback: number): number {
  const raw = firstQueryValue(value);
  if (raw === undefined || !/^\d+$/.test(raw)) return fallback;
  const n = Number(raw);
  return n >= 1 && n <= 64 ? n : fallback;
}
