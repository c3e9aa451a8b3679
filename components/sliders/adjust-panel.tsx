'use client';

import { lazy, Suspense, useEffect, useId, useState } from 'react';

import { subjectKey, type AdjustDrawn, type AdjustSubject } from '@/lib/adjust/subject';
import type { ModelEntry } from '@/lib/model/model-folder';

/**
 * The sliders, their drawing and their links: a chunk of their own, loaded when a visitor first opens the panel
 * (React's lazy, as the "Does it exist?" panel: nothing of it joins the page's first-load JavaScript).
 */
const AdjustSliders = lazy(() => import('./adjust-sliders'));

/** The page's ?e= as the address says it now (the studio's link may have changed since the server rendered it). */
function editsInAddress(): string | null {
  return new URLSearchParams(window.location.search).get('e');
}

/**
 * "Adjust": the named sliders of the model (lib/sliders) for the symbol on screen. Collapsed it is one button and
 * loads nothing, so the first paint is unchanged; open, it loads the model's sliders.json and the page's generator and
 * redraws as a slider moves, keeping ?e= in the address and in the links and downloads it offers. A link that carries
 * ?e= opens it. Models published before sliders existed show nothing. `onDrawn` (latent link pages) hears every
 * drawing, for a page that shows it in its own plate; without it the panel shows its own.
 */
export function AdjustPanel(props: {
  model: ModelEntry | null;
  subject: AdjustSubject | null;
  /** The model id links name (null: the default model). */
  linkModel: string | null;
  onDrawn?: (drawn: AdjustDrawn | null) => void;
}) {
  const { model, subject, linkModel, onDrawn } = props;
  const [open, setOpen] = useState(false);
  // The link's ?e= belongs to the symbol the page opened on, not to the ones Another draws after it.
  const [initial, setInitial] = useState<{ key: string; edits: string } | null>(null);
  const regionId = useId();
  const firstKey = subject ? subjectKey(subject) : null;
  // After hydration (the server's HTML and the first render agree): a link with ?e= opens the panel on its offsets.
  useEffect(() => {
    const e = editsInAddress();
    if (!e || firstKey === null) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- read from the address once, in the browser
    setInitial((known) => known ?? { key: firstKey, edits: e });
    setOpen(true);
  }, [firstKey]);
  if (!model?.sliders || !subject) return null;
  const initialEdits = initial && initial.key === subjectKey(subject) ? initial.edits : null;
  return (
    <section data-testid="adjust-panel" aria-label="Adjust" className="flex w-full max-w-3xl flex-col items-center gap-4">
      <button type="button" className="btn" aria-expanded={open} aria-controls={open ? regionId : undefined} onClick={() => setOpen((o) => !o)}>
        Adjust
      </button>
      {open && (
        <div id={regionId} className="w-full">
          <Suspense fallback={<p className="text-center text-sm text-muted">Loading the sliders…</p>}>
            <AdjustSliders model={model} subject={subject} linkModel={linkModel} initialEdits={initialEdits} onDrawn={onDrawn} />
          </Suspense>
        </div>
      )}
    </section>
  );
}
