/**
 * A symbol's vector form: closed outlines of straight lines and quadratic Béziers, filled even-odd
 * (holes work whatever their orientation). lib/render/trace makes them from a bitmap; lib/render/raster
 * fills them; SVG path data is written from them here and never parsed back, so the page, the SVG file
 * and every raster image draw the very same numbers.
 */

export interface Point {
  x: number;
  y: number;
}

export type Segment = { kind: 'Q'; c: Point; to: Point } | { kind: 'L'; to: Point };

/** One closed outline: start at `start`, follow `segments`, close. */
export interface Outline {
  start: Point;
  segments: Segment[];
}

/**
 * The outlines with every coordinate multiplied by `scale` and rounded to `decimals` decimals: the
 * numbers toPathData writes with the same `decimals`, so a raster of these is a raster of that path data.
 */
export function scaleOutlines(outlines: readonly Outline[], scale: number, decimals: number): Outline[] {
  const p = (q: Point): Point => ({ x: Number((q.x * scale).toFixed(decimals)), y: Number((q.y * scale).toFixed(decimals)) });
  return outlines.map((o) => ({
    start: p(o.start),
    segments: o.segments.map((s): Segment => (s.kind === 'Q' ? { kind: 'Q', c: p(s.c), to: p(s.to) } : { kind: 'L', to: p(s.to) })),
  }));
}

/** A closed polygon as an outline of straight sides. */
export function polygonOutline(points: readonly Point[]): Outline {
  const [start, ...rest] = points;
  if (!start || rest.length < 2) throw new Error(`A polygon needs at least 3 points, got ${points.length}.`);
  return { start, segments: rest.map((to) => ({ kind: 'L', to })) };
}

function num(v: number, decimals: number): string {
  const s = v.toFixed(decimals);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** SVG path data of the outlines, each coordinate with at most `decimals` decimals. Use with fill-rule="evenodd". */
export function toPathData(outlines: readonly Outline[], decimals = 2): string {
  const f = (p: Point) => `${num(p.x, decimals)} ${num(p.y, decimals)}`;
  return outlines
    .map((o) => {
      let d = `M${f(o.start)}`;
      for (const s of o.segments) d += s.kind === 'Q' ? `Q${f(s.c)} ${f(s.to)}` : `L${f(s.to)}`;
      return `${d}Z`;
    })
    .join('');
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface SvgOptions {
  /** Width and height in px, and the viewBox size (default 1024). */
  size?: number;
  title?: string;
}

/** A standalone SVG file: one black evenodd path on a transparent ground, viewBox 0 0 size size. */
export function toSvgDocument(pathData: string, options: SvgOptions = {}): string {
  const size = options.size ?? 1024;
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
    `${title}<path fill="#000" fill-rule="evenodd" d="${pathData}"/></svg>\n`
  );
}
