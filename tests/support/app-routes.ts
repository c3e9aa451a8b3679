/**
 * Every route under app/, read from the folders as Next reads them, so that tests cover a route the day it is
 * added: the proxy's coverage test (tests/unit/request-guard.test.ts) and the hostile-request fuzz
 * (tests/e2e/fuzz.spec.ts) both take their routes from here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** One URL segment: fixed text, or a param ([x]), a catch-all ([...x]) or an optional catch-all ([[...x]]). */
export type Segment = { kind: 'static'; text: string } | { kind: 'dynamic' | 'catch-all' | 'optional-catch-all'; name: string };

export type AppRoute = {
  /** The folder path under app/, e.g. models/[id] ('' for the root). */
  dir: string;
  /** page: a page.tsx; handler: a route.ts; metadata: a metadata file (icon, sitemap, robots, manifest, ...). */
  kind: 'page' | 'handler' | 'metadata';
  segments: Segment[];
  /** Where the route is under /api/ (its errors are JSON). */
  api: boolean;
};

const SOURCE = /\.(tsx?|jsx?)$/;
/** Metadata files and the URL each answers at, relative to its folder (Next's metadata file conventions). */
const METADATA: Record<string, string> = {
  sitemap: 'sitemap.xml',
  robots: 'robots.txt',
  manifest: 'manifest.webmanifest',
  icon: 'icon',
  'apple-icon': 'apple-icon',
  'opengraph-image': 'opengraph-image',
  'twitter-image': 'twitter-image',
};

function parseSegment(folder: string): Segment | null {
  // Route groups (x) and parallel-route slots @x add no URL segment.
  if (/^\(.*\)$/.test(folder) || folder.startsWith('@')) return null;
  let m = /^\[\[\.\.\.(.+)\]\]$/.exec(folder);
  if (m) return { kind: 'optional-catch-all', name: m[1]! };
  m = /^\[\.\.\.(.+)\]$/.exec(folder);
  if (m) return { kind: 'catch-all', name: m[1]! };
  m = /^\[(.+)\]$/.exec(folder);
  if (m) return { kind: 'dynamic', name: m[1]! };
  return { kind: 'static', text: folder };
}

/** The routes under `root` (default: the project's app/). */
export function appRoutes(root = path.join(process.cwd(), 'app')): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (dir: string) => {
    const abs = path.join(root, dir);
    const rel = dir.split(path.sep).filter(Boolean);
    // Private folders (_x) are not routes.
    if (rel.some((f) => f.startsWith('_'))) return;
    const segments = rel.map(parseSegment).filter((s): s is Segment => s !== null);
    const api = segments[0]?.kind === 'static' && segments[0].text === 'api';
    for (const entry of readdirSync(abs)) {
      const full = path.join(abs, entry);
      if (statSync(full).isDirectory()) {
        walk(path.join(dir, entry));
        continue;
      }
      if (!SOURCE.test(entry)) continue;
      const base = entry.replace(SOURCE, '');
      if (base === 'page') routes.push({ dir: rel.join('/'), kind: 'page', segments, api });
      else if (base === 'route') routes.push({ dir: rel.join('/'), kind: 'handler', segments, api });
      else if (base in METADATA) {
        const file: Segment = { kind: 'static', text: METADATA[base]! };
        // An image that exports generateImageMetadata answers at <name>/<id>: a param like any other.
        const images = /image|icon/.test(base) && /export\s+(async\s+)?(function|const)\s+generateImageMetadata\b/.test(readFileSync(full, 'utf8'));
        const ids = images ? [{ kind: 'dynamic', name: 'id' } as const] : [];
        routes.push({ dir: rel.join('/'), kind: 'metadata', segments: [...segments, file, ...ids], api });
      }
    }
  };
  if (!existsSync(root)) throw new Error(`No app/ folder at ${root}`);
  walk('');
  return routes;
}

export const hasParam = (route: AppRoute) => route.segments.some((s) => s.kind !== 'static');

/**
 * The route's URL path with each param filled by `fill(segment, index)`, which returns the raw (already encoded) text
 * of that part; a catch-all's text may hold several segments. An optional catch-all left empty ('') drops its slash.
 */
export function routePath(route: AppRoute, fill: (segment: Exclude<Segment, { kind: 'static' }>, index: number) => string): string {
  const parts = route.segments.map((s, i) => (s.kind === 'static' ? s.text : fill(s, i))).filter((p) => p !== '');
  return `/${parts.join('/')}`;
}
