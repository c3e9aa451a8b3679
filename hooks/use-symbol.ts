import { useCallback, useEffect, useRef, useState } from 'react';

import { whenLoadedAndIdle } from '@/lib/browser/idle';
import type { BackendName } from '@/lib/model/backend';
import type { ModelEntry } from '@/lib/model/model-folder';
import { isSymbolAsked } from '@/lib/render/shown-symbol';
import { renderSeeds, type RenderedSymbol, type ShownSymbol } from '@/lib/render/symbol';

import { SERVER_READY, type SymbolStatus } from './symbol-status';
import { useGenerator } from './use-generator';

export type { SymbolStatus } from './symbol-status';

/**
 * The symbol a page shows for `seed`, in `style` (a style id of a conditional model, from ?k= or the style picker) or,
 * when null, the seed's own: the server's `firstPaint` (drawn into the page's HTML) while it is that symbol, else the
 * browser's own, rendered with the page's shared generator (useGenerator). The generator starts when the browser has
 * a symbol to draw (another seed, strangeness or style than the first paint's, or no first paint), or else once the
 * page has loaded and is idle, so TensorFlow.js and the model never hold up the first paint and Another finds them
 * ready. `backends` null: the page has not read its ?backend= yet, so nothing starts.
 * `symbol` is the latest finished symbol; it may belong to an earlier seed while a new one renders.
 */
export function useSymbol(
  model: ModelEntry | null,
  seed: string | null,
  options: {
    fatal?: string | null;
    backends?: readonly BackendName[] | null;
    psi?: number;
    style?: string | null;
    firstPaint?: ShownSymbol | null;
  } = {},
) {
  const psi = options.psi ?? 1;
  const style = options.style ?? null;
  const firstPaint = options.firstPaint ?? null;
  const asked = { seed, modelId: model?.id ?? null, psi, style };
  const fromServer = isSymbolAsked(firstPaint, asked) ? firstPaint : null;
  const [idle, setIdle] = useState(false);
  useEffect(() => whenLoadedAndIdle(() => setIdle(true)), []);
  const start = (idle || !fromServer) && options.backends !== null;
  const { generator, status: loadStatus, retry: retryLoad } = useGenerator(start ? model : null, options.fatal ?? null, options.backends ?? undefined);
  const [symbol, setSymbol] = useState<RenderedSymbol | null>(null);
  const [renderError, setRenderError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  const drawInBrowser = !fromServer;
  useEffect(() => {
    if (!generator || !seed || !drawInBrowser) return;
    const ticket = ++latest.current;
    renderSeeds(generator, [seed], { psi, style })
      .then(([s]) => {
        if (ticket === latest.current && s) {
          setSymbol(s);
          setRenderError(null);
        }
      })
      .catch((e: unknown) => ticket === latest.current && setRenderError(e instanceof Error ? e.message : String(e)));
    // `attempt` re-runs this after Retry even when the (cached) generator object is unchanged.
  }, [generator, seed, psi, style, attempt, drawInBrowser]);

  const retry = useCallback(() => {
    setRenderError(null);
    setAttempt((a) => a + 1);
    retryLoad();
  }, [retryLoad]);

  let status: SymbolStatus;
  if (fromServer) status = SERVER_READY;
  else if (!generator) status = loadStatus;
  else if (renderError) status = { state: 'error', message: renderError, retryable: true };
  else if (isSymbolAsked(symbol, asked)) status = loadStatus;
  else status = { state: 'loading', phase: 'generate', loaded: 1, total: 1, fromCache: generator.fromCache };
  // The server's symbol carries only what the page shows; one the browser drew has its outlines and pass time too.
  const shown: (ShownSymbol & Partial<RenderedSymbol>) | null = fromServer ?? symbol;
  return { status, symbol: shown, retry };
}
