/**
 * The gallery's seed sequence: an endless, deterministic list of seeds, so page N of /gallery shows
 * the same symbols on every device and every visit, and a gallery page can be shared.
 *
 * Sequence version 1 (GALLERY_SEQUENCE_VERSION), pinned by golden values in tests/unit/gallery.test.ts;
 * changing anything below changes every gallery page, so a change must be a new version:
 *   seed(i) = randomSeed(pick), i >= 0, where
 *     state = cyrb128(UTF-8 bytes of "tsdne-gallery-v1:" + i in decimal)
 *     next  = sfc32(state), first 15 outputs discarded (as lib/seeds/seed.ts does)
 *     pick(n) = floor(next() / 2^32 * n)
 * Seeds are pronounceable words like the homepage's ("vorakelith"), so a tile's seed link is easy
 * to read and to say. Page p (1-based) holds seeds (p - 1) * GALLERY_PAGE_SIZE ... p * GALLERY_PAGE_SIZE - 1.
 */
import { cyrb128, randomSeed, sfc32 } from '../seeds/seed';

export const GALLERY_SEQUENCE_VERSION = 1;
/** Symbols per gallery page; also the generator batch size (one forward pass per page). */
export const GALLERY_PAGE_SIZE = 24;
/** Pages are numbered from 1; the last page is far beyond any scroll (24 million symbols). */
export const GALLERY_MAX_PAGE = 1_000_000;

const TWO_POW_32 = 4294967296;

/** The seed at position `index` (0-based) of the gallery sequence. */
export function gallerySeed(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new Error(`A gallery index is a whole number from 0, got ${index}.`);
  const [a, b, c, d] = cyrb128(new TextEncoder().encode(`tsdne-gallery-v${GALLERY_SEQUENCE_VERSION}:${index}`));
  const next = sfc32(a, b, c, d);
  for (let i = 0; i < 15; i++) next();
  return randomSeed((n) => Math.floor((next() / TWO_POW_32) * n));
}

/** The seeds of gallery page `page` (1-based). */
export function galleryPageSeeds(page: number, size = GALLERY_PAGE_SIZE): string[] {
  if (!Number.isSafeInteger(page) || page < 1 || page > GALLERY_MAX_PAGE) {
    throw new Error(`A gallery page is a whole number from 1 to ${GALLERY_MAX_PAGE}, got ${page}.`);
  }
  const first = (page - 1) * size;
  return Array.from({ length: size }, (_, i) => gallerySeed(first + i));
}
