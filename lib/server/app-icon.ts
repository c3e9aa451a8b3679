/**
 * The favicon and app icons: the symbol of SITE.iconSeed under the default model, ink on
 * parchment. Made by the same server generator as the image API; if no model is published yet (or
 * it cannot load), a plain hollow diamond stands in, so a build never fails for want of an icon.
 */
import 'server-only';

import { resolveModel } from '../model/model-index';
import { parseHexColor, symbolImage } from '../render/image';
import { polygonOutline, type Outline } from '../render/outline';
import { SITE } from '../site';
import { renderSymbol } from './generator';
import { readModelIndex } from './model-files';
import { encodePng } from './png';

/** A hollow diamond in the symbol's 0..1024 square: an outer square on its point, and its hole. */
const FALLBACK: Outline[] = [
  polygonOutline([
    { x: 512, y: 112 },
    { x: 912, y: 512 },
    { x: 512, y: 912 },
    { x: 112, y: 512 },
  ]),
  polygonOutline([
    { x: 512, y: 312 },
    { x: 312, y: 512 },
    { x: 512, y: 712 },
    { x: 712, y: 512 },
  ]),
];

async function iconOutlines(): Promise<Outline[]> {
  try {
    const index = await readModelIndex();
    const resolved = index ? resolveModel(index, null) : null;
    if (!resolved?.ok) return FALLBACK;
    return (await renderSymbol(resolved.model, SITE.iconSeed)).outlines;
  } catch (error) {
    console.error('app icon: using the fallback shape:', error);
    return FALLBACK;
  }
}

/** A square PNG icon; `padding` is the margin around the symbol as a share of `size`. */
export async function appIconPng(size: number, padding = 0.08): Promise<Uint8Array<ArrayBuffer>> {
  return encodePng(
    symbolImage(await iconOutlines(), {
      size,
      padding,
      ink: parseHexColor(SITE.colors.ink),
      paper: parseHexColor(SITE.colors.paper),
    }),
  );
}
