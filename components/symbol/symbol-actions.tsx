'use client';

import { useState } from 'react';

import { copyText } from '@/lib/browser/clipboard';
import { fileStem, saveMade, symbolPng, symbolSvgBlob } from '@/lib/browser/download';
import type { RenderedSymbol } from '@/lib/symbol';

/** Another, copy link, PNG and SVG downloads. Downloads are disabled until the symbol is ready. */
export function SymbolActions(props: { symbol: RenderedSymbol | null; ready: boolean; link: string | null; onAnother: () => void }) {
  const { symbol, ready, link, onAnother } = props;
  const [note, setNote] = useState('');
  const canSave = ready && symbol !== null;

  const say = (text: string) => {
    setNote(text);
    window.setTimeout(() => setNote((n) => (n === text ? '' : n)), 2500);
  };
  const save = async (kind: 'PNG' | 'SVG') => {
    if (!symbol) return;
    const stem = fileStem(symbol.seed, symbol.modelId, symbol.psi);
    const failed = await saveMade(`${stem}.${kind.toLowerCase()}`, () => (kind === 'PNG' ? symbolPng(symbol) : symbolSvgBlob(symbol)));
    if (failed) say(`The ${kind} could not be made: ${failed}`);
  };

  return (
    <div className="flex w-full flex-col items-center gap-3">
      <div className="grid w-full max-w-md grid-cols-3 gap-2 sm:flex sm:w-auto sm:max-w-none sm:items-center sm:justify-center">
        <button type="button" className="btn btn-primary col-span-3 justify-center sm:px-6" onClick={onAnother} aria-keyshortcuts="Space ArrowRight">
          Another
        </button>
        <button
          type="button"
          className="btn justify-center px-3"
          disabled={!link}
          onClick={async () => {
            if (!link) return;
            await copyText(link);
            say('Link copied');
          }}
        >
          Copy link
        </button>
        <button
          type="button"
          className="btn justify-center px-3"
          disabled={!canSave}
          onClick={() => save('PNG')}
        >
          PNG <span className="text-muted">1024</span>
        </button>
        <button
          type="button"
          className="btn justify-center px-3"
          disabled={!canSave}
          onClick={() => save('SVG')}
        >
          SVG <span className="text-muted">vector</span>
        </button>
      </div>
      <p className="h-5 text-sm text-accent" role="status" aria-live="polite">
        {note}
      </p>
    </div>
  );
}
