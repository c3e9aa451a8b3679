'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { StrangenessControl } from '@/components/controls/strangeness-control';
import { CopyLinkButton } from '@/components/controls/copy-link-button';
import { LoadingState } from '@/components/symbol/symbol-frame';
import { useGenerator } from '@/hooks/use-generator';
import { useModelChoice } from '@/hooks/use-model-choice';
import { BACKEND_LABELS } from '@/lib/backend';
import { liveTensors } from '@/lib/browser/engine';
import { GALLERY_MAX_PAGE, GALLERY_PAGE_SIZE, galleryPageSeeds } from '@/lib/gallery';
import { galleryPath } from '@/lib/links';
import type { ModelIndex } from '@/lib/models';
import { seedPath } from '@/lib/seed';
import { renderSeeds } from '@/lib/symbol';

import { GalleryTile } from './gallery-tile';

/** Pages this close to the viewport (in viewport heights) are drawn... */
const DRAW_MARGIN = '100% 0px';
/** ...and pages further away than this release their outlines, so memory stays flat however far one scrolls. */
const KEEP_MARGIN = '200% 0px';
/** More pages are added when the end of the list comes this close. */
const MORE_MARGIN = '150% 0px';

type Outlines = Map<number, string[]>;

/**
 * The endless gallery from `startPage`: pages of GALLERY_PAGE_SIZE tiles, each page drawn with one
 * forward pass when it comes near the viewport, released when it is far away. The strangeness and
 * the page in view are kept in the address, so it can be shared as it is.
 */
