/** Names of the files the site saves: symbols (PNG, SVG, image API) and morph exports (GIF, PNG strip). */
import { formatPsi } from '../links';

/** File name stem: the seed reduced to [a-z0-9-], plus the model id, plus the strangeness when it is not 1. */
export function fileStem(seed: string, modelId: string, psi = 1): string {
  return `symbol-${fileSlug(seed)}-${modelId}${psiSuffix(psi)}`;
}

/** File name stem of a morph export: `morph-<a>-to-<b>-<model>[-t<psi>]`. */
export function morphFileStem(seedA: string, seedB: string, modelId: string, psi = 1): string {
  return `morph-${fileSlug(seedA, 24)}-to-${fileSlug(seedB, 24)}-${modelId}${psiSuffix(psi)}`;
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
