/**
 * What grew between two V8 heap snapshots (issue 24: `SOAK_HEAP=1 npm run bench:soak` writes one after the warm-up
 * and one after the run into bench/.heap/). Prints the totals, the counts per node type, and the 25 constructor or
 * type names that grew most in live objects and in self size (after minus before). Self size only: retained sizes
 * need the dominator tree. To see what retains a name this points at, bench/heap-retainers.mjs prints the shortest
 * chains from the root to its objects (new ones only with --new-since <before>); Chrome DevTools (Memory, Load,
 * Comparison) shows the same interactively.
 *
 *   node bench/heap-diff.mjs bench/.heap/<run>.after-warmup.heapsnapshot bench/.heap/<run>.after-run.heapsnapshot
 *   HEAP_DIFF_TOP=50 node bench/heap-diff.mjs <before> <after>
 *
 * Each file is read whole into a Buffer, outside the JavaScript heap, and scanned there (bench/heap-diff-core.mjs), so
 * a 500 MB snapshot needs no --max-old-space-size, only its size in free memory; one at a time. Files over 2 GiB are
 * past what readFileSync reads.
 */
import { readFileSync } from 'node:fs';

import { diffSummaries, summarizeSnapshotBytes, topGrowth } from './heap-diff-core.mjs';

const [beforeFile, afterFile, ...extra] = process.argv.slice(2);
if (!beforeFile || !afterFile || extra.length) {
  console.error('usage: node bench/heap-diff.mjs <before.heapsnapshot> <after.heapsnapshot>');
  process.exit(2);
}
const top = Number(process.env.HEAP_DIFF_TOP ?? 25);
if (!Number.isInteger(top) || top <= 0) {
  console.error(`HEAP_DIFF_TOP must be a positive whole number, not "${process.env.HEAP_DIFF_TOP}"`);
  process.exit(2);
}

function summarize(file) {
  const t0 = performance.now();
  let buf;
  try {
    buf = readFileSync(file);
  } catch (error) {
    console.error(`cannot read ${file}: ${error.message}`);
    process.exit(2);
  }
  const summary = summarizeSnapshotBytes(buf);
  return { ...summary, bytes: buf.length, seconds: (performance.now() - t0) / 1000 };
}
const before = summarize(beforeFile);
const after = summarize(afterFile);

const int = (n) => n.toLocaleString('en-US');
const signed = (n, format) => (n > 0 ? '+' : n < 0 ? '-' : '±') + format(Math.abs(n));
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const pct = (a, b) => (a ? `, ${signed(((b - a) / a) * 100, (x) => x.toFixed(1))}%` : '');

for (const [label, file, s] of [['before', beforeFile, before], ['after', afterFile, after]]) {
  console.log(`${label}: ${file}, ${mib(s.bytes)} of JSON read in ${s.seconds.toFixed(1)} s`);
}
console.log(
  `total: ${int(before.total.count)} -> ${int(after.total.count)} objects (${signed(after.total.count - before.total.count, int)}${pct(before.total.count, after.total.count)}), ` +
    `self size ${mib(before.total.size)} -> ${mib(after.total.size)} (${signed(after.total.size - before.total.size, mib)}${pct(before.total.size, after.total.size)})`,
);

/** One table row: count change, self-size change, before -> after, the name. */
const table = (rows) => {
  const cells = rows.map((r) => [
    signed(r.count, int),
    signed(r.size, mib),
    `${int(r.before.count)} -> ${int(r.after.count)}`,
    `${mib(r.before.size)} -> ${mib(r.after.size)}`,
    // Names can be long (a native's description) or hold line breaks.
    JSON.stringify(r.name).slice(1, -1).slice(0, 100),
  ]);
  const head = ['objects', 'self size', 'objects before -> after', 'self size before -> after', 'name'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  for (const c of [head, ...cells]) console.log('  ' + c.map((x, i) => (i < 4 ? x.padStart(widths[i]) : x)).join('  '));
};

const byType = (s) => ({ groups: s.types });
console.log('\nby node type:');
table(diffSummaries(byType(before), byType(after)).sort((x, y) => y.size - x.size));

const rows = diffSummaries(before, after);
console.log(`\ntop ${top} by growth in live objects:`);
table(topGrowth(rows, 'count', top));
console.log(`\ntop ${top} by growth in self size:`);
table(topGrowth(rows, 'size', top));
