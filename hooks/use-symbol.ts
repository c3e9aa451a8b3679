import { useCallback, useEffect, useRef, useState } from 'react';

import type { BackendName } from '@/lib/model/backend';
import type { ModelEntry } from '@/lib/model/model-folder';
import { renderSeeds, type RenderedSymbol } from '@/lib/render/symbol';

import { useGenerator, type GeneratorStatus } from './use-generator';

/** The generator's status, or, once it is ready, the symbol's: rendering counts as loading ("generate"). */
export type SymbolStatus = GeneratorStatus | { state: 'loading'; phase: 'generate'; loaded: number; total: number; fromCache: boolean };

/**
 * Loads the model once (useGenerator, shared through lib/browser/engine) and renders `seed` with it, in `style`
 * (a style id of a conditional model, from ?k= or the style picker) or, when null, the seed's own.
 * `symbol` is the latest finished symbol; it may belong to an earlier seed while a new one renders.
 */
export function useSymbol(
  model: ModelEntry | null,
  seed: string | null,
  options: { fatal?: string | null; backends?: readonly BackendName[]; psi?: number; style?: string | null } = {},
) {
  const psi = options.psi ?? 1;
  const style = options.style ?? null;
  const { generator, status: loadStatus, retry: retryLoad } = useGenerator(model, options.fatal ?? null, options.backends);
  const [symbol, setSymbol] = useState<RenderedSymbol | null>(null);
  const [renderError, setRenderError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (!generator || !seed) return;
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
  }, [generator, seed, psi, style, attempt]);

  const retry = useCallback(() => {
    setRenderError(null);
    setAttempt((a) => a + 1);
    retryLoad();
  }, [retryLoad]);

  let status: SymbolStatus;
  if (!generator) status = loadStatus;
  else if (renderError) status = { state: 'error', message: renderError, retryable: true };
  else if (symbol && symbol.seed === seed && symbol.modelId === model?.id && symbol.psi === psi && symbol.chosenStyle === style) status = loadStatus;
  else status = { state: 'loading', phase: 'generate', loaded: 1, total: 1, fromCache: generator.fromCache };
  return { status, symbol, retry };
}
