/** Names of the files the site saves: symbols (PNG, SVG, image API) and morph exports (GIF, PNG strip). */
import { formatPsi } from '../links';

/** Width and height of a symbol's PNG download. */
export const PNG_SIZE = 1024;

/**
 * File name stem: the seed reduced to [a-z0-9-], plus the model id, plus the style when the link chose one (?k=),
 * plus the strangeness when it is not 1, plus the sliders' offsets when one was moved (?e=).
 */
export function fileStem(seed: string, modelId: string, psi = 1, style: string | null = null, edits: string | null = null): string {
  return `symbol-${fileSlug(seed)}-${modelId}${style ? `-${style}` : ''}${psiSuffix(psi)}${editsSuffix(edits)}`;
}

/** File name stem of a latent link's symbol: `symbol-z-<the code's first 12 characters>-<model>[-e…]`. */
export function latentFileStem(code: string, modelId: string, edits: string | null = null): string {
  return `symbol-z-${code.slice(0, 12).toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${modelId}${editsSuffix(edits)}`;
}

/** `-e0p1.5-3p-2` for ?e=0:1.5,3:-2: an adjusted symbol's file never overwrites the symbol as drawn. */
function editsSuffix(edits: string | null): string {
  return edits ? `-e${edits.replace(/:/g, 'p').replace(/,/g, '-')}` : '';
}

/**
 * File name stem of a morph export: `morph-<a>-to-<b>-<model>[-<style>[-to-<style>]][-t<psi>]`. The styles are named
 * when the link chose one for either end (`drawn` are the styles the two ends were drawn in), so a morph in its seeds'
 * own styles keeps the name it had before styles existed.
 */
export function morphFileStem(
  seedA: string,
  seedB: string,
  modelId: string,
  psi = 1,
  styles: { chosen: readonly [string | null, string | null]; drawn: readonly [string, string] | null } | null = null,
): string {
  const named = styles?.drawn && (styles.chosen[0] ?? styles.chosen[1]) ? styles.drawn : null;
  const styleSuffix = named ? (named[0] === named[1] ? `-${named[0]}` : `-${named[0]}-to-${named[1]}`) : '';
  return `morph-${fileSlug(seedA, 24)}-to-${fileSlug(seedB, 24)}-${modelId}${styleSuffix}${psiSuffix(psi)}`;
}

/** A seed reduced to [a-z0-9-] for file names. */
function fileSlug(seed: string, max = 40): string {
  return (
    seed
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, max) || 'seed'
  );
}

/** `-t0.7` when the strangeness is not 1, so a truncated symbol's file never overwrites the untruncated one. */
function psiSuffix(psi: number): string {
  return psi === 1 ? '' : `-t${formatPsi(psi)}`;
}
