'use client';

import { useEffect, useId, useRef, useState } from 'react';

import { formatPsi } from '@/lib/links';
import { TRUNCATION_MAX, TRUNCATION_MIN } from '@/lib/seeds/latent';

/**
 * The strangeness slider (the truncation trick's psi): typical on the left, wild on the right, 1 in
 * the middle is the untruncated symbol. Reports a value once the slider has rested for a moment, so
 * dragging does not start a forward pass for every step.
 */
export function StrangenessControl({ value, onChange, className = '' }: { value: number; onChange: (psi: number) => void; className?: string }) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  // A new value from outside replaces the draft, in this render (not an effect's second one).
  const [followed, setFollowed] = useState(value);
  if (!Object.is(value, followed)) {
    setFollowed(value);
    setDraft(value);
  }
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const describe = (psi: number) => `${formatPsi(psi)}: ${psi < 0.85 ? 'typical' : psi > 1.15 ? 'wild' : 'as drawn'}`;
  return (
    <div className={`flex min-w-0 flex-col gap-1 ${className}`}>
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor={id} className="text-sm">
          Strangeness
        </label>
        <output htmlFor={id} className="font-mono text-sm text-muted tabular-nums" data-testid="strangeness-value">
          {formatPsi(draft)}
        </output>
      </div>
      <input
        id={id}
        type="range"
        className="range"
        min={TRUNCATION_MIN}
        max={TRUNCATION_MAX}
        step={0.05}
        value={draft}
        aria-valuetext={describe(draft)}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const psi = Math.round(Number(e.target.value) * 100) / 100;
          setDraft(psi);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => onChange(psi), 350);
        }}
      />
      <div className="flex justify-between text-xs text-muted" aria-hidden="true">
        <span>typical</span>
        <span>wild</span>
      </div>
      <p id={`${id}-hint`} className="sr-only">
        Lower draws more typical symbols, higher wilder ones; 1 is the symbol as the network draws it.
      </p>
    </div>
  );
}
