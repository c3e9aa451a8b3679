import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';

import { AdjustSession } from '@/lib/adjust/session';
import { subjectKey, type AdjustSubject } from '@/lib/adjust/subject';
import { fetchModelSource } from '@/lib/browser/model-source';
import type { ModelEntry } from '@/lib/model/model-folder';
import { loadSliders, type SlidersFile } from '@/lib/sliders/sliders-file';

import { useGenerator } from './use-generator';


/**
 * The Adjust panel's session (lib/adjust/session) for `subject` under `model`: nothing is loaded until `open`; then
 * the model's sliders.json (sha256-checked) and the page's shared generator, and the session draws with both.
 * `initialEdits`: the link's ?e=.
 */
export function useAdjustSession(model: ModelEntry, subject: AdjustSubject, open: boolean, initialEdits: string | null) {
  const key = subjectKey(subject);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the key names the subject; a new object for the same subject keeps the session
  const session = useMemo(() => new AdjustSession(subject, initialEdits), [key, model.id]);
  const [file, setFile] = useState<SlidersFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const { generator, status, retry: retryGenerator } = useGenerator(open ? model : null);

  useEffect(() => {
    if (!open || file?.modelId === model.id) return;
    const abort = new AbortController();
    loadSliders(model, fetchModelSource(), abort.signal)
      .then((loaded) => setFile(loaded))
      .catch((e: unknown) => abort.signal.aborted || setFileError(e instanceof Error ? e.message : String(e)));
    return () => abort.abort();
  }, [open, model, file, attempt]);

  useEffect(() => {
    session.setSources(generator, file?.modelId === model.id ? file : null);
  }, [session, generator, file, model.id]);

  const state = useSyncExternalStore(
    (fn) => session.subscribe(fn),
    () => session.current,
    () => session.current,
  );
  const retry = () => {
    setFileError(null);
    setAttempt((a) => a + 1);
    retryGenerator();
    session.retry();
  };
  return { session, state, file: file?.modelId === model.id ? file : null, fileError, status, retry };
}
