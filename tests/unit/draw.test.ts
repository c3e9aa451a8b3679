/**
 * /draw's drawing as data (lib/draw/drawing) and its rasterization to the model's input (lib/draw/rasterize): strokes,
 * undo over strokes and clears, and a mask that is a reference rasterizer's, placed and scaled as the corpus is.
 */
import { describe, expect, it } from 'vitest';

import { allStrokes, beginStroke, canUndo, cancelStroke, clearDrawing, EMPTY_DRAWING, endStroke, extendStroke, isBlank, undo, UNDO_LIMIT, type Drawing, type Stroke } from '@/lib/draw/drawing';
import { EmptyDrawingError, MARGIN, placeStrokes, rasterizeDrawing, STROKE_AT_64 } from '@/lib/draw/rasterize';

function draw(d: Drawing, points: [number, number][]): Drawing {
  let out = beginStroke(d, { x: points[0]![0], y: points[0]![1] });
  for (const [x, y] of points.slice(1)) out = extendStroke(out, { x, y });
  return endStroke(out);
}

describe('a drawing', () => {
  it('collects strokes point by point, dropping moves too small to show and clamping to the surface', () => {
    let d = beginStroke(EMPTY_DRAWING, { x: 0.2, y: 0.2 });
    d = extendStroke(d, { x: 0.2001, y: 0.2 });
    d = extendStroke(d, { x: 1.5, y: -0.5 });
    expect(d.active).toEqual([
      { x: 0.2, y: 0.2 },
      { x: 1, y: 0 },
    ]);
    expect(d.strokes).toEqual([]);
    d = endStroke(d);
    expect(d.strokes).toHaveLength(1);
    expect(d.active).toBeNull();
    expect(extendStroke(d, { x: 0.5, y: 0.5 })).toBe(d);
    expect(() => beginStroke(d, { x: NaN, y: 0 })).toThrow(/finite/);
  });

  it('undoes strokes one at a time, and a clear in one step', () => {
    let d = draw(EMPTY_DRAWING, [
      [0.1, 0.1],
      [0.9, 0.9],
    ]);
    d = draw(d, [[0.5, 0.5]]);
    const both = d.strokes;
    d = clearDrawing(d);
    expect(isBlank(d)).toBe(true);
    d = undo(d);
    expect(d.strokes).toEqual(both);
    d = undo(d);
    expect(d.strokes).toHaveLength(1);
    d = undo(d);
    expect(isBlank(d)).toBe(true);
    expect(canUndo(d)).toBe(false);
    expect(undo(d)).toBe(d);
    expect(clearDrawing(d)).toBe(d);
  });

  it('undo while drawing drops the stroke under the pen, as a cancelled pointer does', () => {
    const d = beginStroke(draw(EMPTY_DRAWING, [[0.3, 0.3]]), { x: 0.6, y: 0.6 });
    expect(allStrokes(d)).toHaveLength(2);
    expect(undo(d).strokes).toHaveLength(1);
    expect(cancelStroke(d)).toEqual({ ...d, active: null });
  });

  it('keeps at most UNDO_LIMIT steps of history', () => {
    let d = EMPTY_DRAWING;
    for (let i = 0; i < UNDO_LIMIT + 20; i++) d = draw(d, [[i / 200, 0.5]]);
    expect(d.past).toHaveLength(UNDO_LIMIT);
    for (let i = 0; i < UNDO_LIMIT; i++) d = undo(d);
    expect(d.strokes).toHaveLength(20);
    expect(canUndo(d)).toBe(false);
  });
});

/** The reference: every sample of every pixel tested against every segment, with no bounding boxes. */
function reference(strokes: readonly Stroke[], resolution: number): Float32Array {
  const { strokes: placed, radius } = placeStrokes(strokes, resolution);
  const out = new Float32Array(resolution * resolution);
  for (let row = 0; row < resolution; row++) {
    for (let col = 0; col < resolution; col++) {
      let covered = 0;
      for (let a = 0; a < 4; a++) {
        for (let b = 0; b < 4; b++) {
          const [px, py] = [col + (b + 0.5) / 4, row + (a + 0.5) / 4];
          const near = placed.some((s) => {
            const pts = s.length === 1 ? [s[0]!, s[0]!] : s;
            return pts.slice(1).some((q, i) => {
              const p = pts[i]!;
              const [dx, dy] = [q.x - p.x, q.y - p.y];
              const t = dx || dy ? Math.max(0, Math.min(1, ((px - p.x) * dx + (py - p.y) * dy) / (dx * dx + dy * dy))) : 0;
              return Math.hypot(px - p.x - t * dx, py - p.y - t * dy) <= radius;
            });
          });
          covered += near ? 1 : 0;
        }
      }
      out[row * resolution + col] = covered > 8 ? -1 : 1;
    }
  }
  return out;
}

