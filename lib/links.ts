/**
 * Every URL the site links to that depends on a choice: the model (?m=, only when not the default),
 * the strangeness (?t=, only when not 1) and the gallery page (?page=, only when not 1). Parsing the
 * same parameters back lives in lib/route-params.ts.
 */
import { TRUNCATION_DEFAULT } from './latent';

export interface LinkOptions {
  /** A model id other than the default; null/undefined for the default model. */
  model?: string | null;
  /** Truncation psi; 1 (or undefined) is left out of the URL. */
  psi?: number;
}

/** psi as it appears in a URL: at most two decimals, no trailing zeros ("0.7", "1.25"). */
export function formatPsi(psi: number): string {
  return String(Math.round(psi * 100) / 100);
}

/** `?m=..&t=..&page=..` (or '') in that order, leaving out defaults. */
export function linkQuery(options: LinkOptions & { page?: number }): string {
  const params: string[] = [];
  if (options.model) params.push(`m=${encodeURIComponent(options.model)}`);
  if (options.psi !== undefined && formatPsi(options.psi) !== formatPsi(TRUNCATION_DEFAULT)) params.push(`t=${formatPsi(options.psi)}`);
  if (options.page !== undefined && options.page !== 1) params.push(`page=${options.page}`);
  return params.length ? `?${params.join('&')}` : '';
}

export function galleryPath(page = 1, options: LinkOptions = {}): string {
  return `/gallery${linkQuery({ ...options, page })}`;
}

/** `/morph/<a>/<b>`: seeds must already be normalized (lib/seed parseSeed). */
export function morphPath(seedA: string, seedB: string, options: LinkOptions = {}): string {
  return `/morph/${encodeURIComponent(seedA)}/${encodeURIComponent(seedB)}${linkQuery(options)}`;
}
