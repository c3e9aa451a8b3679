import { useCallback, useEffect, useRef, useState } from 'react';

import type { BackendName } from '@/lib/backend';
import { getGenerator, removeProgressListener } from '@/lib/browser/engine';
import type { LoadProgress, SymbolGenerator } from '@/lib/generator';
import type { ModelEntry } from '@/lib/models';
import { renderSeeds, type RenderedSymbol } from '@/lib/symbol';

export type SymbolStatus =
  | { state: 'loading'; phase: LoadProgress['phase'] | 'start' | 'generate'; loaded: number; total: number; fromCache: boolean }
  | { state: 'ready'; backend: BackendName; fromCache: boolean }
  | { state: 'error'; message: string; retryable: boolean };

/**
 * Loads the model once (shared through lib/browser/engine) and renders `seed` with it.
 * `symbol` is the latest finished symbol; it may belong to an earlier seed while a new one renders.
 */
export function useSymbol(
  model: ModelEntry | null,
  seed: string | null,
  options: { fatal?: string | null; backends?: readonly BackendName[]; psi?: number } = {},
) {
  const { fatal, backends } = options;
  const psi = options.psi ?? 1;
  const [generator, setGenerator] = useState<SymbolGenerator | null>(null);
  const [progress, setProgress] = useState<LoadProgress | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [symbol, setSymbol] = useState<RenderedSymbol | null>(null);
  const [renderError, setRenderError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (!model || fatal) return;
    let live = true;
    const onProgress = (p: LoadProgress) => live && setProgress(p);
    getGenerator(model, { onProgress, backends })
      .then((g) => live && setGenerator(g))
      .catch((e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
      removeProgressListener(model, onProgress, backends);
    };
  }, [model, fatal, attempt, backends]);

  useEffect(() => {
    if (!generator || !seed) return;
    const ticket = ++latest.current;
    renderSeeds(generator, [seed], { psi })
      .then(([s]) => {
        if (ticket === latest.current && s) {
          setSymbol(s);
          setRenderError(null);
        }
      })
      .catch((e: unknown) => ticket === latest.current && setRenderError(e instanceof Error ? e.message : String(e)));
    // `attempt` re-runs this after Retry even when the (cached) generator object is unchanged.
  }, [generator, seed, psi, attempt]);

  const retry = useCallback(() => {
    setLoadError(null);
    setRenderError(null);
    setProgress(null);
    setAttempt((a) => a + 1);
  }, []);

  let status: SymbolStatus;
  if (fatal) status = { state: 'error', message: fatal, retryable: false };
  else if (loadError) status = { state: 'error', message: loadError, retryable: true };
  else if (renderError) status = { state: 'error', message: renderError, retryable: true };
  else if (generator && symbol && symbol.seed === seed && symbol.modelId === model?.id && symbol.psi === psi)
    status = { state: 'ready', backend: generator.backend, fromCache: generator.fromCache };
  else if (generator) status = { state: 'loading', phase: 'generate', loaded: 1, total: 1, fromCache: generator.fromCache };
  else
    status = {
      state: 'loading',
      phase: progress?.phase ?? 'start',
      loaded: progress?.loaded ?? 0,
      total: progress?.total ?? model?.bytes ?? 0,
      fromCache: progress?.fromCache ?? false,
    };
  return { status, symbol, retry };
}
