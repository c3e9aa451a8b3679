/**
 * For tests only: SVG path data as lib/render/outline's toPathData writes it (absolute M, L, Q, Z) read back
 * into outlines, so a path taken from a page or a file can be filled by the site's rasterizer. The site
 * itself never parses path data: it writes it from outlines.
 */
import type { Outline, Point } from '../../lib/render/outline';

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/y;
const ARITY: Record<string, number> = { M: 2, L: 2, Q: 4, Z: 0 };

/** The commands of absolute path data; throws on anything toPathData does not write. */
export function parsePathData(d: string): { cmd: string; args: number[] }[] {
  const out: { cmd: string; args: number[] }[] = [];
  let i = 0;
  const skip = () => {
    while (i < d.length && /[\s,]/.test(d[i]!)) i++;
  };
  skip();
  while (i < d.length) {
    const cmd = d[i]!;
    const n = ARITY[cmd];
    if (n === undefined) throw new Error(`Unsupported path command "${cmd}" at ${i}.`);
    i++;
    const args: number[] = [];
    for (let k = 0; k < n; k++) {
      skip();
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(d);
      if (!m) throw new Error(`Expected a number at ${i} in path data.`);
      args.push(Number(m[0]));
      i = NUMBER.lastIndex;
    }
    out.push({ cmd, args });
    skip();
  }
  return out;
}

/** The outlines path data describes: one per M. */
export function pathDataOutlines(d: string): Outline[] {
  const outlines: Outline[] = [];
  const at = (a: number[], k: number): Point => ({ x: a[k]!, y: a[k + 1]! });
  for (const { cmd, args } of parsePathData(d)) {
    if (cmd === 'M') {
      outlines.push({ start: at(args, 0), segments: [] });
      continue;
    }
    const current = outlines.at(-1);
    if (!current) throw new Error('Path data must start with M.');
    if (cmd === 'L') current.segments.push({ kind: 'L', to: at(args, 0) });
    else if (cmd === 'Q') current.segments.push({ kind: 'Q', c: at(args, 0), to: at(args, 2) });
  }
  return outlines;
}
