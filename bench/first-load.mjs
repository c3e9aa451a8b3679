/**
 * A page's first-load JavaScript, read from a production build's own manifests without a browser: the framework's root
 * scripts (build-manifest.json rootMainFiles) and the client entries of every part of the app the page's HTML loads
 * (its client reference manifest's entryJSFiles: the root layout, the page, the not-found and error boundaries, the
 * metadata routes), each file counted once, raw and gzipped at level 6 (the usual server default). The nomodule
 * polyfills are left out (modern browsers skip them), and so are chunks loaded later on demand: the generator's worker
 * with TensorFlow.js, and anything behind a dynamic import.
 *
 * The same count of bench/floor's build (an app-router page with no client component, no web font and no image) is
 * what the framework alone loads; the issue 23 goal is the homepage within 10 KiB of it. Shared by
 * bench/first-load-js.mjs (which prints it) and tests/unit/first-load-budget.test.ts (which holds pages to it).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The strings every TensorFlow.js build keeps, as tests/e2e/worker.spec.ts looks for them. */
const TFJS = /tfjsflags|Backend name '/;

/** Where bench/floor is built (`npx next build bench/floor`, as bench/lighthouse.mjs builds it with BENCH_FLOOR=1). */
export const FLOOR_NEXT_DIR = path.join('bench', 'floor', '.next');

/** Whether `nextDir` holds a production build to read. */
export function hasBuild(nextDir = '.next') {
  return existsSync(path.join(nextDir, 'build-manifest.json'));
}

/** The client reference manifest of `route` ('/', '/s/[seed]'): entryJSFiles by entry ('[project]/app/page', ...). */
function clientManifest(route, nextDir) {
  const dir = route === '/' ? '' : route.replace(/^\//, '');
  const file = path.join(nextDir, 'server', 'app', dir, 'page_client-reference-manifest.js');
  if (!existsSync(file)) throw new Error(`No client reference manifest for ${route} (${file}): run \`npm run build\` first, or check the route.`);
  const scope = { __RSC_MANIFEST: {} };
  new Function('globalThis', readFileSync(file, 'utf8'))(scope);
  const key = `${route === '/' ? '' : route}/page`;
  const manifest = scope.__RSC_MANIFEST[key];
  if (!manifest) throw new Error(`${file} has no entry "${key}".`);
  return manifest;
}

/**
 * The first-load scripts of `route` (as app/ names it) in the build in `nextDir`, largest first: each with its size raw
 * and gzipped, the entries that load it ('root' for the framework's root scripts), and whether it holds TensorFlow.js.
 */
export function firstLoadScripts(route, nextDir = '.next') {
  const build = JSON.parse(readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8'));
  const { entryJSFiles } = clientManifest(route, nextDir);
  const loadedBy = new Map();
  const add = (file, entry) => loadedBy.set(file, [...(loadedBy.get(file) ?? []), entry]);
  for (const file of build.rootMainFiles) add(file, 'root');
  for (const [entry, files] of Object.entries(entryJSFiles)) for (const file of files) add(file, entry.replace(/^\[project\]\//, ''));
  return [...loadedBy]
    .map(([file, entries]) => {
      const bytes = readFileSync(path.join(nextDir, file));
      return { file, raw: bytes.length, gz: gzipSync(bytes, { level: 6 }).length, entries, tfjs: TFJS.test(bytes.toString('latin1')) };
    })
    .sort((a, b) => b.gz - a.gz);
}

/** Totals of `scripts` (from firstLoadScripts), gzipped and raw. */
export function firstLoadTotals(scripts) {
  return { gz: scripts.reduce((n, r) => n + r.gz, 0), raw: scripts.reduce((n, r) => n + r.raw, 0), files: scripts.length };
}
