'use client';

import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

import { SERVER_READY, type SymbolStatus } from '@/hooks/symbol-status';
import { useHotkeys } from '@/hooks/use-hotkeys';
import { useModelChoice } from '@/hooks/use-model-choice';
import { backendsFromUrl } from '@/lib/browser/backend-param';
import { whenLoadedAndIdle } from '@/lib/browser/idle';
import { symbolAtAddress } from '@/lib/browser/symbol-address';
import { homePath, seedPath } from '@/lib/links';
import type { BackendName } from '@/lib/model/backend';
import type { ModelIndex } from '@/lib/model/model-folder';
import { askedKey, isSymbolAsked } from '@/lib/render/shown-symbol';
import type { ShownSymbol } from '@/lib/render/symbol';
import { randomSeed } from '@/lib/seeds/seed';

import { StudioContext, type Studio } from './studio-context';
import type { Drawing } from './symbol-drawer';

/** The browser's drawing: loaded when the page is idle, or at once when the symbol asked for is not the first paint. */
const SymbolDrawer = lazy(() => import('./symbol-drawer'));

const noRetry = () => {};

/** A symbol the studio has without its drawer: the server's first paint, or the Adjust panel's drawing. */
type OnHand = { symbol: NonNullable<Studio['symbol']>; status: SymbolStatus };

/**
 * What the plate shows: a symbol on hand when it is the symbol asked for (the Adjust panel's drawing, else the first
 * paint), else the drawer's report when it is about the symbol asked for. Otherwise (the drawer has not loaded, or has
 * not yet answered a new ask) what it would say: the error of a missing model, else loading, over the drawer's latest
 * symbol when there is one (as hooks/use-symbol keeps the last symbol on screen while the next renders), so a stale
 * report never reads as the new symbol ready.
 */
function shownDrawing(
  drawing: Drawing | null,
  asked: string,
  page: { fatal: string | null; onHand: OnHand | null; total: number },
): Pick<Drawing, 'status' | 'symbol' | 'retry'> {
  if (page.onHand) return { ...page.onHand, retry: noRetry };
  if (drawing?.asked === asked) return drawing;
  if (page.fatal) return { status: { state: 'error', message: page.fatal, retryable: false }, symbol: null, retry: noRetry };
  const status: SymbolStatus = drawing
    ? { state: 'loading', phase: 'generate', loaded: 1, total: 1, fromCache: false }
    : { state: 'loading', phase: 'start', loaded: 0, total: page.total, fromCache: false };
  return { status, symbol: drawing?.symbol ?? null, retry: drawing?.retry ?? noRetry };
}

/**
 * The studio's state, shared by its islands (components/symbol/studio-islands) through context, so the studio itself
 * (components/symbol/symbol-studio) stays server HTML: the seed (Another pushes the new seed's link; Back and Forward
 * show the seed the address names, the homepage's "/" its own first seed), the style, the sliders' offsets (the link's
 * ?e=, then the Adjust panel's drawings; Another drops them), the symbol and its status, and
 * the shortcuts (Space, →). `seed` is the seed page's seed, null on the homepage, whose symbol is `firstPaint`'s (a
 * random seed the server drew) or, without one, a random seed picked in the browser. Until the browser's drawer has
 * loaded (./symbol-drawer) the symbol is the server's first paint, or loading.
 */
