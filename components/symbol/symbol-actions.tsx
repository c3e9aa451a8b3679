'use client';

import { useState } from 'react';

import { ShareLinkButton } from '@/components/controls/share-link-button';
import { fetchedBlob, PNG_SIZE, pngBlob, saveMade, symbolSvgBlob } from '@/lib/browser/download';
import { symbolImagePath } from '@/lib/links';
import { fileStem } from '@/lib/render/file-names';
import { symbolImage } from '@/lib/render/image';
import type { RenderedSymbol, ShownSymbol } from '@/lib/render/symbol';
import { seedTitle } from '@/lib/share';
import { SITE } from '@/lib/site';

/**
 * Another, share (or copy) link, PNG and SVG downloads. Downloads are disabled until the symbol is ready; `link` is a path on this
 * site. The SVG is written from the path data; the PNG is filled from the outlines the browser traced, or, for the
 * symbol the server drew into the page (which carries only its path data), is the image API's PNG of that symbol.
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

  const save = async (kind: 'PNG' | 'SVG') => {
    if (!symbol) return;
    const stem = fileStem(symbol.seed, symbol.modelId, symbol.psi, symbol.chosenStyle);
    const png = () =>
      symbol.outlines
        ? pngBlob(symbolImage(symbol.outlines, { size: PNG_SIZE }))
        : fetchedBlob(symbolImagePath(symbol.seed, 'png', { size: PNG_SIZE, model: symbol.modelId, psi: symbol.psi, style: symbol.chosenStyle }));
    const failed = await saveMade(`${stem}.${kind.toLowerCase()}`, () => (kind === 'PNG' ? png() : symbolSvgBlob(symbol)));
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
