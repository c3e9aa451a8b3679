/**
 * Whether a symbol on hand is the one a page asks for. Apart from ./symbol (which traces), so the page's first-load code
 * can tell whether the server's first paint is still the symbol asked for without loading the renderer.
 */
import type { ShownSymbol } from './symbol';

/**
 * What a page asks for: a seed under a model, at a strangeness, in a chosen style (null: the seed's own), moved by the
 * named sliders (`edits` as ?e= writes them, lib/sliders/edits; '' when none is moved).
 */
export interface SymbolAsked {
  seed: string | null;
  modelId: string | null;
  psi: number;
  style: string | null;
  edits: string;
}

/** `shown` is the symbol `asked` names: the same seed, model, strangeness, chosen style and sliders' offsets. */
export function isSymbolAsked(shown: Pick<ShownSymbol, 'seed' | 'modelId' | 'psi' | 'chosenStyle' | 'edits'> | null, asked: SymbolAsked): boolean {
  return (
    shown !== null &&
    shown.seed === asked.seed &&
    shown.modelId === asked.modelId &&
    shown.psi === asked.psi &&
    shown.chosenStyle === asked.style &&
    (shown.edits ?? '') === asked.edits
  );
}

/** `asked` as one string, equal for equal asks: what a drawing was made for, to tell a stale one from the current. */
export function askedKey(asked: SymbolAsked): string {
  return JSON.stringify([asked.seed, asked.modelId, asked.psi, asked.style, asked.edits]);
}
