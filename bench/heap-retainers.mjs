/**
 * What keeps the objects of one constructor alive in a V8 heap snapshot (issue 24): for each, the shortest chain of
 * references from the snapshot's root, as DevTools' Retainers panel shows its first row, and a tally of the distinct
 * chains over all of them. After bench/heap-diff.mjs names a constructor that grew, this says who holds it.
 *
 *   node bench/heap-retainers.mjs <snapshot> <name> [--count 5] [--new-since <older snapshot>] [--max 2000]
 *       [--top 10] [--tail 4] [--paths 1] [--depth 64] [--retainers] [--shortcuts] [--ephemeron-tables]
 *
 * <name> is a constructor (ServerResponse), a closure's function name (deprecated, or "(closure) deprecated" as
 * heap-diff prints it) or an internal name (system / Context). --new-since keeps the objects whose node id is not in
 * the older snapshot: V8 numbers objects once per process, so those are the ones allocated (or first seen) since.
 * --count objects are printed one step a line; --max of them (the first in snapshot order) are tallied by their
 * whole path and by its last --tail steps, with array indices and ids masked. --paths prints more than one shortest
 * path per printed object, --retainers every edge into it (weak ones too) with the retainer's distance from the root.
 * Weak edges never count as holding; shortcut edges only with --shortcuts; a WeakMap table's edge to a value only with
 * --ephemeron-tables (the key's edge to it always does: see bench/heap-retainers-core.mjs).
 *
 * Each file is read into a Buffer and scanned there (bench/heap-retainers-core.mjs); a 525 MiB snapshot takes about
 * 1.5 GB of memory in all, most of it outside the JavaScript heap.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { directRetainers, edgeLabel, formatPath, hasId, heapGraph, nodeIds, nodeLabel, readSnapshotBytes, retainerPaths } from './heap-retainers-core.mjs';

const usage = 'usage: node bench/heap-retainers.mjs <snapshot> <name> [--count 5] [--new-since <older>] [--max 2000] [--top 10] [--tail 4] [--paths 1] [--depth 64] [--retainers] [--shortcuts] [--ephemeron-tables]';
let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      count: { type: 'string', default: '5' },
      'new-since': { type: 'string' },
      max: { type: 'string', default: '2000' },
      top: { type: 'string', default: '10' },
      tail: { type: 'string', default: '4' },
      paths: { type: 'string', default: '1' },
      depth: { type: 'string', default: '64' },
      retainers: { type: 'boolean', default: false },
      shortcuts: { type: 'boolean', default: false },
      'ephemeron-tables': { type: 'boolean', default: false },
    },
  });
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
const [file, wanted, ...extra] = args.positionals;
if (!file || !wanted || extra.length) {
  console.error(usage);
  process.exit(2);
}
const whole = (key, min) => {
  const n = Number(args.values[key]);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${key} must be a whole number of at least ${min}, not "${args.values[key]}"\n${usage}`);
    process.exit(2);
  }
  return n;
};
const count = whole('count', 0);
const max = whole('max', 1);
const top = whole('top', 1);
const tail = whole('tail', 1);
const maxPaths = whole('paths', 1);
const maxDepth = whole('depth', 1);

const read = (path, sections) => {
  const t0 = performance.now();
  let buf;
  try {
    buf = readFileSync(path);
  } catch (error) {
    console.error(`cannot read ${path}: ${error.message}`);
    process.exit(2);
  }
  const snap = readSnapshotBytes(buf, sections ? { sections } : undefined);
  console.log(`read ${path} (${(buf.length / 2 ** 20).toFixed(0)} MiB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return snap;
};

// The older snapshot's ids first, so its nodes are freed before the newer one is read.
const olderIds = args.values['new-since'] ? nodeIds(read(args.values['new-since'], ['nodes'])) : null;
const snap = read(file);
const t0 = performance.now();
const g = heapGraph(snap, { shortcuts: args.values.shortcuts, ephemeronTables: args.values['ephemeron-tables'] });
console.log(`graph: ${g.nodeCount.toLocaleString('en-US')} nodes, ${g.edgeCount.toLocaleString('en-US')} edges, built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// The matching nodes: by constructor or internal name, or a closure by its function's name.
const closureOnly = wanted.startsWith('(closure) ');
const name = closureOnly ? wanted.slice('(closure) '.length) : wanted;
const NAMED = new Set(['object', 'native', 'synthetic', 'hidden', 'array', 'closure']);
const matches = [];
const byType = new Map();
let old = 0;
let unreached = 0;
for (let i = 0; i < g.nodeCount; i++) {
  const type = g.type(i);
  if (!NAMED.has(type) || (closureOnly && type !== 'closure') || g.name(i) !== name) continue;
  if (olderIds && hasId(olderIds, g.id(i))) {
    old++;
    continue;
  }
  byType.set(type, (byType.get(type) ?? 0) + 1);
  if (g.distance[i] === 0xffffffff) unreached++;
  matches.push(i);
}
const types = [...byType].map(([t, n]) => `${n.toLocaleString('en-US')} ${t}`).join(', ') || 'none';
console.log(
  `\n${matches.length.toLocaleString('en-US')} nodes named ${JSON.stringify(name)}${olderIds ? ` new since ${args.values['new-since']} (${old.toLocaleString('en-US')} older ones left out)` : ''}: ${types}` +
    (unreached ? `; ${unreached} reached by weak edges alone` : ''),
);

const int = (n) => n.toLocaleString('en-US');
for (const i of matches.slice(0, count)) {
  const d = g.distance[i];
  console.log(`\n${nodeLabel({ type: g.type(i), name: g.name(i) })} @${g.id(i)} (node ${i}, ${int(g.selfSize(i))} bytes, ${d === 0xffffffff ? 'no strong path' : `${d} edges from the root`})`);
  retainerPaths(g, i, { maxDepth, maxPaths }).forEach((path, k) => {
    if (maxPaths > 1) console.log(`  path ${k + 1}:`);
    if (path.truncated) console.log('    ...');
    path.steps.forEach((step, s) => {
      const next = path.steps[s + 1];
      console.log(`    ${nodeLabel(step)} @${step.id}${next ? `${edgeLabel(next.edge)} ->` : ''}`);
    });
  });
  if (args.values.retainers) {
    console.log('  retained by:');
    for (const r of directRetainers(g, i).sort((a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity))) {
      console.log(`    ${nodeLabel(r.from)} @${r.from.id}${edgeLabel(r.edge)} (${r.edge.type}${r.holds ? '' : ', not holding'}, distance ${r.distance ?? 'none'})`);
    }
  }
}

// The tally: whole paths, and their last `tail` steps (the holder near the object, which long root chains hide).
const tallied = matches.slice(0, max);
const whole_ = new Map();
const tails = new Map();
const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
for (const i of tallied) {
  const [path] = retainerPaths(g, i, { maxDepth, maxPaths: 1 });
  if (!path) {
    bump(whole_, '(no strong path: weak references alone)');
    bump(tails, '(no strong path: weak references alone)');
    continue;
  }
  bump(whole_, formatPath(path, { mask: true }));
  const cut = path.steps.length > tail + 1;
  bump(tails, formatPath({ steps: path.steps.slice(-(tail + 1)), truncated: cut || path.truncated }, { mask: true }));
}
const print = (title, map) => {
  console.log(`\n${title} (${int(tallied.length)} of ${int(matches.length)} objects tallied, ${int(map.size)} distinct):`);
  for (const [path, n] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${String(n).padStart(6)}  ${path}`);
};
print('shortest retaining paths, most frequent first', whole_);
print(`their last ${tail} steps, most frequent first`, tails);