export function GalleryView(props: { index: ModelIndex | null; requestedModel: string | null; startPage: number; psi: number; notices: string[] }) {
  const { index, requestedModel, startPage } = props;
  const [psi, setPsi] = useState(props.psi);
  const [lastPage, setLastPage] = useState(Math.min(GALLERY_MAX_PAGE, startPage + 1));
  const [outlines, setOutlines] = useState<Outlines>(() => new Map());
  const [currentPage, setCurrentPage] = useState(startPage);
  const [batches, setBatches] = useState(0);
  const [tensors, setTensors] = useState<number | null>(null);
  const [lastBatchMs, setLastBatchMs] = useState<number | null>(null);
  const [drawError, setDrawError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  const { model, linkModel, fatal } = useModelChoice(index, requestedModel);
  const { generator, status, retry } = useGenerator(model, fatal);

  // Which pages are near the viewport. Refs, because the observers and the drawing loop outlive renders.
  const near = useRef(new Set<number>());
  const kept = useRef(new Set<number>());
  const outlinesRef = useRef(outlines);
  outlinesRef.current = outlines;
  const psiRef = useRef(psi);
  psiRef.current = psi;
  const currentRef = useRef(currentPage);
  currentRef.current = currentPage;
  const busy = useRef(false);

  const observers = useRef<{ draw: IntersectionObserver; keep: IntersectionObserver; centre: IntersectionObserver } | null>(null);
  const getObservers = useCallback(() => {
    if (observers.current) return observers.current;
    const pageOf = (e: IntersectionObserverEntry) => Number((e.target as HTMLElement).dataset.page);
    const draw = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          if (e.isIntersecting) near.current.add(pageOf(e));
          else near.current.delete(pageOf(e));
        }
        setTick((t) => t + 1);
      },
      { rootMargin: DRAW_MARGIN },
    );
    const keep = new IntersectionObserver(
      (entries) => {
        const released: number[] = [];
        for (const e of entries) {
          if (e.isIntersecting) kept.current.add(pageOf(e));
          else {
            kept.current.delete(pageOf(e));
            released.push(pageOf(e));
          }
        }
        if (released.some((p) => outlinesRef.current.has(p))) {
          setOutlines((m) => {
            const next = new Map(m);
            for (const p of released) next.delete(p);
            return next;
          });
        }
      },
      { rootMargin: KEEP_MARGIN },
    );
    // The page crossing the middle of the viewport is "the page you are on".
    const centre = new IntersectionObserver(
      (entries) => {
        for (const e of entries) if (e.isIntersecting) setCurrentPage(pageOf(e));
      },
      { rootMargin: '-45% 0px -54% 0px' },
    );
    observers.current = { draw, keep, centre };
    return observers.current;
  }, []);
  useEffect(
    () => () => {
      const o = observers.current;
      o?.draw.disconnect();
      o?.keep.disconnect();
      o?.centre.disconnect();
      observers.current = null;
    },
    [],
  );

  const observePage = useCallback(
    (el: HTMLElement | null) => {
      if (!el) return;
      const o = getObservers();
      o.draw.observe(el);
      o.keep.observe(el);
      o.centre.observe(el);
      return () => {
        o.draw.unobserve(el);
        o.keep.unobserve(el);
        o.centre.unobserve(el);
      };
    },
    [getObservers],
  );

  // The drawing loop: one page (one forward pass) at a time, the page nearest the one in view first.
  useEffect(() => {
    if (!generator || busy.current || drawError) return;
    const wanted = [...near.current].filter((p) => !outlinesRef.current.has(p));
    if (wanted.length === 0) return;
    wanted.sort((a, b) => Math.abs(a - currentRef.current) - Math.abs(b - currentRef.current) || a - b);
    const page = wanted[0]!;
    const psiAtStart = psiRef.current;
    busy.current = true;
    renderSeeds(generator, galleryPageSeeds(page), { psi: psiAtStart })
      .then((symbols) => {
        setBatches((n) => n + 1);
        setTensors(liveTensors());
        setLastBatchMs(symbols[0]?.generateMs ?? null);
        // Drop the result if the strangeness changed meanwhile or the page went far away.
        if (psiAtStart === psiRef.current && kept.current.has(page)) {
          setOutlines((m) => new Map(m).set(page, symbols.map((s) => s.pathData)));
        }
      })
      .catch((e: unknown) => setDrawError(e instanceof Error ? e.message : String(e)))
      .finally(() => {
        busy.current = false;
        setTick((t) => t + 1);
      });
  }, [generator, tick, outlines, drawError]);

  // Endless: add the next page when the end of the list comes near.
  const sentinel = useCallback((el: HTMLElement | null) => {
    if (!el) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setLastPage((n) => Math.min(GALLERY_MAX_PAGE, n + 1));
      },
      { rootMargin: MORE_MARGIN },
    );
    io.observe(el);
    return () => io.disconnect();
  }, []);

  // Keep the address in step with what is on screen: the page in view and the strangeness.
  useEffect(() => {
    window.history.replaceState(window.history.state, '', galleryPath(currentPage, { model: linkModel, psi }));
  }, [currentPage, psi, linkModel]);

  const changePsi = useCallback((next: number) => {
    setPsi(next);
    setOutlines(new Map());
    setTick((t) => t + 1);
  }, []);

  const pages = useMemo(() => Array.from({ length: lastPage - startPage + 1 }, (_, i) => startPage + i), [startPage, lastPage]);
  const readyTiles = [...outlines.values()].reduce((n, o) => n + o.length, 0);

  return (
    <section aria-labelledby="gallery-title" className="mx-auto flex w-full max-w-5xl flex-col gap-6 px-4 sm:px-6">
      <header className="flex flex-col gap-5 md:flex-row md:items-end md:justify-between">
        <div className="flex max-w-xl flex-col gap-2">
          <h1 id="gallery-title" className="font-display text-3xl">
            Gallery
          </h1>
          <p className="text-muted">
            An endless wall of symbols nobody has seen before. Every page always holds the same {GALLERY_PAGE_SIZE}, so a page can be
            shared; open one to download it or to morph it into another.
          </p>
        </div>
        <div className="flex w-full flex-col gap-3 sm:flex-row sm:items-end md:w-auto">
          <StrangenessControl value={psi} onChange={changePsi} className="sm:w-64" />
          {/* Copied links always name the model (as seed pages' do), so the page keeps its symbols after the default model changes. */}
          <CopyLinkButton path={galleryPath(currentPage, { model: model?.id ?? linkModel, psi })} label={`Copy link to page ${currentPage.toLocaleString('en')}`} />
        </div>
      </header>

      {props.notices.map((n) => (
        <p key={n} role="status" className="text-sm text-accent">
          {n}
        </p>
      ))}

      <div
        data-testid="gallery"
        data-state={status.state === 'error' || drawError ? 'error' : status.state}
        data-num-tensors={tensors ?? undefined}
        data-batches={batches}
        data-last-batch-ms={lastBatchMs?.toFixed(1)}
        data-ready-tiles={readyTiles}
        data-truncation={psi}
        data-page={currentPage}
        className="flex flex-col gap-8"
      >
        {status.state === 'loading' && (
          <div className="plate relative h-44 w-full">
            <LoadingState status={status} />
          </div>
        )}
        {(status.state === 'error' || drawError) && (
          <div role="alert" className="plate flex flex-col items-center gap-3 p-8 text-center">
            <p className="font-display text-xl text-accent">The gallery could not be drawn</p>
            <p className="max-w-md text-sm text-muted">{status.state === 'error' ? status.message : drawError}</p>
            {(status.state !== 'error' || status.retryable) && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => {
                  setDrawError(null);
                  retry();
                }}
              >
                Retry
              </button>
            )}
          </div>
        )}

        {startPage > 1 && (
          <Link className="btn self-center" href={galleryPath(startPage - 1, { model: linkModel, psi })}>
            ← Earlier symbols (page {(startPage - 1).toLocaleString('en')})
          </Link>
        )}

        {pages.map((page) => (
          <GalleryPage
            key={page}
            page={page}
            outlines={outlines.get(page) ?? null}
            hrefFor={(seed) => seedPath(seed, linkModel, psi)}
            observe={observePage}
            pageHref={galleryPath(page, { model: linkModel, psi })}
          />
        ))}

        {lastPage < GALLERY_MAX_PAGE && (
          // Keyed by lastPage: a fresh element is observed afresh, so a sentinel still in range after a page was added fires again.
          <div key={lastPage} ref={sentinel} className="flex justify-center">
            {/* For keyboards and screen readers: the same as scrolling on. */}
            <button type="button" className="btn" onClick={() => setLastPage((n) => Math.min(GALLERY_MAX_PAGE, n + 1))}>
              More symbols
            </button>
          </div>
        )}
      </div>

      <p className="text-center text-xs text-muted" aria-live="polite">
        {model && status.state === 'ready' ? (
          <>
            Model <span className="font-mono">{model.id}</span> · running on {BACKEND_LABELS[status.backend]} · {GALLERY_PAGE_SIZE} symbols per
            forward pass
          </>
        ) : null}
      </p>
    </section>
  );
}

function GalleryPage(props: {
  page: number;
  outlines: string[] | null;
  hrefFor: (seed: string) => string;
  observe: (el: HTMLElement | null) => (() => void) | undefined;
  pageHref: string;
}) {
  const { page, outlines, hrefFor, observe, pageHref } = props;
  const seeds = useMemo(() => galleryPageSeeds(page), [page]);
  const headingId = `gallery-page-${page}`;
  return (
    <section ref={observe} data-page={page} aria-labelledby={headingId} aria-busy={!outlines} className="flex flex-col gap-3">
      <h2 id={headingId} className="flex items-center gap-3 text-xs tracking-[0.3em] text-muted uppercase">
        <Link href={pageHref} className="hover:text-ink">
          Page {page.toLocaleString('en')}
        </Link>
        <span className="h-px flex-1 bg-line" aria-hidden="true" />
      </h2>
      <ul className="grid grid-cols-3 gap-3 sm:grid-cols-4 sm:gap-4 md:grid-cols-6">
        {seeds.map((seed, i) => (
          <GalleryTile key={seed + i} seed={seed} href={hrefFor(seed)} pathData={outlines?.[i] ?? null} />
        ))}
      </ul>
    </section>
  );
}
