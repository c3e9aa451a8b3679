import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

import { backendsFromUrl } from '@/lib/browser/backend-param';
import { getGenerator, removeProgressListener } from '@/lib/browser/engine';
import type { PageGenerator } from '@/lib/browser/generator-client';
import type { BackendName } from '@/lib/model/backend';
import type { LoadProgress } from '@/lib/model/generator';
import type { ModelEntry } from '@/lib/model/model-folder';

export type GeneratorStatus =
  | { state: 'loading'; phase: LoadProgress['phase'] | 'start'; loaded: number; total: number; fromCache: boolean }
  | { state: 'ready'; backend: BackendName; fromCache: boolean }
  | { state: 'error'; message: string; retryable: boolean };

/**
 * The page's shared generator for `model` (lib/browser/engine, running in the generator's worker), with load
 * progress, errors and Retry: what gallery and morph draw with, and what useSymbol builds on. `backends`
 * defaults to the page's `?backend=`. The status follows the generator's backend when it changes (a new
 * worker after a lost WebGL context), so the page always names the backend that drew.
 */
export function useGenerator(model: ModelEntry | null, fatal: string | null = null, backends?: readonly BackendName[]) {
  const [generator, setGenerator] = useState<PageGenerator | null>(null);
  const [progress, setProgress] = useState<LoadProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!model || fatal) return;
    let live = true;
    const chosen = backends ?? backendsFromUrl();
    const onProgress = (p: LoadProgress) => live && setProgress(p);
    getGenerator(model, { onProgress, backends: chosen })
      .then((g) => live && setGenerator(g))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
      removeProgressListener(model, onProgress, chosen);
    };
  }, [model, fatal, attempt, backends]);

  const subscribe = useCallback((onChange: () => void) => generator?.subscribe(onChange) ?? (() => undefined), [generator]);
  const backend = useSyncExternalStore(subscribe, () => generator?.backend ?? null, () => null);
  const fromCache = useSyncExternalStore(subscribe, () => generator?.fromCache ?? false, () => false);

  const retry = useCallback(() => {
    setError(null);
    setProgress(null);
    setAttempt((a) => a + 1);
  }, []);

  let status: GeneratorStatus;
  if (fatal) status = { state: 'error', message: fatal, retryable: false };
  else if (error) status = { state: 'error', message: error, retryable: true };
  else if (generator && backend) status = { state: 'ready', backend, fromCache };
  else
    status = {
      state: 'loading',
      phase: progress?.phase ?? 'start',
      loaded: progress?.loaded ?? 0,
      total: progress?.total ?? model?.bytes ?? 0,
      fromCache: progress?.fromCache ?? false,
    };
  return { generator: status.state === 'ready' ? generator : null, status, retry };
}
