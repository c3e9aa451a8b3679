'use client';

import dynamic from 'next/dynamic';
import { useId, useState } from 'react';

/** The panel's contents and their fetch: a chunk of their own, loaded when a visitor first opens the panel. */
const NearestResult = dynamic(() => import('./nearest-result'), {
  ssr: false,
  loading: () => <p className="text-sm text-muted">Loading the check…</p>,
});

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
          {url ? <NearestResult url={url} /> : null}
        </div>
      )}
    </section>
  );
}
