/**
 * A page's first-load JavaScript, from the build's own manifests (`npm run build` first), without a browser
 * (bench/first-load.mjs says what counts): the total, each file with the parts of the app that load it, whether any
 * holds TensorFlow.js, and, when bench/floor is built (`npx next build bench/floor`), the framework floor's total and
 * the difference. tests/unit/first-load-budget.test.ts holds the homepage and seed pages to the floor plus 10 KiB.
 *
 *   npm run build && npm run bench:first-load          (the homepage)
 *   npm run bench:first-load -- /s/[seed] /gallery      (other routes, as app/ names them)
 */
import { firstLoadScripts, firstLoadTotals, FLOOR_NEXT_DIR, hasBuild } from './first-load.mjs';

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const floor = hasBuild(FLOOR_NEXT_DIR) ? firstLoadTotals(firstLoadScripts('/', FLOOR_NEXT_DIR)) : null;
console.log(floor ? `framework floor (bench/floor): ${kib(floor.gz)} gzipped in ${floor.files} files` : 'framework floor: not built (npx next build bench/floor)');
for (const route of process.argv.slice(2).length ? process.argv.slice(2) : ['/']) {
  const rows = firstLoadScripts(route);
  const totals = firstLoadTotals(rows);
  const overFloor = floor ? `, ${kib(totals.gz - floor.gz)} over the floor` : '';
  console.log(`${route}: first-load JavaScript ${kib(totals.gz)} gzipped (${kib(totals.raw)} raw) in ${totals.files} files${overFloor}`);
  for (const r of rows) console.log(`  ${kib(r.gz).padStart(10)}  ${r.file}  (${r.entries.join(', ')})${r.tfjs ? '  <- TensorFlow.js' : ''}`);
  const withTfjs = rows.filter((r) => r.tfjs);
  console.log(withTfjs.length ? `  TensorFlow.js is in ${withTfjs.length} first-load file(s).` : '  No first-load file holds TensorFlow.js.');
}
