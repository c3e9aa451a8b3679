/**
 * Every URL the site builds, and the one query string they share: the image size (?size=, image API
 * only), the model (?m=, only when not the default), the style (?k=, only when chosen; a morph whose two
 * ends differ has ?ka= and ?kb= instead), the strangeness (?t=, only when not 1), the named sliders' offsets (?e=,
 * only when one was moved) and the gallery page (?page=, only when not 1), always in that order. Parsing the same parameters back lives in
 * lib/route-params.ts.
 */
import { TRUNCATION_DEFAULT } from './seeds/truncation';

export interface LinkOptions {
  /** A model id other than the default; null/undefined for the default model. */
  model?: string | null;
  /** Truncation psi; 1 (or undefined) is left out of the URL. */
  psi?: number;
  /** A style id of a conditional model (?k=); null/undefined: the seed picks its own style, and the URL has no k. */
  style?: string | null;
  /** The named sliders' offsets as lib/sliders/edits writes them (?e=); null/undefined/'' when none was moved. */
  edits?: string | null;
}

/** A morph's links: one style for each end (?ka=, ?kb=), written as one ?k= when both ends have the same. */
export interface MorphLinkOptions extends Omit<LinkOptions, 'style'> {
  /** The styles chosen for seed A and seed B; null for an end drawn in its seed's own style. */
  styles?: readonly [string | null, string | null];
}

/** psi as it appears in a URL: at most two decimals, no trailing zeros ("0.7", "1.25"). */
export function formatPsi(psi: number): string {
  return String(Math.round(psi * 100) / 100);
}

/** `?size=..&m=..&k=..&ka=..&kb=..&t=..&e=..&page=..` (or '') in that order, leaving out what is absent or the default. */
function linkQuery(options: MorphLinkOptions & { style?: string | null; edits?: string | null; size?: number; page?: number }): string {
  const params: string[] = [];
  if (options.size) params.push(`size=${options.size}`);
  if (options.model) params.push(`m=${encodeURIComponent(options.model)}`);
  if (options.style) params.push(`k=${encodeURIComponent(options.style)}`);
  const [styleA, styleB] = options.styles ?? [null, null];
  if (styleA && styleA === styleB) params.push(`k=${encodeURIComponent(styleA)}`);
  else {
    if (styleA) params.push(`ka=${encodeURIComponent(styleA)}`);
    if (styleB) params.push(`kb=${encodeURIComponent(styleB)}`);
  }
  if (options.psi !== undefined && formatPsi(options.psi) !== formatPsi(TRUNCATION_DEFAULT)) params.push(`t=${formatPsi(options.psi)}`);
  // The edits' alphabet (lib/sliders/edits) needs no escaping; encoded all the same, as every other value.
  if (options.edits) params.push(`e=${encodeURIComponent(options.edits)}`);
  if (options.page !== undefined && options.page !== 1) params.push(`page=${options.page}`);
  return params.length ? `?${params.join('&')}` : '';
}

/** The URL path of a seed's page (`/s/<seed>`); the seed must already be normalized (lib/seeds/seed parseSeed). */
export function seedPath(seed: string, modelId?: string | null, psi?: number, style?: string | null, edits?: string | null): string {
  return `/s/${encodeURIComponent(seed)}${linkQuery({ model: modelId, psi, style, edits })}`;
}

/**
 * A latent link's page (`/z/<code>`, lib/latent/codec): the code carries z and the style, so the query has only the
 * model (?m=, which a code must be drawn with; links to share always name it) and the sliders' offsets (?e=).
 */
export function latentPath(code: string, options: { model?: string | null; edits?: string | null } = {}): string {
  return `/z/${code}${linkQuery({ model: options.model, edits: options.edits })}`;
}

/** The image API for a latent link: /api/symbol/z/<code>.<format>[?size=N][&m=<id>][&e=<edits>]. */
export function latentImagePath(code: string, format: 'png' | 'svg', options: { model?: string | null; edits?: string | null; size?: number } = {}): string {
  const size = format === 'png' ? options.size : undefined;
  return `/api/symbol/z/${code}.${format}${linkQuery({ size, model: options.model, edits: options.edits })}`;
}

/** The 1200x630 share card for a latent link: /api/card/z/<code>.png[?m=<id>][&e=<edits>]. */
export function latentCardPath(code: string, options: { model?: string | null; edits?: string | null } = {}): string {
  return `/api/card/z/${code}.png${linkQuery({ model: options.model, edits: options.edits })}`;
}

/**
 * The homepage (`/`), with the style chosen there (?k=) and the sliders' offsets (?e=), which its random symbols are
 * drawn with: the only queries the homepage reads.
 */
export function homePath(style?: string | null, edits?: string | null): string {
  return `/${linkQuery({ style, edits })}`;
}

export function galleryPath(page = 1, options: LinkOptions = {}): string {
  return `/gallery${linkQuery({ ...options, page })}`;
}

/** "Which one is real?" (`/real-or-not`), played against `modelId` (?m=) or the default model. */
export function realOrNotPath(modelId?: string | null): string {
  return `/real-or-not${linkQuery({ model: modelId })}`;
}

/** "Draw to find" (`/draw`), under a model other than the default (?m=). */
export function drawPath(modelId?: string | null): string {
  return `/draw${linkQuery({ model: modelId })}`;
}

/** `/morph/<a>/<b>`: seeds must already be normalized (lib/seeds/seed parseSeed). */
export function morphPath(seedA: string, seedB: string, options: MorphLinkOptions = {}): string {
  return `/morph/${encodeURIComponent(seedA)}/${encodeURIComponent(seedB)}${linkQuery(options)}`;
}

/** The image API for a seed: /api/symbol/<seed>.<format>[?size=N][&m=<id>][&k=<style>][&t=<psi>][&e=<edits>]; the size applies to PNGs only. */
export function symbolImagePath(seed: string, format: 'png' | 'svg', options: LinkOptions & { size?: number } = {}): string {
  const size = format === 'png' ? options.size : undefined;
  return `/api/symbol/${encodeURIComponent(seed)}.${format}${linkQuery({ size, model: options.model, style: options.style, psi: options.psi, edits: options.edits })}`;
}

/** The 1200x630 share card for a seed: /api/card/<seed>.png[?m=<id>][&k=<style>][&t=<psi>][&e=<edits>]. */
export function cardImagePath(seed: string, modelId?: string | null, psi?: number, style?: string | null, edits?: string | null): string {
  return `/api/card/${encodeURIComponent(seed)}.png${linkQuery({ model: modelId, psi, style, edits })}`;
}

/**
 * "Does it exist?" for a seed: /api/nearest/<seed>[?m=<id>][&k=<style>][&t=<psi>][&e=<edits>], the image API's query
 * string (the same symbol, sliders' offsets included), answered with its nearest real symbols and the verdict
 * (lib/nearest/answer).
 */
export function nearestApiPath(seed: string, options: LinkOptions = {}): string {
  return `/api/nearest/${encodeURIComponent(seed)}${linkQuery({ model: options.model, style: options.style, psi: options.psi, edits: options.edits })}`;
}
