'use client';

import { useState } from 'react';

import { copyText } from '@/lib/browser/clipboard';

/** Copies this site's `path` as a full link, and says so in a polite live region. */
export function CopyLinkButton({ path, label = 'Copy link', className = '' }: { path: string; label?: string; className?: string }) {
  const [note, setNote] = useState('');
  return (
    <span className={`relative inline-flex ${className}`}>
      <button
        type="button"
        className="btn justify-center whitespace-nowrap"
        onClick={async () => {
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
