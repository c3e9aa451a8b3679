import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

import { fetchModelSource } from '@/lib/browser/model-source';
import type { ModelEntry } from '@/lib/model/model-folder';
import { RealOrNotGame, type GameState } from '@/lib/real-or-not/game';
import { loadRealSet, type RealSet } from '@/lib/real-or-not/real-set';
import type { ScoreStorage } from '@/lib/real-or-not/score';

import { useGenerator } from './use-generator';

/** localStorage, or null where the browser refuses it (the score then lasts for the visit). */
function browserStorage(): ScoreStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * "Which one is real?" against `model` (lib/real-or-not/game): the page's shared generator, the model's real set
 * (downloaded and sha256-checked), and the game, made in the browser after hydration since the score is in
 * localStorage. A model without a real set loads nothing. `state` is null until the game exists; `failed` is why the
 * model or its real set could not be loaded; `retry` tries whatever failed again.
 */
export function useRealOrNot(model: ModelEntry | null, fatal: string | null) {
  const playable = model?.realSymbols ? model : null;
  const { generator, status, retry: retryLoad } = useGenerator(playable, fatal);
  const [realSet, setRealSet] = useState<RealSet | null>(null);
  const [realSetError, setRealSetError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [game, setGame] = useState<RealOrNotGame | null>(null);

  useEffect(() => {
    if (!playable) return;
    const controller = new AbortController();
    loadRealSet(playable, fetchModelSource(), controller.signal).then(
      (set) => setRealSet(set),
      (e: unknown) => !controller.signal.aborted && setRealSetError(e instanceof Error ? e.message : String(e)),
    );
    return () => controller.abort();
  }, [playable, attempt]);

  useEffect(() => {
    if (!playable) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the score is read from localStorage: made in the browser, after hydration
    setGame(new RealOrNotGame({ model: playable, storage: browserStorage() }));
  }, [playable]);

  useEffect(() => {
    game?.setSources(generator, realSet?.modelId === playable?.id ? realSet : null);
  }, [game, generator, realSet, playable]);

  const subscribe = useCallback((onChange: () => void) => game?.subscribe(onChange) ?? (() => undefined), [game]);
  const state: GameState | null = useSyncExternalStore(
    subscribe,
    () => game?.current ?? null,
    () => null,
  );

  const retry = useCallback(() => {
    setRealSetError(null);
    setAttempt((a) => a + 1);
    retryLoad();
    game?.retry();
  }, [retryLoad, game]);

  const failed = status.state === 'error' ? status : realSetError ? { message: realSetError, retryable: true } : null;
  return { game, state, loadStatus: status, failed, retry };
}
