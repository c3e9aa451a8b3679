/**
 * A page's first-load JavaScript, from the build's own manifests (`npm run build` first), without a browser
 * (bench/first-load.mjs says what counts): the total, the site's own share beyond the framework's root scripts (which
 * is what an app-router page with no client component loads, bench/floor), each file, and whether any holds
 * TensorFlow.js. tests/unit/first-load-budget.test.ts holds the homepage's own share to its budget.
 *
 *   npm run build && npm run bench:first-load          (the homepage)
 *   npm run bench:first-load -- /s/[seed] /gallery      (other routes, as app/ names them)
 */
import { firstLoadScripts, firstLoadTotals } from './first-load.mjs';

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
for (const route of process.argv.slice(2).length ? process.argv.slice(2) : ['/']) {
  const rows = firstLoadScripts(route);
  const totals = firstLoadTotals(rows);
  console.log(`${route}: first-load JavaScript ${kib(totals.gz)} gzipped (${kib(totals.raw)} raw) in ${totals.files} files`);
  console.log(`  the site's own, beyond the framework's root scripts: ${kib(totals.ownGz)} gzipped (${kib(totals.ownRaw)} raw)`);
  for (const r of rows) console.log(`  ${kib(r.gz).padStart(10)}  ${r.file}${r.framework ? '  (framework)' : ''}${r.tfjs ? '  <- TensorFlow.js' : ''}`);
  const withTfjs = rows.filter((r) => r.tfjs);
  console.log(withTfjs.length ? `  TensorFlow.js is in ${withTfjs.length} first-load file(s).` : '  No first-load file holds TensorFlow.js.');
}
