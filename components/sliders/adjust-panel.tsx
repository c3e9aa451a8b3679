'use client';

import { lazy, Suspense, useEffect, useId, useState } from 'react';

import type { AdjustDrawn, AdjustSubject } from '@/lib/adjust/subject';
import type { ModelEntry } from '@/lib/model/model-folder';

/**
 * The sliders, their drawing and their links: a chunk of their own, loaded when a visitor first opens the panel
 * (React's lazy, as the "Does it exist?" panel: nothing of it joins the page's first-load JavaScript).
 */
const AdjustSliders = lazy(() => import('./adjust-sliders'));

/**
 * "Adjust": the named sliders of the model (lib/sliders) for the symbol on screen. Collapsed it is one button and
 * loads nothing, so the first paint is unchanged; open, it loads the model's sliders.json and the page's generator and
 * redraws as a slider moves, keeping ?e= in the address and in the links and downloads it offers. A link that carries
 * ?e= opens it. Models published before sliders existed show nothing. `edits` are the offsets the page shows now (its
 * link's checked ?e=, then the panel's own): a new subject's sliders start at them, so a new style keeps the offsets
 * (the studio drops them itself for a new seed). `onDrawn` hears every drawing, which the page shows on its own plate
 * (the studio's, a latent link's).
 */
export function AdjustPanel(props: {
  model: ModelEntry | null;
  subject: AdjustSubject | null;
  /** The model id links name (null: the default model). */
  linkModel: string | null;
  edits: string;
  onDrawn: (drawn: AdjustDrawn | null) => void;
}) {
  const { model, subject, linkModel, edits, onDrawn } = props;
  const [open, setOpen] = useState(false);
  // Whether the page opened on a link with ?e=; the server's HTML and the first render agree (closed), then it opens.
  const [linked] = useState(edits !== '');
  const regionId = useId();
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- opened once after hydration, so the HTML stays collapsed
    if (linked) setOpen(true);
  }, [linked]);
  if (!model?.sliders || !subject) return null;
  return (
    <section data-testid="adjust-panel" aria-label="Adjust" className="flex w-full max-w-3xl flex-col items-center gap-4">
      <button type="button" className="btn" aria-expanded={open} aria-controls={open ? regionId : undefined} onClick={() => setOpen((o) => !o)}>
        Adjust
      </button>
      {open && (
        <div id={regionId} className="w-full">
          <Suspense fallback={<p className="text-center text-sm text-muted">Loading the sliders…</p>}>
            <AdjustSliders model={model} subject={subject} linkModel={linkModel} initialEdits={edits || null} onDrawn={onDrawn} />
          </Suspense>
        </div>
      )}
    </section>
  );
}
