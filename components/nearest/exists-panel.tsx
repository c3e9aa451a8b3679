'use client';

import { lazy, Suspense, useId, useState } from 'react';

/**
 * The panel's contents and their fetch: a chunk of their own, loaded when a visitor first opens the panel. React's
 * lazy rather than next/dynamic, whose loader would join the homepage's first-load JavaScript; the panel is only ever
 * rendered after a click, so there is nothing to render on the server.
 */
const NearestResult = lazy(() => import('./nearest-result'));

/**
 * "Does it exist?": a button that opens the comparison of the symbol on screen with its nearest real symbols. Closed,
 * it is one button: nothing is fetched and none of the comparison's code is loaded, so the page's first paint and
 * first-load JavaScript stay as they were. Open, it follows the symbol `url` names (lib/links nearestApiPath: seed,
 * style, strangeness, model), and stays open when Another or the style picker changes it.
 */
export function ExistsPanel({ url }: { url: string | null }) {
  const [open, setOpen] = useState(false);
  const regionId = useId();
  return (
    <section data-testid="exists-panel" aria-label="Does it exist?" className="flex w-full max-w-3xl flex-col items-center gap-4">
      <button type="button" className="btn" aria-expanded={open} aria-controls={open ? regionId : undefined} disabled={url === null} onClick={() => setOpen((o) => !o)}>
        Does it exist?
      </button>
      {open && (
        <div id={regionId} className="w-full">
          {url ? (
            <Suspense fallback={<p className="text-sm text-muted">Loading the check…</p>}>
              <NearestResult url={url} />
            </Suspense>
          ) : null}
        </div>
      )}
    </section>
  );
}
