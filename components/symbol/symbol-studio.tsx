'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';

import { StylePicker } from '@/components/controls/style-picker';
import { ExistsPanel } from '@/components/nearest/exists-panel';
import { useHotkeys } from '@/hooks/use-hotkeys';
import { useModelChoice } from '@/hooks/use-model-choice';
import { useSymbol } from '@/hooks/use-symbol';
import { backendsFromUrl } from '@/lib/browser/engine';
import { symbolAtAddress } from '@/lib/browser/symbol-address';
import { formatPsi, homePath, morphPath, nearestApiPath, seedPath } from '@/lib/links';
import { BACKEND_LABELS, type BackendName } from '@/lib/model/backend';
import type { ModelIndex } from '@/lib/model/model-folder';
import type { ShownSymbol } from '@/lib/render/symbol';
import { randomSeed } from '@/lib/seeds/seed';

import { SeedForm } from './seed-form';
import { SymbolActions } from './symbol-actions';
import { SymbolFrame } from './symbol-frame';

/**
 * The homepage and seed-page experience: one symbol, its seed, Another (button, Space, Right-arrow),
 * copy link, downloads, "morph from here", and the phrase box. `seed` is the seed page's seed, null on the homepage,
 * whose symbol is `firstPaint`'s (a random seed the server drew) or, without one, a random seed picked in the browser.
 * `firstPaint` is the server's drawing of the first symbol, shown until the browser draws another (hooks/use-symbol).
 * Another pushes the new seed's link, so Back and Forward walk through the symbols seen. `psi` is the strangeness
 * (truncation) from the link's ?t=, 1 when absent; `notice` says when the link's ?t= (or ?k=) could not be used as it
 * was. `style` is the page's checked ?k= (null: the seed picks its own style).
 */
export function SymbolStudio(props: {
  index: ModelIndex | null;
  seed: string | null;
  requestedModel: string | null;
  psi?: number;
  notice?: string | null;
  style?: string | null;
  firstPaint?: ShownSymbol | null;
}) {
  const { index, requestedModel } = props;
  const psi = props.psi ?? 1;
  const onSeedPage = props.seed !== null;
  const [seed, setSeed] = useState<string | null>(props.seed ?? props.firstPaint?.seed ?? null);
  // The seed the homepage's own address ("/") stands for, for Back from the seeds Another pushed.
  const homeSeed = useRef(onSeedPage ? null : seed);
  const [backends, setBackends] = useState<readonly BackendName[] | undefined | null>(null);
  // "Morph from here" goes to a random symbol; chosen in the browser so the page stays cacheable.
  const [morphTarget, setMorphTarget] = useState<string | null>(null);

  const { model, linkModel, fatal } = useModelChoice(index, requestedModel);
  // The style drawn in: the page's ?k= (checked on the server), then the picker's and the address's.
  const [style, setStyle] = useState<string | null>(props.style ?? null);

  // Browser-only values, set once after hydration so that the server's HTML and the first client render agree: the
  // link's ?backend= (read once: Another's URL drops it), the homepage's random seed when the server drew none, the
  // morph target, and the seed of an address this page was restored at (Back to an entry Another pushed).
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- read in the browser after hydration, never while rendering
    setBackends(backendsFromUrl());
    setMorphTarget(randomSeed());
    if (!onSeedPage && homeSeed.current === null) homeSeed.current = randomSeed();
    const shown = symbolAtAddress(window.location, model);
    if (shown.seed) {
      setSeed(shown.seed);
      setStyle(shown.style);
    } else if (!onSeedPage) setSeed(homeSeed.current);
  }, [model, onSeedPage, setStyle]);

  // Back and Forward: show the symbol the address names (the homepage's "/" names its own seed).
  useEffect(() => {
    const onPopState = () => {
      const shown = symbolAtAddress(window.location, model);
      setSeed(shown.seed ?? homeSeed.current);
      setStyle(shown.style);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [model, setStyle]);

  const { status, symbol, retry } = useSymbol(model, seed, { fatal, backends, psi, style, firstPaint: props.firstPaint });

  const another = useCallback(() => {
    const next = randomSeed();
    setSeed(next);
    setMorphTarget(randomSeed());
    // A new entry (data null: Next's router keeps its own state in it), so Back returns to the symbol before.
    window.history.pushState(null, '', seedPath(next, linkModel, psi, style));
  }, [linkModel, psi, style]);
  useHotkeys({ ' ': another, ArrowRight: another });

  // Copied links always name the model, so they keep their symbol after the default model changes.
  const link = seed && model ? seedPath(seed, model.id, psi, style) : null;
  // "Does it exist?" asks about the symbol on screen; naming the model makes the answer immutable (cached for good).
  const nearestUrl = seed && model ? nearestApiPath(seed, { model: model.id, psi, style }) : null;

  // A new style redraws the symbol and keeps the address in step (model and strangeness kept).
  const chooseStyle = (next: string | null) => {
    setStyle(next);
    const atHome = seed === null || symbolAtAddress(window.location, model).seed === null;
    window.history.replaceState(window.history.state, '', atHome ? homePath(next) : seedPath(seed, linkModel, psi, next));
  };

  return (
    <section aria-label="Symbol" className="flex w-full flex-col items-center gap-6 px-4 sm:px-6">
      <SymbolFrame seed={seed} modelId={model?.id ?? requestedModel} status={status} symbol={symbol} onRetry={retry} interactive={backends !== null} />
      <div className="flex flex-col items-center gap-1 text-center">
        <p className="text-xs tracking-[0.3em] text-muted uppercase">Seed</p>
        <p className="font-seed text-3xl italic [overflow-wrap:anywhere] sm:text-4xl" data-testid="seed-text">
          {seed ?? '\u00a0'}
        </p>
        {psi !== 1 && (
          <p className="text-sm text-muted" data-testid="strangeness">
            Strangeness {formatPsi(psi)} <span className="text-xs">(1 = as drawn)</span>
            {seed && (
              <>
                {' · '}
                <Link className="link" href={seedPath(seed, linkModel, 1, style)}>
                  see it at 1
                </Link>
              </>
            )}
          </p>
        )}
        {props.notice && (
          <p role="status" className="max-w-md text-sm text-accent">
            {props.notice}
          </p>
        )}
      </div>
      {model?.styles && <StylePicker styles={model.styles} value={style} onChange={chooseStyle} className="w-full max-w-xs" />}
      <SymbolActions symbol={symbol} ready={status.state === 'ready'} link={link} onAnother={another} />
      <p className="-mt-4 h-6 text-sm">
        {seed && morphTarget && (
          <Link className="link" href={morphPath(seed, morphTarget, { model: linkModel, psi, styles: [style, style] })} data-testid="morph-from-here">
            Morph from here into a random symbol
          </Link>
        )}
      </p>
      <p className="text-center text-xs text-muted" aria-live="polite">
        {model ? (
          <>
            Model <span className="font-mono">{model.id}</span>
            {status.state === 'ready' &&
              (status.backend === 'server' ? (
                ' · drawn by the server'
              ) : (
                <>
                  {' · '}running on <span data-testid="backend">{BACKEND_LABELS[status.backend]}</span>
                  {status.fromCache ? ' · model loaded from this browser’s cache' : ''}
                </>
              ))}
          </>
        ) : null}
        <span className="hidden sm:inline"> · press Space or → for another</span>
      </p>
      <ExistsPanel url={nearestUrl} />
      <SeedForm modelId={linkModel} psi={psi} style={style} />
    </section>
  );
}
