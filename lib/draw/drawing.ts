/**
 * A drawing on /draw as data: strokes of points in the drawing surface's own unit square (0..1 on both axes, so a
 * resized surface keeps its drawing), the stroke being drawn, and the undo history. Immutable values, so a view
 * can keep one in state and every change is a new one; no DOM here (tests/unit/draw.test.ts).
 *
 * Undo steps back over whole actions: a finished stroke, or a clear (so a clear by mistake can be undone too).
 */

export interface Point {
  x: number;
  y: number;
}

export type Stroke = readonly Point[];

export interface Drawing {
  /** Finished strokes, oldest first. */
  readonly strokes: readonly Stroke[];
  /** The stroke under the pen, or null between strokes. */
  readonly active: Stroke | null;
  /** The strokes before each undoable action, most recent last. */
  readonly past: readonly (readonly Stroke[])[];
}

export const EMPTY_DRAWING: Drawing = { strokes: [], active: null, past: [] };

/** Undo keeps this many actions; older ones are forgotten (a long session must not grow without bound). */
export const UNDO_LIMIT = 100;
/** Points closer than this to the previous one (a 1/400 of the side) add nothing a 64 px mask can show. */
const MIN_STEP = 1 / 400;
/** A stroke keeps at most this many points; a pen held down for minutes stops adding to it. */
const MAX_POINTS = 2000;

function inside(p: Point): Point {
  if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new RangeError(`A drawing point must be finite, got (${p.x}, ${p.y}).`);
  return { x: Math.min(1, Math.max(0, p.x)), y: Math.min(1, Math.max(0, p.y)) };
}

function remember(d: Drawing): readonly (readonly Stroke[])[] {
  return [...d.past, d.strokes].slice(-UNDO_LIMIT);
}

/** The pen goes down at `p` (clamped to the surface). A stroke left active is finished first. */
export function beginStroke(d: Drawing, p: Point): Drawing {
  const base = d.active ? endStroke(d) : d;
  return { ...base, active: [inside(p)] };
}

/** The pen moves to `p`; ignored between strokes, and for a move too small to matter. */
export function extendStroke(d: Drawing, p: Point): Drawing {
  if (!d.active || d.active.length >= MAX_POINTS) return d;
  const q = inside(p);
  const last = d.active[d.active.length - 1]!;
  if (Math.hypot(q.x - last.x, q.y - last.y) < MIN_STEP) return d;
  return { ...d, active: [...d.active, q] };
}

/** The pen lifts: the stroke joins the drawing (a tap is a dot) and can be undone. */
export function endStroke(d: Drawing): Drawing {
  if (!d.active) return d;
  return { strokes: [...d.strokes, d.active], active: null, past: remember(d) };
}

/** The stroke under the pen is dropped (the pointer was cancelled, e.g. the page scrolled or a second finger came). */
export function cancelStroke(d: Drawing): Drawing {
  return d.active ? { ...d, active: null } : d;
}

/** Every stroke goes, in one step that undo brings back. Nothing to clear: the same drawing. */
export function clearDrawing(d: Drawing): Drawing {
  if (d.strokes.length === 0 && !d.active) return d;
  return { strokes: [], active: null, past: remember({ ...d, active: null }) };
}

/** The drawing before the last finished stroke or clear; the same drawing when there is nothing to undo. */
export function undo(d: Drawing): Drawing {
  if (d.active) return cancelStroke(d);
  const previous = d.past[d.past.length - 1];
  if (!previous) return d;
  return { strokes: previous, active: null, past: d.past.slice(0, -1) };
}

export const canUndo = (d: Drawing) => d.active !== null || d.past.length > 0;
export const isBlank = (d: Drawing) => d.strokes.length === 0 && d.active === null;
/** Every stroke, the one under the pen last. */
export const allStrokes = (d: Drawing): readonly Stroke[] => (d.active ? [...d.strokes, d.active] : d.strokes);
