/**
 * DrawSession: what /draw shows and does, without a DOM (wrapped by hooks/use-draw-session, shown by
 * components/draw/): the drawing and its undo history (lib/draw/drawing), the search of the latest drawing
 * (rasterized by lib/draw/rasterize, searched by the injected `find`, in the browser the draw worker), its progress,
 * and the symbols found, each traced like every symbol (lib/render/symbol) and named by its latent link's code
 * (lib/latent/codec), so "Open" and "Share" lead to exactly the symbol shown.
 *
 * One search runs at a time. A drawing changed while a search runs is searched once that one is done; results of
 * a drawing since changed are kept on screen but marked stale.
 */
import { encodeLatentCode } from '../latent/codec';
import type { ModelEntry } from '../model/model-folder';
import { symbolFromField } from '../render/symbol';
import { allStrokes, beginStroke, cancelStroke, clearDrawing, EMPTY_DRAWING, endStroke, extendStroke, isBlank, undo, type Drawing, type Point } from './drawing';
import type { ProjectorProgress } from './projector';
import { EmptyDrawingError, rasterizeDrawing } from './rasterize';

/** One refined candidate as the search hands it back: its latent (as a link keeps it), style index, drawing and loss. */
export interface FoundCandidate {
  latent: Float32Array;
  style: number | null;
  field: Float32Array;
  loss: number;
}

export type FindSymbols = (field: Float32Array, onProgress: (p: ProjectorProgress) => void) => Promise<{ candidates: FoundCandidate[]; backend: string; ms: number }>;

export interface DrawResult {
  /** The latent link's code (/z/<code>): it draws this very symbol. */
  code: string;
  style: string | null;
  styleLabel: string | null;
  pathData: string;
  /** Intersection over union of the symbol's ink with the drawing's, 0..1. */
  overlap: number;
}

export type DrawPhase = 'drawing' | 'finding' | 'found' | 'error';

export interface DrawState {
  drawing: Drawing;
  phase: DrawPhase;
  progress: ProjectorProgress | null;
  /** Closest first; the first is the result, the others the runner-up styles. */
  results: DrawResult[];
  /** The backend that searched, and how long the search took (ms), for the latest results. */
  backend: string | null;
  ms: number | null;
  /** The results are of an earlier drawing than the one on screen. */
  stale: boolean;
  error: string | null;
  /** What a screen reader should hear about the latest change. */
  announcement: string;
}

function overlap(a: ArrayLike<number>, b: Uint8Array): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < b.length; i++) {
    const x = a[i]! < 0;
    const y = b[i] === 1;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union ? inter / union : 1;
}

/**
 * Performance marks (User Timing) of the latest search: its start, before 'finding' is shown, and its end, once its
 * results are in the state (the view renders them next). A failed search has no end mark.
 */
export const SEARCH_START = 'draw-search-start';
export const SEARCH_END = 'draw-search-end';

export class DrawSession {
  private state: DrawState = { drawing: EMPTY_DRAWING, phase: 'drawing', progress: null, results: [], backend: null, ms: null, stale: false, error: null, announcement: '' };
  private listeners = new Set<() => void>();
  private searched: readonly unknown[] | null = null;
  private again = false;
  private disposed = false;

  constructor(
    private readonly model: ModelEntry,
    private readonly findSymbols: FindSymbols,
  ) {}

  get current(): DrawState {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<DrawState>): void {
    if (this.disposed) return;
    const next = { ...this.state, ...patch };
    next.stale = next.results.length > 0 && this.searched !== next.drawing.strokes;
    this.state = next;
    this.listeners.forEach((l) => l());
  }

  private draw(change: (d: Drawing) => Drawing, announcement?: string): void {
    const drawing = change(this.state.drawing);
    if (drawing !== this.state.drawing) this.set({ drawing, ...(announcement ? { announcement } : {}) });
  }

  begin(p: Point): void {
    this.draw((d) => beginStroke(d, p));
  }
  extend(p: Point): void {
    this.draw((d) => extendStroke(d, p));
  }
  end(): void {
    this.draw(endStroke);
  }
  cancel(): void {
    this.draw(cancelStroke);
  }
  undo(): void {
    this.draw(undo, 'Undone.');
  }
  clear(): void {
    this.draw(clearDrawing, 'Drawing cleared.');
  }

  /** Search the drawing on screen (after the search under way, if there is one). */
  async find(): Promise<void> {
    if (this.state.phase === 'finding') {
      this.again = true;
      return;
    }
    const drawing = this.state.drawing;
    if (isBlank(drawing)) {
      this.set({ phase: 'error', error: new EmptyDrawingError().message, announcement: new EmptyDrawingError().message });
      return;
    }
    const strokes = drawing.strokes;
    // The search's span on the page's Performance timeline, for bench/draw-page.mjs: only the latest search's pair is kept.
    performance.clearMarks(SEARCH_START);
    performance.clearMarks(SEARCH_END);
    performance.mark(SEARCH_START);
    this.set({ phase: 'finding', progress: null, error: null, announcement: 'Searching for the closest symbol…' });
    try {
      const field = rasterizeDrawing(allStrokes(drawing), this.model.resolution);
      const found = await this.findSymbols(field, (progress) => this.set({ progress }));
      const results = found.candidates.map((c) => this.result(c, field));
      this.searched = strokes;
      const best = results[0];
      this.set({
        phase: 'found',
        progress: null,
        results,
        backend: found.backend,
        ms: found.ms,
        announcement: best ? `Found a symbol${best.styleLabel ? ` in the style ${best.styleLabel}` : ''}, overlapping your drawing by ${Math.round(best.overlap * 100)}%.` : 'Nothing found.',
      });
      performance.mark(SEARCH_END);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.set({ phase: 'error', progress: null, error: message, announcement: message });
    }
    if (this.again) {
      this.again = false;
      if (this.searched !== this.state.drawing.strokes && !isBlank(this.state.drawing)) await this.find();
    }
  }

  private result(c: FoundCandidate, drawing: Float32Array): DrawResult {
    const { resolution, minStray, subpixel, styles } = this.model;
    const shape = symbolFromField(c.field, resolution, { minStray, subpixel });
    const style = c.style === null ? null : (styles?.[c.style] ?? null);
    const code = encodeLatentCode({ latent: c.latent, style: c.style === null ? null : { index: c.style, count: styles?.length ?? 0 } });
    return { code, style: style?.id ?? null, styleLabel: style?.label ?? null, pathData: shape.pathData, overlap: overlap(drawing, shape.mask) };
  }

  /** Show the runner-up `index` as the result (its style becomes the one linked). */
  choose(index: number): void {
    const picked = this.state.results[index];
    if (!picked || index === 0) return;
    const results = [picked, ...this.state.results.filter((_, i) => i !== index)];
    this.set({ results, announcement: `Showing the symbol in the style ${picked.styleLabel ?? ''}.` });
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
