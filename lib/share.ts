/** Share texts and the share card's size for a seed (pure: used by page metadata and the image routes); its URLs are in lib/links. */
import { SITE } from './site';

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
