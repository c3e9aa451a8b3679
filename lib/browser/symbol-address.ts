/**
 * The symbol a page's address names, read back when the visitor goes Back or Forward through the entries that
 * "Another" pushed: `/s/<seed>` (lib/links seedPath), its ?k= and its ?e=, checked as the seed page checks them. The
 * homepage's address names no seed (its symbol is the one the server chose for it).
 *
 * Part of the studio's first-load code, so it checks ?k= itself instead of through lib/route-params (whose other
 * parsers and their messages the page would then carry): the style the seed page draws for a k is the k, trimmed,
 * when the model has that style, and none otherwise (the page's notice or error says why; this only needs the style).
 */
import { parseSeed } from '../seeds/seed';
import type { StyledModel } from '../seeds/style';

/**
 * The seed and style an address names, and its ?e= as written ('' for none): that needs the model's sliders to be
 * checked, so the studio checks it when it draws (the ?e= of the address the page loaded at, the server has checked).
 */
export function symbolAtAddress(url: Pick<URL, 'pathname' | 'search'>, model: StyledModel | null): { seed: string | null; style: string | null; edits: string } {
  const query = new URLSearchParams(url.search);
  const k = query.get('k')?.trim();
  const style = k && model?.styles?.some((s) => s.id === k) ? k : null;
  return { seed: seedInPath(url.pathname), style, edits: query.get('e') ?? '' };
}

/** The seed of a `/s/<seed>` path as a browser keeps it (always percent-encoded), or null. */
function seedInPath(pathname: string): string | null {
  const segment = /^\/s\/([^/]+)$/.exec(pathname)?.[1];
  if (segment === undefined) return null;
  try {
    const parsed = parseSeed(decodeURIComponent(segment));
    return parsed.ok ? parsed.seed : null;
  } catch {
    return null; // not valid percent-encoding
  }
}