const spiral: Stroke = Array.from({ length: 60 }, (_, i) => ({ x: 0.5 + (i / 150) * Math.cos(i / 5), y: 0.5 + (i / 150) * Math.sin(i / 5) }));
const cross: Stroke[] = [
  [
    { x: 0.2, y: 0.3 },
    { x: 0.8, y: 0.35 },
  ],
  [
    { x: 0.5, y: 0.05 },
    { x: 0.52, y: 0.9 },
  ],
  [{ x: 0.7, y: 0.7 }],
];

function inkBox(field: Float32Array, r: number) {
  const rows: number[] = [];
  const cols: number[] = [];
  field.forEach((v, i) => {
    if (v < 0) {
      rows.push(Math.floor(i / r));
      cols.push(i % r);
    }
  });
  return { top: Math.min(...rows), bottom: Math.max(...rows), left: Math.min(...cols), right: Math.max(...cols) };
}

describe('rasterizeDrawing', () => {
  it.each([
    ['a spiral', [spiral]],
    ['a cross and a dot', cross],
  ])('matches the reference rasterizer for %s, with only -1 and 1', (_, strokes) => {
    const field = rasterizeDrawing(strokes, 64);
    expect(Array.from(field)).toEqual(Array.from(reference(strokes, 64)));
    expect(new Set(field)).toEqual(new Set([-1, 1]));
  });

  it('centres the drawing and fills the corpus box: a tenth of the side free on each edge of the longer side', () => {
    const field = rasterizeDrawing(cross, 64);
    const box = inkBox(field, 64);
    // The cross is taller than wide: its ink (pen included) spans 6.4..57.6 (64 * MARGIN from each edge), so rows
    // 7..56 are more than half covered, and it is centred across.
    expect(MARGIN).toBe(0.1);
    expect([box.top, box.bottom]).toEqual([7, 56]);
    expect(Math.abs(box.left + box.right - 63)).toBeLessThanOrEqual(1);
  });

  it('draws the same mask wherever and however large the drawing was made', () => {
    const moved = cross.map((s) => s.map((p) => ({ x: 0.1 + p.x * 0.5, y: 0.3 + p.y * 0.5 })));
    expect(Array.from(rasterizeDrawing(moved, 64))).toEqual(Array.from(rasterizeDrawing(cross, 64)));
  });

  it('draws strokes of the corpus width at any resolution, and a tap as a dot', () => {
    // Two dots make the box 0.85 tall, centred at y = 0.525: the line lands at y = 30.58 px, its pen covering
    // 29.08..32.08, so rows 29, 30 and 31 are more than half covered (at 128 px, a 6 px pen: 61.17 +- 3, rows 58..63).
    const line: Stroke[] = [
      [
        { x: 0.1, y: 0.5 },
        { x: 0.9, y: 0.5 },
      ],
      [{ x: 0.5, y: 0.1 }],
      [{ x: 0.5, y: 0.95 }],
    ];
    for (const [r, rows] of [
      [64, [29, 30, 31]],
      [128, [58, 59, 60, 61, 62, 63]],
    ] as const) {
      const field = rasterizeDrawing(line, r);
      const column = Math.round(r * 0.3);
      expect(Array.from({ length: r }, (_, row) => row).filter((row) => field[row * r + column]! < 0)).toEqual(rows);
    }
    expect(STROKE_AT_64).toBe(3);
    const dot = rasterizeDrawing([[{ x: 0.4, y: 0.4 }]], 64);
    const inked = Array.from(dot).filter((v) => v < 0).length;
    expect(inked).toBeGreaterThan(0);
    expect(inked).toBeLessThanOrEqual(9);
  });

  it('refuses an empty drawing with a sentence', () => {
    expect(() => rasterizeDrawing([], 64)).toThrow(EmptyDrawingError);
    expect(() => rasterizeDrawing([[]], 64)).toThrow(/Draw something first/);
  });
});
