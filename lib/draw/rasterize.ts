/**
 * A drawing (lib/draw/drawing) -> the model's input field, drawn the way the corpus draws symbols, so the encoder
 * and the refinement see a drawing as they saw real symbols in training:
 * - placed like training/data/clean.py `normalize`: the strokes' box centred, its longer side filling the square
 *   but a margin of a tenth of the side on each edge (MARGIN);
 * - strokes of one width whatever size they were drawn at: 3 px at 64 px (STROKE_AT_64), the corpus's median stroke
 *   (measured on 300 corpus symbols: twice the distance to paper along the strokes' ridges, 4 px, less the ridge
 *   pixel's own);
 * - ink where a pixel is more than half covered (4 x 4 samples per pixel): the threshold the corpus's grey pixels get
 *   (value < 0) and the site's binarization, so the field holds only -1 (ink) and 1 (paper), like a symbol's mask.
 */
import type { Stroke } from './drawing';

export const MARGIN = 0.1;
export const STROKE_AT_64 = 3;
const SAMPLES = 4;

export class EmptyDrawingError extends Error {
  constructor() {
    super('Draw something first: the drawing is empty.');
    this.name = 'EmptyDrawingError';
  }
}

/** Strokes in the unit square -> the same strokes in mask pixels, placed and scaled as the corpus is; and the pen radius. */
export function placeStrokes(strokes: readonly Stroke[], resolution: number): { strokes: Stroke[]; radius: number } {
  const points = strokes.flat();
  if (points.length === 0) throw new EmptyDrawingError();
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const width = (STROKE_AT_64 * resolution) / 64;
  const side = Math.max(x1 - x0, y1 - y0);
  // The ink's box (points plus the pen) fills (1 - 2 MARGIN) of the side; a single dot stays a dot of pen width.
  const scale = side > 0 ? (resolution * (1 - 2 * MARGIN) - width) / side : 0;
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  const place = (p: { x: number; y: number }) => ({ x: resolution / 2 + (p.x - cx) * scale, y: resolution / 2 + (p.y - cy) * scale });
  return { strokes: strokes.filter((s) => s.length > 0).map((s) => s.map(place)), radius: width / 2 };
}

/** Squared distance from (px, py) to the segment a-b. */
function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  const ex = px - (ax + t * dx);
  const ey = py - (ay + t * dy);
  return ex * ex + ey * ey;
}

/**
 * The drawing as the generator's kind of field: resolution^2 values, row-major, -1 where ink, 1 where paper.
 * Throws EmptyDrawingError for a drawing without a point.
 */
export function rasterizeDrawing(strokes: readonly Stroke[], resolution: number): Float32Array {
  const placed = placeStrokes(strokes, resolution);
  const n = resolution * SAMPLES;
  const hit = new Uint8Array(n * n);
  const r2 = placed.radius * placed.radius;
  const lo = (v: number) => Math.max(0, Math.floor((v - placed.radius) * SAMPLES));
  const hi = (v: number) => Math.min(n - 1, Math.ceil((v + placed.radius) * SAMPLES));
  // Each segment (a tap: a point to itself) marks the samples within the pen's radius, visiting only its own box.
  for (const stroke of placed.strokes) {
    const ends = stroke.length === 1 ? [stroke[0]!, stroke[0]!] : stroke;
    for (let i = 0; i + 1 < ends.length; i++) {
      const a = ends[i]!;
      const b = ends[i + 1]!;
      for (let sy = lo(Math.min(a.y, b.y)); sy <= hi(Math.max(a.y, b.y)); sy++) {
        const py = (sy + 0.5) / SAMPLES;
        for (let sx = lo(Math.min(a.x, b.x)); sx <= hi(Math.max(a.x, b.x)); sx++) {
          if (!hit[sy * n + sx] && segmentDistance2((sx + 0.5) / SAMPLES, py, a.x, a.y, b.x, b.y) <= r2) hit[sy * n + sx] = 1;
        }
      }
    }
  }
  const field = new Float32Array(resolution * resolution);
  const half = (SAMPLES * SAMPLES) / 2;
  for (let row = 0; row < resolution; row++) {
    for (let col = 0; col < resolution; col++) {
      let covered = 0;
      for (let a = 0; a < SAMPLES; a++) for (let b = 0; b < SAMPLES; b++) covered += hit[(row * SAMPLES + a) * n + col * SAMPLES + b]!;
      field[row * resolution + col] = covered > half ? -1 : 1;
    }
  }
  return field;
}
