'use client';

import { useState, useSyncExternalStore } from 'react';

import { canShareLink, shareLink } from '@/lib/browser/share-link';

/** Whether the browser has a share sheet never changes while the page is open: nothing to subscribe to. */
const noChanges = () => () => {};

/**
 * Shares this site's `path` as a full link: through the system's share sheet where the browser has one (Web Share,
 * labelled `shareLabel`), else by copying it (`copyLabel`), and says "Link copied" in a polite live region. The
 * server's HTML and the first render say `copyLabel`; the share label follows once the page runs. Disabled while
 * `path` is null (nothing to link to yet). `title` goes with the link to the share sheet (default: the page's). The
 * button is as wide as the wider label from the start, so the change of label moves nothing around it.
 */
export function ShareLinkButton(props: { path: string | null; title?: string; copyLabel?: string; shareLabel?: string; className?: string }) {
  const { path, title, copyLabel = 'Copy link', shareLabel = 'Share', className = '' } = props;
  const [note, setNote] = useState('');
  const canShare = useSyncExternalStore(noChanges, () => canShareLink(), () => false);
  return (
    <span className={`relative inline-flex ${className}`}>
      <button
        type="button"
        className="btn w-full justify-center whitespace-nowrap"
        disabled={path === null}
        onClick={async () => {
          if (path === null) return;
          const outcome = await shareLink({ url: `${window.location.origin}${path}`, title: title ?? document.title });
          if (outcome !== 'copied') return;
          setNote('Link copied');
          window.setTimeout(() => setNote(''), 2500);
        }}
      >
        {/* Both labels hold their place from the server's HTML on, so the button keeps its width when the share label
            takes over after hydration; only the one in use shows (and names the button). */}
        <span className="grid justify-items-center">
          <span className={`col-start-1 row-start-1${canShare ? ' invisible' : ''}`} aria-hidden={canShare || undefined}>
            {copyLabel}
          </span>
          <span className={`col-start-1 row-start-1${canShare ? '' : ' invisible'}`} aria-hidden={!canShare || undefined}>
            {shareLabel}
          </span>
        </span>
      </button>
      <span role="status" aria-live="polite" className="absolute top-full left-1/2 mt-1 -translate-x-1/2 text-xs whitespace-nowrap text-accent">
        {note}
      </span>
    </span>
  );
}
