'use client';

import { useState } from 'react';

import { ShareLinkButton } from '@/components/controls/share-link-button';
import type { SymbolFileKind } from '@/lib/browser/save-symbol';
import { PNG_SIZE } from '@/lib/render/file-names';
import type { RenderedSymbol, ShownSymbol } from '@/lib/render/symbol';
import { seedTitle } from '@/lib/share';
import { SITE } from '@/lib/site';

/**
 * Another, share (or copy) link, PNG and SVG downloads. Downloads are disabled until the symbol is ready; `link` is a
 * path on this site. The file code (the rasterizer among it) loads on the first download (lib/browser/save-symbol),
 * so the buttons cost the first load only themselves.
 */
export function SymbolActions(props: {
  symbol: (ShownSymbol & Partial<Pick<RenderedSymbol, 'outlines'>>) | null;
  ready: boolean;
  link: string | null;
  onAnother: () => void;
}) {
  const { symbol, ready, link, onAnother } = props;
  const [note, setNote] = useState('');
  const canSave = ready && symbol !== null;

  const save = async (kind: SymbolFileKind) => {
    if (!symbol) return;
    const failed = await import('@/lib/browser/save-symbol').then(
      ({ saveSymbol }) => saveSymbol(symbol, kind),
      (e: unknown) => `its code did not load (${e instanceof Error ? e.message : String(e)}).`,
    );
    if (!failed) return;
    const text = `The ${kind} could not be made: ${failed}`;
    setNote(text);
    window.setTimeout(() => setNote((n) => (n === text ? '' : n)), 2500);
  };

  return (
    <div className="flex w-full flex-col items-center gap-3">
      <div className="grid w-full max-w-md grid-cols-3 gap-2 sm:flex sm:w-auto sm:max-w-none sm:items-center sm:justify-center">
        <button type="button" className="btn btn-primary col-span-3 justify-center sm:px-6" onClick={onAnother} aria-keyshortcuts="Space ArrowRight">
          Another
        </button>
        <ShareLinkButton path={link} title={symbol ? `${seedTitle(symbol.seed)} · ${SITE.name}` : undefined} />
        <button type="button" className="btn justify-center px-3" disabled={!canSave} onClick={() => save('PNG')}>
          PNG <span className="text-muted">{PNG_SIZE}</span>
        </button>
        <button type="button" className="btn justify-center px-3" disabled={!canSave} onClick={() => save('SVG')}>
          SVG <span className="text-muted">vector</span>
        </button>
      </div>
      <p className="h-5 text-sm text-accent" role="status" aria-live="polite">
        {note}
      </p>
    </div>
  );
}
