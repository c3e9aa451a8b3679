import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

import { DrawSession } from '@/lib/draw/session';
import { backendsFromUrl } from '@/lib/browser/backend-param';
import { DrawClient } from '@/lib/browser/draw-client';
import type { ModelEntry } from '@/lib/model/model-folder';

/** One draw worker per page, started by the first search. */
let client: DrawClient | null = null;

/** Searches start this long after the pen lifts, so a symbol drawn in several strokes is searched once it rests. */
const SEARCH_AFTER_MS = 600;

/**
 * /draw's session (lib/draw/session) for `model`, searched in the draw worker (lib/browser/draw-client), and its
 * state. A model without an encoder gets no session: the page says why instead.
 */
export function useDrawSession(model: ModelEntry | null) {
  const [session, setSession] = useState<DrawSession | null>(null);
  useEffect(() => {
    if (!model?.encoder) return;
    const backends = backendsFromUrl();
    const s = new DrawSession(model, (field, onProgress) => (client ??= new DrawClient()).find(model, field, onProgress, backends));
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the session reads the URL (?backend=) and starts a worker: made in the browser, after hydration
    setSession(s);
    return () => {
      s.dispose();
      setSession(null);
    };
  }, [model]);

  const subscribe = useCallback((onChange: () => void) => session?.subscribe(onChange) ?? (() => undefined), [session]);
  const state = useSyncExternalStore(subscribe, () => session?.current ?? null, () => null);

  // Search once the pen has rested: the drawing's strokes change only when a stroke ends, is undone or cleared.
  const strokes = state?.drawing.strokes;
  const drawingNow = state?.drawing.active !== null;
  useEffect(() => {
    if (!session || !strokes?.length || drawingNow) return;
    const timer = window.setTimeout(() => void session.find(), SEARCH_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [session, strokes, drawingNow]);

  return { session, state };
}
