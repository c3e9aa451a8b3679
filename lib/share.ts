/** Share texts and image URLs for a seed (pure: used by page metadata, the sitemap and the image routes). */
import { formatPsi, linkQuery } from './links';
import { SITE } from './site';

/** Path of the image API for a seed: /api/symbol/<seed>.<format>[?size=N][&m=<id>][&t=<psi>]. */
export function symbolImagePath(seed: string, format: 'png' | 'svg', options: { size?: number; modelId?: string | null; psi?: number } = {}): string {
  const query = new URLSearchParams();
  if (format === 'png' && options.size) query.set('size', String(options.size));
  if (options.modelId) query.set('m', options.modelId);
  if (options.psi !== undefined && options.psi !== 1) query.set('t', formatPsi(options.psi));
  const q = query.toString();
  return `/api/symbol/${encodeURIComponent(seed)}.${format}${q ? `?${q}` : ''}`;
}

/** Path of the 1200x630 share card for a seed ([?m=<id>][&t=<psi>], t only when the strangeness is not 1). */
export function cardImagePath(seed: string, modelId?: string | null, psi = 1): string {
  return `/api/card/${encodeURIComponent(seed)}.png${linkQuery({ model: modelId, psi })}`;
}

export const CARD_SIZE = { width: 1200, height: 630 } as const;

export function seedTitle(seed: string): string {
  return `“${seed}”`;
}

export function seedDescription(seed: string): string {
  return `The magic symbol for “${seed}”: a sigil no one has seen before, drawn by a neural network from the seed. Any phrase has its own symbol.`;
}

/** Alt text of a seed's share card. */
export function cardAlt(seed: string): string {
  return `A black-ink magic symbol generated from the seed “${seed}”, with the seed written beside it, on ${SITE.name}.`;
}
