import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

import { fetchModelSource } from '@/lib/browser/model-source';
import type { ModelEntry } from '@/lib/model/model-folder';
import { RealOrNotGame, type GameState } from '@/lib/real-or-not/game';
import { loadRealSet, type RealSet } from '@/lib/real-or-not/real-set';
import type { FirstRound } from '@/lib/real-or-not/round';
import type { ScoreStorage } from '@/lib/real-or-not/score';

import { useGenerator } from './use-generator';
import { useLoadedAndIdle } from './use-loaded-and-idle';

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
 * localStorage. A model without a real set loads nothing. With the round the server drew into the page (`firstRound`,
 * for this model) the game starts on it, and the model and the real set, needed for the round after it, load once the
 * page is loaded and idle. `state` is null until the game exists (`serverRound` is what the page shows until then);
 * `failed` is why the model or its real set could not be loaded; `retry` tries whatever failed again.
 */
export function useRealOrNot(model: ModelEntry | null, fatal: string | null, firstRound: FirstRound | null) {
  const playable = model?.realSymbols ? model : null;
  const serverRound = playable && firstRound?.modelId === playable.id ? firstRound.round : null;
  const idle = useLoadedAndIdle();
  const start = !serverRound || idle;
  const { generator, status, retry: retryLoad } = useGenerator(start ? playable : null, fatal);
  const [realSet, setRealSet] = useState<RealSet | null>(null);
  const [realSetError, setRealSetError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [game, setGame] = useState<RealOrNotGame | null>(null);

  useEffect(() => {
    if (!playable || !start) return;
    const controller = new AbortController();
    loadRealSet(playable, fetchModelSource(), controller.signal).then(
      (set) => setRealSet(set),
      (e: unknown) => !controller.signal.aborted && setRealSetError(e instanceof Error ? e.message : String(e)),
    );
    return () => controller.abort();
  }, [playable, start, attempt]);

  useEffect(() => {
    if (!playable) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the score is read from localStorage: made in the browser, after hydration
    setGame(new RealOrNotGame({ model: playable, storage: browserStorage(), firstRound: serverRound }));
  }, [playable, serverRound]);

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
  return { game, state, serverRound, loadStatus: status, failed, retry };
}
