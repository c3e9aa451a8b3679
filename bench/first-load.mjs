/**
 * A page's first-load JavaScript, read from a production build's own manifests without a browser: the framework's root
 * scripts (build-manifest.json rootMainFiles) and the client entries of the root layout and the page (its client
 * reference manifest, entryJSFiles), each counted once, raw and gzipped at level 6 (the usual server default). The
 * nomodule polyfills are left out (modern browsers skip them), and so are chunks loaded later on demand: the generator's
 * worker with TensorFlow.js, and anything behind a dynamic import. Shared by bench/first-load-js.mjs (which prints it)
 * and tests/unit/first-load-budget.test.ts (which holds the homepage to its budget).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The strings every TensorFlow.js build keeps, as tests/e2e/worker.spec.ts looks for them. */
const TFJS = /tfjsflags|Backend name '/;

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
 * and gzipped, whether it is one of the framework's root scripts (what an app-router page with no client component of
 * its own loads, bench/floor) and whether it holds TensorFlow.js.
 */
export function firstLoadScripts(route, nextDir = '.next') {
  const build = JSON.parse(readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8'));
  const { entryJSFiles } = clientManifest(route, nextDir);
  const page = `[project]/app${route === '/' ? '' : route}/page`;
  const framework = new Set(build.rootMainFiles);
  const files = [...new Set([...build.rootMainFiles, ...(entryJSFiles['[project]/app/layout'] ?? []), ...(entryJSFiles[page] ?? [])])];
  return files
    .map((file) => {
      const bytes = readFileSync(path.join(nextDir, file));
      return { file, raw: bytes.length, gz: gzipSync(bytes, { level: 6 }).length, framework: framework.has(file), tfjs: TFJS.test(bytes.toString('latin1')) };
    })
    .sort((a, b) => b.gz - a.gz);
}

/** Totals of `scripts` (from firstLoadScripts): all of them, and the site's own (beyond the framework's root scripts), gzipped and raw. */
export function firstLoadTotals(scripts) {
  const sum = (rows, key) => rows.reduce((n, r) => n + r[key], 0);
  const own = scripts.filter((s) => !s.framework);
  return { gz: sum(scripts, 'gz'), raw: sum(scripts, 'raw'), ownGz: sum(own, 'gz'), ownRaw: sum(own, 'raw'), files: scripts.length };
}
