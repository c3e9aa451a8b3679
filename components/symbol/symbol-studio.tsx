'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';

import { BACKEND_LABELS, BACKENDS, type BackendName } from '@/lib/backend';
import { resolveModel, type ModelIndex } from '@/lib/models';
import { randomSeed, seedPath } from '@/lib/seed';
import { useNextHotkeys } from '@/hooks/use-hotkeys';
import { useSymbol } from '@/hooks/use-symbol';

import { SeedForm } from './seed-form';
import { SymbolActions } from './symbol-actions';
import { SymbolFrame } from './symbol-frame';

/** `?backend=wasm` or `?backend=wasm,cpu` pins the backend order (for comparisons and benchmarks). */
function backendsFromUrl(): readonly BackendName[] | undefined {
  const raw = new URLSearchParams(window.location.search).get('backend');
  if (!raw) return undefined;
  const list = raw.split(',').filter((b): b is BackendName => (BACKENDS as readonly string[]).includes(b));
  return list.length ? list : undefined;
}

/**
 * The homepage and seed-page experience: one symbol, its seed, Another (button, Space, Right-arrow),
 * copy link, downloads, and the phrase box. `seed` null = pick a random seed in the browser.
 */
export function SymbolStudio(props: { index: ModelIndex | null; seed: string | null; requestedModel: string | null }) {
  const { index, requestedModel } = props;
  const onSeedPage = props.seed !== null;
  const [seed, setSeed] = useState<string | null>(props.seed);
  const [backends, setBackends] = useState<readonly BackendName[] | undefined | null>(null);

  const resolved = useMemo(() => {
    if (!index) return { ok: false as const, error: 'No model has been published yet: export one to public/models/ and rebuild.' };
    return resolveModel(index, requestedModel);
  }, [index, requestedModel]);
  const model = resolved.ok ? resolved.model : null;
  const linkModel = resolved.ok && !resolved.isDefault ? resolved.model.id : null;

  useEffect(() => {
    setBackends(backendsFromUrl());
    if (props.seed === null) setSeed(randomSeed());
  }, [props.seed]);

  const { status, symbol, retry } = useSymbol(backends === null ? null : model, seed, {
    fatal: resolved.ok ? null : resolved.error,
    backends: backends ?? undefined,
  });

  const another = useCallback(() => {
    const next = randomSeed();
    setSeed(next);
    if (onSeedPage) window.history.replaceState(window.history.state, '', seedPath(next, linkModel));
  }, [onSeedPage, linkModel]);
  useNextHotkeys(another);

  const [origin, setOrigin] = useState('');
  useEffect(() => setOrigin(window.location.origin), []);
  // Copied links always name the model, so they keep their symbol after the default model changes.
  const link = seed && origin && model ? `${origin}${seedPath(seed, model.id)}` : null;

  return (
    <section aria-label="Symbol" className="flex w-full flex-col items-center gap-6 px-4 sm:px-6">
      <SymbolFrame seed={seed} modelId={model?.id ?? requestedModel} status={status} symbol={symbol} onRetry={retry} />
      <div className="flex flex-col items-center gap-1 text-center">
        <p className="text-xs tracking-[0.3em] text-muted uppercase">Seed</p>
        <p className="font-seed text-3xl italic [overflow-wrap:anywhere] sm:text-4xl" data-testid="seed-text">
          {seed ?? '\u00a0'}
        </p>
      </div>
      <SymbolActions symbol={symbol} ready={status.state === 'ready'} link={link} onAnother={another} />
      <p className="text-center text-xs text-muted" aria-live="polite">
        {model ? (
          <>
            Model <span className="font-mono">{model.id}</span>
            {status.state === 'ready' && (
              <>
                {' · '}running on <span data-testid="backend">{BACKEND_LABELS[status.backend]}</span>
                {status.fromCache ? ' · model loaded from this browser’s cache' : ''}
              </>
            )}
          </>
        ) : null}
        <span className="hidden sm:inline"> · press Space or → for another</span>
      </p>
      <SeedForm modelId={linkModel} />
    </section>
  );
}
