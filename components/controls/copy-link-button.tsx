'use client';

import { useState } from 'react';

import { copyText } from '@/lib/browser/clipboard';

/**
 * Copies this site's `path` as a full link, and says so in a polite live region. Disabled while `path`
 * is null (nothing to link to yet).
 */
export function CopyLinkButton({ path, label = 'Copy link', className = '' }: { path: string | null; label?: string; className?: string }) {
  const [note, setNote] = useState('');
  return (
    <span className={`relative inline-flex ${className}`}>
      <button
        type="button"
        className="btn w-full justify-center whitespace-nowrap"
        disabled={path === null}
        onClick={async () => {
          if (path === null) return;
          await copyText(`${window.location.origin}${path}`);
          setNote('Link copied');
          window.setTimeout(() => setNote(''), 2500);
        }}
      >
        {label}
      </button>
      <span role="status" aria-live="polite" className="absolute top-full left-1/2 mt-1 -translate-x-1/2 text-xs whitespace-nowrap text-accent">
        {note}
      </span>
    </span>
  );
}
