/**
 * The endless gallery's bookkeeping, DOM-free: which pages are listed, which get drawn (pages near the
 * viewport, one forward pass each, the one nearest the page in view first), which give their outlines
 * back (pages far away, so memory stays flat however far one scrolls), and the strangeness and style they
 * are drawn at. The view (hooks/use-gallery-pager, components/gallery) reports what is near the viewport;
 * unit tests drive it without a browser.
 */
import type { SymbolGenerator } from '../model/generator';
import { renderSeeds } from '../render/symbol';
import { GALLERY_MAX_PAGE, galleryPageSeeds } from './sequence';

/** What the gallery shows; a new object after every change. */
export interface GalleryState {
  /** The pages listed: firstPage .. lastPage. */
  readonly firstPage: number;
  readonly lastPage: number;
  /** The page crossing the middle of the viewport: the one the address and the copied link name. */
  readonly currentPage: number;
  /** The strangeness (truncation psi) every page is drawn at. */
  readonly psi: number;
  /** The style every symbol is drawn in (?k=, a style id of the model); null: each seed's own. */
  readonly style: string | null;
  /** Path data of each drawn page's tiles, in seed order, by page; pages not drawn (yet, or any more) are absent. */
  readonly outlines: ReadonlyMap<number, readonly string[]>;
  /** Forward passes run. */
  readonly batches: number;
  /** Milliseconds of the latest forward pass (with its readback). */
  readonly lastBatchMs: number | null;
  /** Why a page could not be drawn; nothing more is drawn until retry(). */
  readonly error: string | null;
  /** countTensors() right after the latest pass was read back (before the next starts): the leak check. */
  readonly tensors: number | null;
}

export interface GalleryPagerOptions {
  /** The first page listed (from the link's ?page=). */
  startPage: number;
  psi: number;
  /** The style the link chose (?k=); null or absent: each seed's own. */
  style?: string | null;
  /**
   * The start page's path data as the server drew it into the page (lib/server/first-paint), at `psi` and in `style`:
   * shown as it is and never drawn again while kept, so the browser's first pass is for the next page.
   */
  firstPage?: readonly string[] | null;
  /** Live TensorFlow.js tensors, counted after each pass (the page passes lib/browser/engine's liveTensors, the worker's count in its latest answer; tests may omit it). */
  countTensors?: () => number;
}

export class GalleryPager {
  private state: GalleryState;
  private generator: SymbolGenerator | null = null;
  /** A forward pass is running: pages are drawn one at a time. */
  private busy = false;
  /** Pages close enough to the viewport to draw. */
  private readonly near = new Set<number>();
  /** Pages close enough to keep their outlines (a wider band than `near`). */
  private readonly kept = new Set<number>();
  private readonly listeners = new Set<() => void>();

  private readonly countTensors: (() => number) | undefined;

  constructor(options: GalleryPagerOptions) {
    this.countTensors = options.countTensors;
    const first = options.startPage;
    this.state = {
      firstPage: first,
      // The start page and the next are listed from the start; more follow as the end comes near.
      lastPage: Math.min(GALLERY_MAX_PAGE, first + 1),
      currentPage: first,
      psi: options.psi,
      style: options.style ?? null,
      outlines: options.firstPage ? new Map([[first, options.firstPage]]) : new Map(),
      batches: 0,
      lastBatchMs: null,
      error: null,
      tensors: null,
    };
  }

  get current(): GalleryState {
    return this.state;
  }

  /** Calls `listener` after every change of `current`; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Draw with `generator` from now on; null stops drawing (a pass already running finishes). */
  setGenerator(generator: SymbolGenerator | null): void {
    this.generator = generator;
    this.schedule();
  }

  /** Page `page` came within drawing distance of the viewport, or left it. */
  setNear(page: number, near: boolean): void {
    if (near) this.near.add(page);
    else this.near.delete(page);
    this.schedule();
  }

  /** Page `page` came within keeping distance, or left it and gives its outlines back. */
  setKept(page: number, kept: boolean): void {
    if (kept) {
      this.kept.add(page);
      return;
    }
    this.kept.delete(page);
    if (!this.state.outlines.has(page)) return;
    const outlines = new Map(this.state.outlines);
    outlines.delete(page);
    this.update({ outlines });
  }

  /** `page` is the one in view now. */
  setCurrentPage(page: number): void {
    this.update({ currentPage: page });
  }

  /** Lists one more page at the end: the endless scroll. */
  more(): void {
    this.update({ lastPage: Math.min(GALLERY_MAX_PAGE, this.state.lastPage + 1) });
  }

  /** Redraws every page at strangeness `psi`. */
  setPsi(psi: number): void {
    if (psi === this.state.psi) return;
    this.update({ psi, outlines: new Map() });
    this.schedule();
  }

  /** Redraws every page in `style` (a style id of the model; null: each seed's own). */
  setStyle(style: string | null): void {
    if (style === this.state.style) return;
    this.update({ style, outlines: new Map() });
    this.schedule();
  }

  /** After an error: goes on drawing. */
  retry(): void {
    this.update({ error: null });
    this.schedule();
  }

  /** Draws the next page that is near and not drawn, the one nearest the page in view first (one pass at a time). */
  private schedule(): void {
    const generator = this.generator;
    const { currentPage, outlines, psi, style, error } = this.state;
    if (!generator || this.busy || error) return;
    const page = [...this.near].filter((p) => !outlines.has(p)).sort((a, b) => Math.abs(a - currentPage) - Math.abs(b - currentPage) || a - b)[0];
    if (page === undefined) return;
    this.busy = true;
    renderSeeds(generator, galleryPageSeeds(page), { psi, style })
      .then((symbols) => {
        // Keep the result only if the strangeness and style are still the same and the page still near enough.
        const keep = psi === this.state.psi && style === this.state.style && this.kept.has(page);
        this.update({
          batches: this.state.batches + 1,
          lastBatchMs: symbols[0]?.generateMs ?? null,
          tensors: this.countTensors?.() ?? null,
          ...(keep && { outlines: new Map(this.state.outlines).set(page, symbols.map((s) => s.pathData)) }),
        });
      })
      .catch((e: unknown) => this.update({ error: e instanceof Error ? e.message : String(e) }))
      .finally(() => {
        this.busy = false;
        this.schedule();
      });
  }

  private update(patch: Partial<GalleryState>): void {
    const next = { ...this.state, ...patch };
    if ((Object.keys(patch) as (keyof GalleryState)[]).every((k) => Object.is(next[k], this.state[k]))) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
