'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';

import { seedPath } from '@/lib/links';
import { SEED_MAX_LENGTH, parseSeed } from '@/lib/seeds/seed';

/** "Turn a phrase into its symbol": validates with lib/seeds/seed and opens /s/<seed> (in the chosen `style`, when there is one). */
export function SeedForm({ modelId, psi, style }: { modelId: string | null; psi?: number; style?: string | null }) {
  const router = useRouter();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  return (
    <form
      className="mx-auto flex w-full max-w-xl flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = parseSeed(value);
        if (!parsed.ok) {
          setError(parsed.error);
          return;
        }
        setError(null);
        router.push(seedPath(parsed.seed, modelId, psi, style));
      }}
    >
      <label htmlFor={id} className="text-sm text-muted">
        Or turn a word, a name or an intention into its symbol
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          name="seed"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          maxLength={SEED_MAX_LENGTH * 2}
          placeholder="a sigil for courage"
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="field min-w-0 flex-1"
        />
        <button type="submit" className="btn btn-primary">
          Reveal
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-accent">
          {error}
        </p>
      )}
    </form>
  );
}
