import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

import { liveTensors } from '@/lib/browser/engine';
import type { SymbolGenerator } from '@/lib/model/generator';
import type { ModelEntry } from '@/lib/model/model-folder';
import { MORPH_BATCH, type LegStyleChoice } from '@/lib/morph/frames';
import { MorphSession, type MorphState } from '@/lib/morph/session';
import { parseBatchParam } from '@/lib/route-params';

/**
 * The page's morph session (lib/morph/session) from seed A to seed B, their ends in `styles` (the link's ?k=, ?ka=,
 * ?kb=; null ends in their seeds' own styles): made in the browser once the model
 * is known (with the link's ?batch= and autoplay unless the visitor prefers reduced motion), drawing with
 * `generator` while there is one, ticked by requestAnimationFrame while playing. `state` is null until then.
 * `tensors` counts TensorFlow.js's live tensors after each forward pass, for the leak checks.
 */
export function useMorphSession(
  model: ModelEntry | null,
  seedA: string,
  seedB: string,
  psi: number,
  styles: LegStyleChoice,
  generator: SymbolGenerator | null,
) {
  const [session, setSession] = useState<MorphSession | null>(null);
  const [styleA, styleB] = styles;
  useEffect(() => {
    if (!model) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the session reads the URL and a media query: made in the browser, after hydration
    setSession(
      new MorphSession({
        seedA,
        seedB,
        psi,
        styles: [styleA, styleB],
        model,
        batch: parseBatchParam(new URLSearchParams(window.location.search).get('batch') ?? undefined, MORPH_BATCH),
        autoplay: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
        countTensors: liveTensors,
      }),
    );
  }, [model, seedA, seedB, psi, styleA, styleB]);

  useEffect(() => {
    if (!session) return;
    session.setGenerator(generator);
    return () => session.setGenerator(null);
  }, [session, generator]);

  const subscribe = useCallback((onChange: () => void) => session?.subscribe(onChange) ?? (() => undefined), [session]);
  const state: MorphState | null = useSyncExternalStore(
    subscribe,
    () => session?.current ?? null,
    () => null,
  );

  const playing = state?.playing ?? false;
  useEffect(() => {
    if (!session || !playing) return;
    let last = performance.now();
    let raf = 0;
    const step = (now: number) => {
      session.tick(now - last);
      last = now;
      raf = requestAnimationFrame(step);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  }, [session, playing]);

  return { session, state, tensors: state?.tensors ?? null };
}
