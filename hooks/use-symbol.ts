import { useCallback, useEffect, useRef, useState } from 'react';

import { whenLoadedAndIdle } from '@/lib/browser/idle';
import { fetchModelSource } from '@/lib/browser/model-source';
import type { BackendName } from '@/lib/model/backend';
import type { ModelEntry } from '@/lib/model/model-folder';
import { isSymbolAsked } from '@/lib/render/shown-symbol';
import { renderSeeds, type RenderedSymbol, type ShownSymbol } from '@/lib/render/symbol';
import { editsShift } from '@/lib/sliders/offsets';
import { loadSliders, type SlidersFile } from '@/lib/sliders/sliders-file';

import { SERVER_READY, type SymbolStatus } from './symbol-status';
import { useGenerator } from './use-generator';

export type { SymbolStatus } from './symbol-status';

/**
 * The symbol a page shows for `seed`, in `style` (a style id of a conditional model, from ?k= or the style picker) or,
 * when null, the seed's own, moved by the named sliders' `edits` (?e=, lib/sliders/edits; '' for none): `onHand` (the
 * server's first paint, or a drawing the page has from elsewhere) while it is that symbol, else the browser's own,
 * rendered with the page's shared generator (useGenerator). The generator starts when the browser has a symbol to draw
 * (another seed, strangeness, style or offsets than the one on hand, or none on hand), or else once the page has
 * loaded and is idle, so TensorFlow.js and the model never hold up the first paint and Another finds them ready.
 * Offsets need the model's sliders.json (sha256-checked), loaded only when some are asked for; offsets the sliders
 * refuse are an error that says why. `backends` null: the page has not read its ?backend= yet, so nothing starts.
 * `symbol` is the latest finished symbol; it may belong to an earlier seed while a new one renders.
 */
/** Why `edits` cannot move `file`'s sliders, or null when they can. */
function editsRefused(file: SlidersFile, edits: string): string | null {
  const checked = editsShift(file, edits);
  return checked.ok ? null : checked.error;
}

export function useSymbol(
  model: ModelEntry | null,
  seed: string | null,
  options: {
    fatal?: string | null;
    backends?: readonly BackendName[] | null;
    psi?: number;
    style?: string | null;
    edits?: string;
    onHand?: ShownSymbol | null;
  } = {},
) {
  const psi = options.psi ?? 1;
  const style = options.style ?? null;
  const edits = options.edits ?? '';
  const onHand = options.onHand ?? null;
  const asked = { seed, modelId: model?.id ?? null, psi, style, edits };
  const fromServer = isSymbolAsked(onHand, asked) ? onHand : null;
  const [idle, setIdle] = useState(false);
  useEffect(() => whenLoadedAndIdle(() => setIdle(true)), []);
  const start = (idle || !fromServer) && options.backends !== null;
  const { generator, status: loadStatus, retry: retryLoad } = useGenerator(start ? model : null, options.fatal ?? null, options.backends ?? undefined);
  const [symbol, setSymbol] = useState<RenderedSymbol | null>(null);
  const [renderError, setRenderError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  const [sliders, setSliders] = useState<SlidersFile | null>(null);

  const drawInBrowser = !fromServer;
  // The model's sliders, once offsets are to be drawn in the browser (kept: the file is the same for every seed).
  const needsSliders = drawInBrowser && edits !== '' && model !== null && sliders?.modelId !== model.id;
  useEffect(() => {
    if (!needsSliders || !model) return;
    const abort = new AbortController();
    loadSliders(model, fetchModelSource(), abort.signal)
      .then((file) => (file ? setSliders(file) : setRenderError(`The model ${model.id} has no sliders, so this link cannot move them (e=${edits}).`)))
      .catch((e: unknown) => abort.signal.aborted || setRenderError(e instanceof Error ? e.message : String(e)));
    return () => abort.abort();
    // `attempt`: Retry loads the file again after a failed download.
  }, [needsSliders, model, edits, attempt]);

  // Why the sliders refuse the offsets (the plate's error; the page's own ?e= the server checked already), else null.
  const modelId = model?.id ?? null;
  const refused = edits && sliders && sliders.modelId === modelId ? editsRefused(sliders, edits) : null;

  useEffect(() => {
    if (!generator || !seed || !drawInBrowser) return;
    if (edits && sliders?.modelId !== generator.model.id) return;
    const checked = sliders && edits ? editsShift(sliders, edits) : null;
    if (checked && !checked.ok) return;
    const shift = checked?.shift ?? null;
    const ticket = ++latest.current;
    renderSeeds(generator, [seed], { psi, style, shift })
      .then(([s]) => {
        if (ticket === latest.current && s) {
          setSymbol(s);
          setRenderError(null);
        }
      })
      .catch((e: unknown) => ticket === latest.current && setRenderError(e instanceof Error ? e.message : String(e)));
    // `attempt` re-runs this after Retry even when the (cached) generator object is unchanged.
  }, [generator, seed, psi, style, edits, sliders, attempt, drawInBrowser]);

  const retry = useCallback(() => {
    setRenderError(null);
    setAttempt((a) => a + 1);
    retryLoad();
  }, [retryLoad]);

  let status: SymbolStatus;
  if (fromServer) status = SERVER_READY;
  else if (!generator) status = loadStatus;
  else if (refused) status = { state: 'error', message: refused, retryable: false };
  else if (renderError) status = { state: 'error', message: renderError, retryable: true };
  else if (isSymbolAsked(symbol, asked)) status = loadStatus;
  else status = { state: 'loading', phase: 'generate', loaded: 1, total: 1, fromCache: generator.fromCache };
  // The symbol on hand carries only what the page shows; one the browser drew has its outlines and pass time too.
  const shown: (ShownSymbol & Partial<RenderedSymbol>) | null = fromServer ?? symbol;
  return { status, symbol: shown, retry };
}