export function StudioProvider(props: {
  index: ModelIndex | null;
  seed: string | null;
  requestedModel: string | null;
  psi: number;
  style: string | null;
  /** The link's ?e=, checked on the server ('' for none, or when it was refused). */
  edits: string;
  firstPaint: ShownSymbol | null;
  children: ReactNode;
}) {
  const { index, requestedModel, psi, firstPaint } = props;
  const onSeedPage = props.seed !== null;
  const [seed, setSeed] = useState<string | null>(props.seed ?? firstPaint?.seed ?? null);
  // The seed the homepage's own address ("/") stands for, for Back from the seeds Another pushed.
  const homeSeed = useRef(onSeedPage ? null : seed);
  const [backends, setBackends] = useState<readonly BackendName[] | undefined | null>(null);
  // "Morph from here" goes to a random symbol; chosen in the browser so the page's HTML is the same for a seed.
  const [morphTarget, setMorphTarget] = useState<string | null>(null);
  const { model, linkModel, fatal } = useModelChoice(index, requestedModel);
  // The style drawn in: the page's ?k= (checked on the server), then the picker's and the address's.
  const [style, setStyle] = useState<string | null>(props.style);
  // The sliders' offsets drawn: the link's, then the Adjust panel's; a new seed drops them.
  const [edits, setEdits] = useState(props.edits);
  const [adjusted, setAdjusted] = useState<OnHand | null>(null);
  // The address's ?e= as the page loaded (which the server checked, and refused when props.edits is ''), so that Back
  // to it draws what the page drew and never a refused ?e=; the addresses after it only carry ?e= the panel wrote.
  const loadedEdits = useRef<{ raw: string; checked: string } | null>(null);
  const editsAt = useCallback((raw: string) => (loadedEdits.current && raw === loadedEdits.current.raw ? loadedEdits.current.checked : raw), []);
  const [drawing, setDrawing] = useState<Drawing | null>(null);
  const [idle, setIdle] = useState(false);
  useEffect(() => whenLoadedAndIdle(() => setIdle(true)), []);

  // Browser-only values, set once after hydration so that the server's HTML and the first client render agree: the
  // link's ?backend= (read once: Another's URL drops it), the homepage's random seed when the server drew none, the
  // morph target, and the seed of an address this page was restored at (Back to an entry Another pushed).
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- read in the browser after hydration, never while rendering
    setBackends(backendsFromUrl());
    setMorphTarget(randomSeed());
    if (!onSeedPage && homeSeed.current === null) homeSeed.current = randomSeed();
    const shown = symbolAtAddress(window.location, model);
    loadedEdits.current ??= { raw: shown.edits, checked: props.edits };
    if (shown.seed) {
      setSeed(shown.seed);
      setStyle(shown.style);
      setEdits(editsAt(shown.edits));
    } else if (!onSeedPage) setSeed(homeSeed.current);
  }, [model, onSeedPage, props.edits, editsAt]);

  // Back and Forward: show the symbol the address names (the homepage's "/" names its own seed).
  useEffect(() => {
    const onPopState = () => {
      const shown = symbolAtAddress(window.location, model);
      setSeed(shown.seed ?? homeSeed.current);
      setStyle(shown.style);
      setEdits(editsAt(shown.edits));
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, [model, editsAt]);

  const another = useCallback(() => {
    const next = randomSeed();
    setSeed(next);
    // Offsets belong to the symbol they moved: a new seed starts as drawn.
    setEdits('');
    setMorphTarget(randomSeed());
    // A new entry (data null: Next's router keeps its own state in it), so Back returns to the symbol before.
    window.history.pushState(null, '', seedPath(next, linkModel, psi, style));
  }, [linkModel, psi, style]);
  useHotkeys({ ' ': another, ArrowRight: another });

  // A new style redraws the symbol and keeps the address in step (model, strangeness and the sliders' offsets kept).
  const chooseStyle = useCallback(
    (next: string | null) => {
      setStyle(next);
      const atHome = seed === null || symbolAtAddress(window.location, model).seed === null;
      window.history.replaceState(window.history.state, '', atHome ? homePath(next, edits) : seedPath(seed, linkModel, psi, next, edits));
    },
    [seed, model, linkModel, psi, edits],
  );

  // The panel writes ?e= into the address itself (components/sliders/adjust-sliders); the studio follows its drawings.
  const showAdjusted = useCallback<Studio['showAdjusted']>((shown, status) => {
    setAdjusted({ symbol: shown, status });
    setEdits(shown.edits ?? '');
  }, []);

  const asked = { seed, modelId: model?.id ?? null, psi, style, edits };
  const onHand: OnHand | null = isSymbolAsked(adjusted?.symbol ?? null, asked)
    ? adjusted
    : isSymbolAsked(firstPaint, asked)
      ? { symbol: firstPaint!, status: SERVER_READY }
      : null;
  // Once mounted the drawer stays: it holds the generator and the latest symbol it drew.
  const needsDrawer = backends !== null && (idle || !onHand || drawing !== null);
  const { status, symbol, retry } = shownDrawing(drawing, askedKey(asked), { fatal, onHand, total: model?.bytes ?? 0 });
  const interactive = backends !== null;

  const studio = useMemo<Studio>(
    () => ({ model, linkModel, requestedModel, psi, seed, style, edits, status, symbol, retry, interactive, morphTarget, another, chooseStyle, showAdjusted }),
    [model, linkModel, requestedModel, psi, seed, style, edits, status, symbol, retry, interactive, morphTarget, another, chooseStyle, showAdjusted],
  );

  return (
    <StudioContext value={studio}>
      {props.children}
      {needsDrawer && (
        <Suspense fallback={null}>
          <SymbolDrawer
            model={model}
            fatal={fatal}
            seed={seed}
            backends={backends}
            psi={psi}
            style={style}
            edits={edits}
            onHand={onHand?.symbol ?? null}
            onDrawing={setDrawing}
          />
        </Suspense>
      )}
    </StudioContext>
  );
}
