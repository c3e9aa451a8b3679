'use client';

import { createContext, useContext } from 'react';

import type { SymbolStatus } from '@/hooks/use-symbol';
import type { ModelEntry } from '@/lib/model/model-folder';
import type { RenderedSymbol, ShownSymbol } from '@/lib/render/symbol';

/** What the studio's islands read and do: the symbol asked for, how it is drawn, and the visitor's actions. */
export interface Studio {
  model: ModelEntry | null;
  /** The model id links carry: set only for a model other than the default. */
  linkModel: string | null;
  /** The model a link asked for (?m=), shown on the plate when there is no such model. */
  requestedModel: string | null;
  psi: number;
  seed: string | null;
  style: string | null;
  /** The named sliders' offsets the symbol is drawn with, as ?e= writes them ('' for none). */
  edits: string;
  status: SymbolStatus;
  /** The latest finished symbol (the server's first paint, or one the browser drew with its outlines and pass time). */
  symbol: (ShownSymbol & Partial<Pick<RenderedSymbol, 'outlines' | 'generateMs'>>) | null;
  retry: () => void;
  /** The page's scripts run: Another and the shortcuts are heard. */
  interactive: boolean;
  /** A random seed for "Morph from here", chosen in the browser. */
  morphTarget: string | null;
  another: () => void;
  chooseStyle: (style: string | null) => void;
  /** A symbol the Adjust panel drew for the seed on screen (its offsets become the studio's), with how it was drawn. */
  showAdjusted: (symbol: ShownSymbol & Pick<RenderedSymbol, 'generateMs'>, status: SymbolStatus & { state: 'ready' }) => void;
}

export const StudioContext = createContext<Studio | null>(null);

/** The studio around an island (components/symbol/studio-provider). */
export function useStudio(): Studio {
  const studio = useContext(StudioContext);
  if (!studio) throw new Error('A studio island is rendered outside <StudioProvider>.');
  return studio;
}
