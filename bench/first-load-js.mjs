/**
 * A page's first-load JavaScript, from the build's own manifests (`npm run build` first), without a browser: the
 * framework's root scripts (.next/build-manifest.json rootMainFiles) and the client entries of the root layout and the
 * page (its client reference manifest, entryJSFiles), each counted once, raw and gzipped at level 6 (the usual server
 * default). The nomodule polyfills are left out (modern browsers skip them), and so are chunks loaded later on demand:
 * the generator's worker with TensorFlow.js, and anything behind a dynamic import. It also says whether any of the
 * files holds TensorFlow.js (the strings every tfjs build keeps, as tests/e2e/worker.spec.ts looks for them).
 *
 *   npm run build && npm run bench:first-load          (the homepage)
 *   npm run bench:first-load -- /s/[seed] /gallery      (other routes, as app/ names them)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const NEXT = '.next';
const TFJS = /tfjsflags|Backend name '/;

/** The client reference manifest of `route` ('/', '/s/[seed]'): entryJSFiles by entry ('[project]/app/page', ...). */
function clientManifest(route) {
  const dir = route === '/' ? '' : route.replace(/^\//, '');
  const file = path.join(NEXT, 'server', 'app', dir, 'page_client-reference-manifest.js');
  if (!existsSync(file)) throw new Error(`No client reference manifest for ${route} (${file}): run \`npm run build\` first, or check the route.`);
  const scope = { __RSC_MANIFEST: {} };
  new Function('globalThis', readFileSync(file, 'utf8'))(scope);
  const key = `${route === '/' ? '' : route}/page`;
  const manifest = scope.__RSC_MANIFEST[key];
  if (!manifest) throw new Error(`${file} has no entry "${key}".`);
  return manifest;
}

function firstLoadFiles(route) {
  const build = JSON.parse(readFileSync(path.join(NEXT, 'build-manifest.json'), 'utf8'));
  const { entryJSFiles } = clientManifest(route);
  const page = `[project]/app${route === '/' ? '' : route}/page`;
  return [...new Set([...build.rootMainFiles, ...(entryJSFiles['[project]/app/layout'] ?? []), ...(entryJSFiles[page] ?? [])])];
}

for (const route of process.argv.slice(2).length ? process.argv.slice(2) : ['/']) {
  const rows = firstLoadFiles(route).map((file) => {
    const bytes = readFileSync(path.join(NEXT, file));
    return { file, raw: bytes.length, gz: gzipSync(bytes, { level: 6 }).length, tfjs: TFJS.test(bytes.toString('latin1')) };
  });
  rows.sort((a, b) => b.gz - a.gz);
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  const sum = (key) => rows.reduce((n, r) => n + r[key], 0);
  console.log(`${route}: first-load JavaScript ${kib(sum('gz'))} gzipped (${kib(sum('raw'))} raw) in ${rows.length} files`);
  for (const r of rows) console.log(`  ${kib(r.gz).padStart(10)}  ${r.file}${r.tfjs ? '  <- TensorFlow.js' : ''}`);
  const withTfjs = rows.filter((r) => r.tfjs);
  console.log(withTfjs.length ? `  TensorFlow.js is in ${withTfjs.length} first-load file(s).` : '  No first-load file holds TensorFlow.js.');
}
