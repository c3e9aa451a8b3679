/**
 * The favicon and app icons: the symbol of SITE.iconSeed under the default model, ink on
 * parchment. Made by the same server generator as the image API; if no model is published yet (or
 * it cannot load), a plain hollow diamond stands in, so a build never fails for want of an icon.
 */
import { resolveModel } from '../models';
import { SITE } from '../site';
import { renderSymbol } from './generator';
import { readModelIndex } from './model-files';
import { parseHexColor, symbolPng } from './symbol-image';

const FALLBACK_PATH = 'M512 112L912 512L512 912L112 512ZM512 312L312 512L512 712L712 512Z';

export async function iconPathData(): Promise<string> {
  try {
    const index = await readModelIndex();
    const resolved = index ? resolveModel(index, null) : null;
    if (!resolved?.ok) return FALLBACK_PATH;
    return (await renderSymbol(resolved.model, SITE.iconSeed)).pathData;
  } catch (error) {
    console.error('app icon: using the fallback shape:', error);
    return FALLBACK_PATH;
  }
}

/** A square PNG icon; `padding` is the margin around the symbol as a share of `size`. */
export async function appIconPng(size: number, padding = 0.08): Promise<Uint8Array<ArrayBuffer>> {
  return symbolPng({ pathData: await iconPathData() }, {
    size,
    padding,
    ink: parseHexColor(SITE.colors.ink),
    paper: parseHexColor(SITE.colors.paper),
  });
}
