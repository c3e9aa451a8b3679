'use client';

import Link from 'next/link';
import { useEffect, useMemo } from 'react';

import { ShareLinkButton } from '@/components/controls/share-link-button';
import { StrangenessControl } from '@/components/controls/strangeness-control';
import { StylePicker } from '@/components/controls/style-picker';
import { LoadingState } from '@/components/ui/loading-state';
import { PlateError } from '@/components/ui/plate-error';
import { useGalleryPager } from '@/hooks/use-gallery-pager';
import { useGenerator } from '@/hooks/use-generator';
import { useHydrated } from '@/hooks/use-hydrated';
import { useLoadedAndIdle } from '@/hooks/use-loaded-and-idle';
import { useModelChoice } from '@/hooks/use-model-choice';
import { GALLERY_MAX_PAGE, GALLERY_PAGE_SIZE, galleryPageSeeds } from '@/lib/gallery/sequence';
import { galleryPath, seedPath } from '@/lib/links';
import { BACKEND_LABELS } from '@/lib/model/backend';
import type { ModelIndex } from '@/lib/model/model-folder';

import { GalleryTile } from './gallery-tile';

/**
 * The endless gallery from `startPage`: pages of GALLERY_PAGE_SIZE tiles, each page drawn with one
 * forward pass when it comes near the viewport and released when it is far away (lib/gallery/pager). The start page
 * comes drawn by the server (`firstPage`), so the first screen is there before any script; the browser's generator
 * then starts once the page is loaded and idle, for the pages after it.
 * The strangeness, the style (one style for every symbol, or each seed's own) and the page in view are kept in the
 * address, so it can be shared as it is.
 */
export function GalleryView(props: {
  index: ModelIndex | null;
  requestedModel: string | null;
  startPage: number;
  psi: number;
  /** The link's checked ?k=; null: each seed in its own style. */
  style: string | null;
  /** The start page's path data as the server drew it (lib/server/first-paint), or null: the browser draws it. */
  firstPage: readonly string[] | null;
  notices: string[];
}) {
  const { index, requestedModel, startPage, firstPage } = props;
  const { model, linkModel, fatal } = useModelChoice(index, requestedModel);
  const idle = useLoadedAndIdle();
  const { generator, status, retry } = useGenerator(firstPage && !idle ? null : model, fatal);
  const { pager, state, observePage, observeEnd, tensors } = useGalleryPager(startPage, props.psi, props.style, firstPage, generator);
  const interactive = useHydrated();
  const { psi, style, currentPage, lastPage, outlines, error } = state;

  // Keep the address in step with what is on screen: the page in view, the strangeness and the style.
  useEffect(() => {
    window.history.replaceState(window.history.state, '', galleryPath(currentPage, { model: linkModel, psi, style }));
  }, [currentPage, psi, style, linkModel]);

  const pages = useMemo(() => Array.from({ length: lastPage - startPage + 1 }, (_, i) => startPage + i), [startPage, lastPage]);
  const readyTiles = [...outlines.values()].reduce((n, o) => n + o.length, 0);
  const failed = status.state === 'error' ? status.message : error;

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
          {model?.styles && (
            <StylePicker styles={model.styles} value={style} onChange={(next) => pager.setStyle(next)} anyLabel="Any (each seed its own)" className="sm:w-56" />
          )}
          <StrangenessControl value={psi} onChange={(next) => pager.setPsi(next)} className="sm:w-64" />
          {/* Copied links always name the model (as seed pages' do), so the page keeps its symbols after the default model changes. */}
          <ShareLinkButton
            path={galleryPath(currentPage, { model: model?.id ?? linkModel, psi, style })}
            copyLabel={`Copy link to page ${currentPage.toLocaleString('en')}`}
            shareLabel={`Share page ${currentPage.toLocaleString('en')}`}
          />
        </div>
      </header>

      {props.notices.map((n) => (
        <p key={n} role="status" className="text-sm text-accent">
          {n}
        </p>
      ))}

      <div
        data-testid="gallery"
        data-state={failed ? 'error' : status.state}
        data-num-tensors={tensors ?? undefined}
        data-batches={state.batches}
        data-last-batch-ms={state.lastBatchMs?.toFixed(1)}
        data-ready-tiles={readyTiles}
        data-truncation={psi}
        data-style={style ?? undefined}
        data-page={currentPage}
        data-first-paint={firstPage ? 'server' : undefined}
        data-interactive={interactive || undefined}
        className="flex flex-col gap-8"
      >
        {/* Progress where nothing is drawn yet; under the server's first page the next page's tiles wait instead. */}
        {status.state === 'loading' && outlines.size === 0 && (
          <div className="plate relative h-44 w-full">
            <LoadingState status={status} />
          </div>
        )}
        {failed && (
          <PlateError
            title="The gallery could not be drawn"
            message={failed}
            onRetry={
              status.state !== 'error' || status.retryable
                ? () => {
                    pager.retry();
                    retry();
                  }
                : null
            }
            className="plate"
          />
        )}

        {startPage > 1 && (
          <Link className="btn self-center" href={galleryPath(startPage - 1, { model: linkModel, psi, style })}>
            ← Earlier symbols (page {(startPage - 1).toLocaleString('en')})
          </Link>
        )}

        {pages.map((page) => (
          <GalleryPage
            key={page}
            page={page}
            outlines={outlines.get(page) ?? null}
            hrefFor={(seed) => seedPath(seed, linkModel, psi, style)}
            observe={observePage}
            pageHref={galleryPath(page, { model: linkModel, psi, style })}
          />
        ))}

        {lastPage < GALLERY_MAX_PAGE && (
          // Keyed by lastPage: a fresh element is observed afresh, so an end still in range after a page was added fires again.
          <div key={lastPage} ref={observeEnd} className="flex justify-center">
            {/* For keyboards and screen readers: the same as scrolling on. */}
            <button type="button" className="btn" onClick={() => pager.more()}>
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
  outlines: readonly string[] | null;
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
