'use client';

import { useEffect } from 'react';

import { useSymbol } from '@/hooks/use-symbol';
import type { BackendName } from '@/lib/model/backend';
import type { ModelEntry } from '@/lib/model/model-folder';
import { askedKey } from '@/lib/render/shown-symbol';
import type { ShownSymbol } from '@/lib/render/symbol';

import type { Studio } from './studio-context';

/** What the drawer reports: the status and symbol for the symbol `asked` names (lib/render/shown-symbol askedKey). */
export type Drawing = Pick<Studio, 'status' | 'symbol' | 'retry'> & { asked: string };

/**
 * The browser's drawing of the studio's symbol (hooks/use-symbol: the generator's worker, its backends and fallbacks,
 * Retry), reported to the studio, which shows it; it renders nothing itself. A chunk of its own, which the studio
 * loads once the page is idle or as soon as the symbol asked for is not the server's first paint, so the generator's
 * client and the renderer are no part of the first load and the plate the server drew is never redrawn to the same.
 */
export default function SymbolDrawer(props: {
  model: ModelEntry | null;
  fatal: string | null;
  seed: string | null;
  backends: readonly BackendName[] | undefined | null;
  psi: number;
  style: string | null;
  edits: string;
  /** The symbol asked for when the studio has it already (the server's first paint, the Adjust panel's drawing). */
  onHand: ShownSymbol | null;
  onDrawing: (drawing: Drawing) => void;
}) {
  const { model, fatal, seed, backends, psi, style, edits, onHand, onDrawing } = props;
  const { status, symbol, retry } = useSymbol(model, seed, { fatal, backends, psi, style, edits, onHand });
  // The status is a new object on every render: reported when what it says changes, or the studio would render again
  // for nothing, and this again after it, without end.
  const said = JSON.stringify(status);
  const asked = askedKey({ seed, modelId: model?.id ?? null, psi, style, edits });
  useEffect(() => onDrawing({ status: JSON.parse(said) as Drawing['status'], symbol, retry, asked }), [onDrawing, said, symbol, retry, asked]);
  return null;
}
