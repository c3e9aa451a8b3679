/**
 * Whether a symbol on hand is the one a page asks for. Apart from ./symbol (which traces), so the page's first-load code
 * can tell whether the server's first paint is still the symbol asked for without loading the renderer.
 */
import type { ShownSymbol } from './symbol';

/** What a page asks for: a seed under a model, at a strangeness, in a chosen style (null: the seed's own). */
export interface SymbolAsked {
  seed: string | null;
  modelId: string | null;
  psi: number;
  style: string | null;
}

/** `shown` is the symbol `asked` names: the same seed, model, strangeness and chosen style. */
export function isSymbolAsked(shown: Pick<ShownSymbol, 'seed' | 'modelId' | 'psi' | 'chosenStyle'> | null, asked: SymbolAsked): boolean {
  return shown !== null && shown.seed === asked.seed && shown.modelId === asked.modelId && shown.psi === asked.psi && shown.chosenStyle === asked.style;
}

/** `asked` as one string, equal for equal asks: what a drawing was made for, to tell a stale one from the current. */
export function askedKey(asked: SymbolAsked): string {
  return JSON.stringify([asked.seed, asked.modelId, asked.psi, asked.style]);
}
