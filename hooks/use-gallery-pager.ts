import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

import { liveTensors } from '@/lib/browser/engine';
import { GalleryPager } from '@/lib/gallery/pager';
import type { SymbolGenerator } from '@/lib/model/generator';

/** Pages this close to the viewport (in viewport heights) are drawn... */
const DRAW_MARGIN = '100% 0px';
/** ...and pages further away than this give their outlines back. */
const KEEP_MARGIN = '200% 0px';
/** The page crossing the middle of the viewport is the page in view. */
const CENTRE_MARGIN = '-45% 0px -54% 0px';
/** More pages are listed when the end of the list comes this close. */
const MORE_MARGIN = '150% 0px';

/**
 * The gallery's pager (lib/gallery/pager) from `startPage`, at strangeness `psi`, in `style` (the link's ?k=; null:
 * each seed's own), starting from the server's drawing of the start page (`firstPage`, null when it sent none), drawing
 * with `generator` while there is one.
 * IntersectionObservers tell it which pages are near: attach `observePage` as the ref of every page element
 * (with data-page) and `observeEnd` to the element at the end of the list. `tensors` counts TensorFlow.js's
 * live tensors after each forward pass, for the leak checks.
 */
export function useGalleryPager(
  startPage: number,
  psi: number,
  style: string | null,
  firstPage: readonly string[] | null,
  generator: SymbolGenerator | null,
) {
  // Made once per mount: the page (app/gallery) remounts the view when the link's page, strangeness or style changes.
  const [pager] = useState(() => new GalleryPager({ startPage, psi, style, firstPage, countTensors: liveTensors }));
  const state = useSyncExternalStore(
    useCallback((onChange: () => void) => pager.subscribe(onChange), [pager]),
    () => pager.current,
    () => pager.current,
  );

  useEffect(() => {
    pager.setGenerator(generator);
    return () => pager.setGenerator(null);
  }, [pager, generator]);

  // Made on the first page's ref (refs attach before effects run), dropped when the view unmounts.
  const observers = useRef<IntersectionObserver[] | null>(null);
  const getObservers = useCallback(() => {
    if (observers.current) return observers.current;
    const pageOf = (e: IntersectionObserverEntry) => Number((e.target as HTMLElement).dataset.page);
    const watch = (rootMargin: string, report: (page: number, inside: boolean) => void) =>
      new IntersectionObserver((entries) => entries.forEach((e) => report(pageOf(e), e.isIntersecting)), { rootMargin });
    observers.current = [
      watch(DRAW_MARGIN, (page, inside) => pager.setNear(page, inside)),
      watch(KEEP_MARGIN, (page, inside) => pager.setKept(page, inside)),
      watch(CENTRE_MARGIN, (page, inside) => inside && pager.setCurrentPage(page)),
    ];
    return observers.current;
  }, [pager]);
  useEffect(
    () => () => {
      observers.current?.forEach((o) => o.disconnect());
      observers.current = null;
    },
    [],
  );

  const observePage = useCallback(
    (el: HTMLElement | null) => {
      if (!el) return;
      const list = getObservers();
      list.forEach((o) => o.observe(el));
      return () => list.forEach((o) => o.unobserve(el));
    },
    [getObservers],
  );

  const observeEnd = useCallback(
    (el: HTMLElement | null) => {
      if (!el) return;
      const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && pager.more(), { rootMargin: MORE_MARGIN });
      io.observe(el);
      return () => io.disconnect();
    },
    [pager],
  );

  return { pager, state, observePage, observeEnd, tensors: state.tensors };
}
