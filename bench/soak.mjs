/**
 * Load and soak against a built site (`npm run build` first): the image API held at 50 connections, then the homepage
 * at 20, for 60 s each, every request a new seed (a forward pass, tracing, rasterizing and PNG encoding each) or a new
 * random symbol drawn into the page. Reports throughput, p50/p99 latency, errors, how many homepage answers carried
 * the server's symbol (past FIRST_PAINT_BUDGET_MS the page goes out without it and the browser draws), and the
 * server's memory: the resident set (VmRSS) of `next start` and every process under it, after a warm-up (rounds of
 * both loads, SOAK_WARMUP_SECONDS each, until the live heap stops growing), each second of the run and after it, and
 * the live JavaScript heap after each full collection (the server runs with --trace-gc). Both RSS readings that are
 * compared are taken once the server has settled (its RSS moving under 0.5% a second, at most SOAK_SETTLE_SECONDS,
 * 30), and the mappings that grew between them are listed by kind. Fails on any error, timeout or non-2xx answer, or when the RSS after the run is more than
 * 15% above the RSS after the warm-up (a leak).
 *
 * SOAK_HEAP=1 also writes a V8 heap snapshot of the server after the warm-up and one after the run, into bench/.heap/
 * (git-ignored) as <run>.after-warmup.heapsnapshot and <run>.after-run.heapsnapshot, for bench/heap-diff.mjs to
 * compare (it prints the command). The server runs with --heapsnapshot-signal=SIGUSR2 and --diagnostic-dir=bench/.heap;
 * the bench sends SIGUSR2 to the process that prints the --trace-gc lines (next start 16 serves in its own process),
 * once it has checked that the process catches the signal (SIGUSR2 kills a Node process that does not), and waits
 * until the file is complete. A snapshot stops the server for seconds to a minute and takes memory of its own: both are
 * taken between the phases, outside the latency figures; the RSS after the warm-up is read before the first snapshot
 * and again after it, and the growth is counted from the second reading; the RSS after the run is read before the
 * second snapshot.
 *
 *   npm run bench:soak                       (starts `next start` on port 3330; it needs its own server to read its memory)
 *   SOAK_SECONDS=5 npm run bench:soak        (a short check that it works)
 *   SOAK_API_CONNECTIONS=50 SOAK_PAGE_CONNECTIONS=20 SOAK_MAX_GROWTH=0.15 npm run bench:soak
 *   SOAK_HEAP=1 npm run bench:soak           (plus the two heap snapshots; SOAK_HEAP_TIMEOUT=600 s for each to be written)
 */
import { closeSync, copyFileSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import autocannon from 'autocannon';

import { startServer } from './harness.mjs';

const PORT = 3330;
/** A positive number from the environment, or the default; anything else stops the run with the variable's name. */
function setting(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
}
const SECONDS = setting('SOAK_SECONDS', 60);
/**
 * The warm-up, per load, in seconds and at least in requests. At least more new seeds than the server keeps finished
 * symbols (KEPT_SYMBOLS, 500, in lib/server/generator), so the LRU is full before the baseline; and long enough for
 * V8 to size its heap to the load: under the homepage's load the heap's live set levels off at about 85 MiB within a
 * minute while V8 lets the heap grow to about 300 MiB between full collections (--trace-gc, 2026-12-06), so a
 * warm-up of a few hundred requests read that sizing as growth.
 */
const WARMUP_SECONDS = setting('SOAK_WARMUP_SECONDS', 60);
const WARMUP_ROUNDS = setting('SOAK_WARMUP_ROUNDS', 4);
const WARMUP_API_REQUESTS = setting('SOAK_WARMUP_API_REQUESTS', 750);
const WARMUP_PAGE_REQUESTS = setting('SOAK_WARMUP_PAGE_REQUESTS', 250);
const API_CONNECTIONS = setting('SOAK_API_CONNECTIONS', 50);
const PAGE_CONNECTIONS = setting('SOAK_PAGE_CONNECTIONS', 20);
const MAX_GROWTH = setting('SOAK_MAX_GROWTH', 0.15);
const SETTLE_SECONDS = setting('SOAK_SETTLE_SECONDS', 30);
if (!['', '0', '1', undefined].includes(process.env.SOAK_HEAP)) throw new Error(`SOAK_HEAP must be 1 (take heap snapshots) or 0, not "${process.env.SOAK_HEAP}"`);
const HEAP = process.env.SOAK_HEAP === '1';
const HEAP_DIR = fileURLToPath(new URL('./.heap/', import.meta.url));
const HEAP_TIMEOUT_SECONDS = setting('SOAK_HEAP_TIMEOUT', 600);

if (process.env.BENCH_URL) {
  console.error('bench:soak reads the memory of the server it starts; unset BENCH_URL.');
  process.exit(2);
}

/** A process and all its descendants, their pids (Linux /proc). */
function processTree(rootPid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the command name (field 2) may hold spaces, so split after it.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [];
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    tree.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** A process's resident set in KiB, 0 once it is gone. */
function rssKiB(pid) {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * A process tree's mappings (/proc/<pid>/smaps): key "<pid> <start address>" -> { name, sizeKiB, rssKiB }. Compared
 * between two readings they say which memory grew, which the RSS alone cannot: a file-backed mapping, the brk heap
 * (small mallocs), or an anonymous one (V8's heap pages, WebAssembly memories, large mallocs, glibc's arenas), by size.
 */
function mappings(rootPid) {
  const out = new Map();
  for (const pid of processTree(rootPid)) {
    let text;
    try {
      text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
    } catch {
      continue; // the process ended while we looked
    }
    let current = null;
    for (const line of text.split('\n')) {
      const header = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
      if (header) {
        current = { name: header[2] || '[anonymous]', sizeKiB: 0, rssKiB: 0 };
        out.set(`${pid} ${header[1]}`, current);
        continue;
      }
      const field = /^(Size|Rss):\s+(\d+) kB/.exec(line);
      if (field && current) current[field[1] === 'Size' ? 'sizeKiB' : 'rssKiB'] = Number(field[2]);
    }
  }
  return out;
}

/** What grew between two readings of `mappings`: RSS by kind, and the single mappings that grew most (MiB). */
function mappingGrowth(before, after) {
  // Anonymous mappings by size: V8 commits its heap in pages of 256 KiB each (many small mappings); large mallocs and
  // WebAssembly memories are one mapping each.
  const anonymous = (kib) => (kib < 1024 ? 'anonymous under 1 MiB each' : kib < 64 * 1024 ? 'anonymous 1-64 MiB' : 'anonymous 64 MiB or more');
  const kind = (m) => (m.name.startsWith('/') ? 'files' : m.name === '[anonymous]' ? anonymous(m.sizeKiB) : m.name);
  const totalsOf = (reading) => {
    const totals = new Map();
    for (const m of reading.values()) totals.set(kind(m), (totals.get(kind(m)) ?? 0) + m.rssKiB);
    return totals;
  };
  const [was, now] = [totalsOf(before), totalsOf(after)];
  const mb = (kib) => (kib / 1024).toFixed(0);
  const byKind = [...new Set([...was.keys(), ...now.keys()])]
    .filter((k) => Math.max(was.get(k) ?? 0, now.get(k) ?? 0) >= 1024)
    .map((k) => `${k} ${mb(was.get(k) ?? 0)} -> ${mb(now.get(k) ?? 0)}`);
  const grown = [...after].map(([key, m]) => ({ m, growth: m.rssKiB - (before.get(key)?.rssKiB ?? 0), isNew: !before.has(key) }))
    .filter(({ growth }) => growth >= 1024)
    .sort((a, b) => b.growth - a.growth).slice(0, 5)
    .map(({ m, growth, isNew }) => `+${mb(growth)} in ${m.name} of ${mb(m.sizeKiB)}${isNew ? ' (new)' : ''}`);
  return `by kind: ${byKind.join(', ')}; single mappings that grew by 1 MiB or more: ${grown.join(', ') || 'none'}`;
}

/** The resident set of a process and all its descendants, in KiB. */
const treeRssKiB = (rootPid) => processTree(rootPid).reduce((total, pid) => total + rssKiB(pid), 0);

/**
 * The server's live JavaScript heap after each full collection, read from its --trace-gc lines ("Mark-Compact
 * 291.8 (319.6) -> 84.6 (312.4) MB": used before, committed, -> used after, committed): what a leak in JavaScript
 * would make climb, whatever V8 does with the heap's size. [seconds since start, MiB after] pairs.
 */
const liveHeap = [];
/** How many --trace-gc lines each pid printed ("[<pid>:0x<isolate>] ..."): the process that runs the server's JavaScript. */
const gcLinesByPid = new Map();
const started = Date.now();
let pendingOutput = '';
function readGcTrace(chunk) {
  const lines = (pendingOutput + chunk).split('\n');
  pendingOutput = lines.pop() ?? '';
  for (const line of lines) {
    const who = /^\[(\d+):0x[0-9a-f]+\]/.exec(line);
    if (who) gcLinesByPid.set(Number(who[1]), (gcLinesByPid.get(Number(who[1])) ?? 0) + 1);
    const m = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/.exec(line);
    if (m) liveHeap.push([(Date.now() - started) / 1000, Number(m[1])]);
  }
}
if (HEAP) mkdirSync(HEAP_DIR, { recursive: true });
const heapArgs = HEAP ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${HEAP_DIR}`] : [];
const { base, server } = await startServer(PORT, { probePath: '/robots.txt', nodeArgs: ['--trace-gc', ...heapArgs], onStdout: readGcTrace });
const rss = () => treeRssKiB(server.pid);
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The server's RSS once it has settled after a load: read each second until it moves by under 0.5% in a second (V8
 * hands back pages it sized for the load over a few seconds), at most SETTLE_SECONDS. Both ends of the comparison are
 * read this way, so what it compares is what the server keeps, not where its allocators were when the load stopped.
 * Returns [KiB, seconds it took].
 */
async function settledRss() {
  const t0 = Date.now();
  let last = rss();
  for (;;) {
    await sleep(1000);
    const now = rss();
    if (Math.abs(now - last) < 0.005 * last || Date.now() - t0 >= SETTLE_SECONDS * 1000) return [now, (Date.now() - t0) / 1000];
    last = now;
  }
}

/**
 * The process to signal for a heap snapshot: the one in the server's tree that prints the --trace-gc lines (a server
 * forked into a child would print them from there), else the tree's largest resident set. It must catch SIGUSR2
 * (bit 11 of SigCgt in /proc/<pid>/status): the signal's default action would end it.
 */
function servingPid() {
  const tree = processTree(server.pid);
  const printing = [...gcLinesByPid].filter(([pid]) => tree.includes(pid)).sort((a, b) => b[1] - a[1]);
  const pid = printing[0]?.[0] ?? tree.reduce((best, p) => (rssKiB(p) > rssKiB(best) ? p : best), server.pid);
  const caught = /SigCgt:\s+([0-9a-f]+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '0';
  if (!((BigInt(`0x${caught}`) >> 11n) & 1n)) {
    throw new Error(`the server's process ${pid} does not catch SIGUSR2 (no --heapsnapshot-signal): not sending it, it would end the server`);
  }
  return pid;
}

/** The last `n` bytes of a file of `size` bytes, without reading the rest (a snapshot can be 500 MB). */
function lastBytes(file, size, n) {
  const buf = Buffer.alloc(Math.min(n, size));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, size - buf.length);
  } finally {
    closeSync(fd);
  }
  return buf;
}

const RUN = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
const isSnapshot = (name) => /^Heap\..*\.heapsnapshot$/.test(name);

/**
 * A heap snapshot of the server into bench/.heap/<run>.<label>.heapsnapshot, once it is complete. Node writes
 * Heap.<date>.<time>.<pid>.<thread>.<n>.heapsnapshot into --diagnostic-dir (an older Node into its working directory;
 * both are watched) synchronously on the server's main thread: after the new file appears, the server's next answer
 * means it is closed, and the file's size holding still and its last byte closing the JSON confirm it.
 */
async function takeHeapSnapshot(label) {
  const pid = servingPid();
  const dirs = [...new Set([path.resolve(HEAP_DIR), readlinkSync(`/proc/${pid}/cwd`)])];
  const listing = () => dirs.flatMap((dir) => readdirSync(dir).filter(isSnapshot).map((name) => path.join(dir, name)));
  const existing = new Set(listing());
  const t0 = Date.now();
  const deadline = t0 + HEAP_TIMEOUT_SECONDS * 1000;
  const waitOr = async (what) => {
    if (Date.now() > deadline) throw new Error(`heap snapshot ${label}: ${what} within SOAK_HEAP_TIMEOUT (${HEAP_TIMEOUT_SECONDS} s)`);
    await sleep(500);
  };
  process.kill(pid, 'SIGUSR2');
  let file;
  while (!(file = listing().find((f) => !existing.has(f)))) await waitOr('no new file');
  for (;;) {
    try {
      if ((await fetch(`${base}/robots.txt`, { signal: AbortSignal.timeout(Math.max(1000, deadline - Date.now())) })).ok) break;
    } catch {
      // still writing (or the wait ran out: waitOr says so)
    }
    await waitOr('the server did not answer again');
  }
  let size = -1;
  for (;;) {
    const now = statSync(file).size;
    const tail = lastBytes(file, now, 16).toString('latin1').trimEnd();
    if (now === size && tail.endsWith('}')) break;
    size = now;
    await waitOr('the file did not become complete');
  }
  const seconds = (Date.now() - t0) / 1000;
  const dest = path.join(HEAP_DIR, `${RUN}.${label}.heapsnapshot`);
  try {
    renameSync(file, dest);
  } catch {
    copyFileSync(file, dest); // another file system (the server's working directory)
    unlinkSync(file);
  }
  return { label, file: path.relative(process.cwd(), dest), bytes: size, seconds, pid, root: pid === server.pid };
}

/**
 * The two loads: every image request a new seed; every homepage request a new random symbol drawn on the server.
 * `length`: { duration } in seconds or { amount } in requests.
 */
function load(target, connections, length, stats) {
  let counter = 0;
  const request =
    target === 'api'
      ? { setupRequest: (req) => ({ ...req, path: `/api/symbol/${encodeURIComponent(`soak ${process.pid} ${counter++}`)}.png` }) }
      : {
          path: '/',
          // The homepage's symbol is in the HTML when the server drew it within its budget (data-backend="server").
          onResponse: (status, body) => {
            if (status === 200) stats[body.includes('data-backend="server"') ? 'drawn' : 'leftToBrowser']++;
          },
        };
  return autocannon({ url: base, connections, ...length, requests: [request] });
}

try {
  const pageStats = { drawn: 0, leftToBrowser: 0 };
  // Warm-up: the model loaded, the wasm kernels compiled, the symbol LRU filled, the JIT settled, the heap sized.
  // Rounds of both loads until the live heap after a full collection has stopped growing (under 5% over a round, at
  // least 2 rounds, at most SOAK_WARMUP_ROUNDS): the run then starts from what the server keeps at its steady state.
  const warmup = [0, 0];
  const lastLiveHeap = () => liveHeap.at(-1)?.[1] ?? 0;
  let warmupRounds = 0;
  for (let heapBefore = 0; warmupRounds < WARMUP_ROUNDS; warmupRounds++) {
    if (warmupRounds >= 2 && lastLiveHeap() < 1.05 * heapBefore) break;
    heapBefore = lastLiveHeap();
    const targets = [['api', API_CONNECTIONS, WARMUP_API_REQUESTS], ['page', PAGE_CONNECTIONS, WARMUP_PAGE_REQUESTS]];
    for (const [i, [target, connections, amount]] of targets.entries()) {
      let done = (await load(target, connections, { duration: WARMUP_SECONDS }, { drawn: 0, leftToBrowser: 0 })).requests.total;
      if (done < amount) done += (await load(target, connections, { amount: amount - done }, { drawn: 0, leftToBrowser: 0 })).requests.total;
      warmup[i] += done;
    }
  }
  let [warm, warmSettle] = await settledRss();
  // SOAK_HEAP: the first snapshot, outside every measured load; the baseline read again after it, as its memory settles.
  const snapshots = [];
  const warmBeforeSnapshot = warm;
  if (HEAP) {
    snapshots.push(await takeHeapSnapshot('after-warmup'));
    [warm, warmSettle] = await settledRss();
  }
  const warmMappings = mappings(server.pid);
  const warmedAt = (Date.now() - started) / 1000;

  let peak = warm;
  // The RSS each second, so the report can say whether it levels off (V8 and malloc sizing themselves to the load)
  // or keeps climbing (a leak): printed every SOAK_TRACE_EVERY seconds.
  const trace = [];
  const sampler = setInterval(() => {
    const now = rss();
    peak = Math.max(peak, now);
    trace.push([(Date.now() - started) / 1000 - warmedAt, now]);
  }, 1000);
  const api = await load('api', API_CONNECTIONS, { duration: SECONDS }, {});
  const page = await load('page', PAGE_CONNECTIONS, { duration: SECONDS }, pageStats);
  clearInterval(sampler);
  const atEnd = rss();
  const [after, afterSettle] = await settledRss();
  const afterMappings = mappings(server.pid);
  const growth = (after - warm) / warm;
  // The second snapshot failing (SOAK_HEAP_TIMEOUT) still leaves the run's figures to report.
  let snapshotError = null;
  if (HEAP) await takeHeapSnapshot('after-run').then((s) => snapshots.push(s), (error) => (snapshotError = error));

  const f = (x) => x.toFixed(1);
  const line = (name, connections, r) =>
    `${name}, ${connections} connections x ${SECONDS} s: ${r.requests.total} requests, ${f(r.requests.average)} req/s, ` +
    `latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}`;
  console.log(`soak, ${base}, node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(line('image API (new seed each, PNG 512 px)', API_CONNECTIONS, api));
  console.log(line('homepage (a new symbol drawn on the server each)', PAGE_CONNECTIONS, page));
  const pages = pageStats.drawn + pageStats.leftToBrowser;
  console.log(`homepage first paint: ${pageStats.drawn} of ${pages} answers carried the server's symbol, ${pageStats.leftToBrowser} left it to the browser (budget ran out)`);
  console.log(`warm-up: ${warmupRounds} rounds, ${warmup[0]} image requests at ${API_CONNECTIONS} connections, ${warmup[1]} homepages at ${PAGE_CONNECTIONS} (at least ${WARMUP_SECONDS} s each a round)`);
  const heapBefore = liveHeap.filter(([t]) => t <= warmedAt);
  const heapDuring = liveHeap.filter(([t]) => t > warmedAt);
  const listHeap = (xs) => xs.map(([t, m]) => `${(t - warmedAt).toFixed(0)} s: ${m.toFixed(0)}`).join(', ') || 'none';
  console.log(`server live heap after full collections (MiB; 0 s = end of warm-up): ${listHeap(heapBefore.slice(-3))} | ${listHeap(heapDuring)}`);
  const every = setting('SOAK_TRACE_EVERY', 10);
  const series = trace.filter(([t], i) => i === trace.length - 1 || Math.floor(t / every) !== Math.floor((trace[i + 1]?.[0] ?? 0) / every));
  console.log(`server RSS over the run (s: MiB): ${series.map(([t, kib]) => `${t.toFixed(0)}: ${(kib / 1024).toFixed(0)}`).join(', ')}`);
  console.log(`server RSS, what grew (MiB, after warm-up -> after the run): ${mappingGrowth(warmMappings, afterMappings)}`);
  const beforeSnapshot = HEAP ? ` (${mib(warmBeforeSnapshot)} before the first heap snapshot)` : '';
  console.log(`server RSS (next start and its children): after warm-up ${mib(warm)} (settled in ${f(warmSettle)} s)${beforeSnapshot}, peak ${mib(peak)}, when the load stopped ${mib(atEnd)}, after the run ${mib(after)} (settled in ${f(afterSettle)} s): ${growth >= 0 ? '+' : ''}${f(growth * 100)}% (limit +${f(MAX_GROWTH * 100)}%)`);
  if (HEAP) {
    console.log('heap snapshots (SOAK_HEAP=1), taken between the phases: the server stood still while each was written, outside the latency figures above');
    for (const s of snapshots) {
      console.log(`  ${s.label}: ${s.file}, ${mib(s.bytes / 1024)}, written in ${f(s.seconds)} s by pid ${s.pid} (${s.root ? 'next start itself' : 'a child of next start'})`);
    }
    if (snapshots.length === 2) console.log(`  compare: node bench/heap-diff.mjs ${snapshots.map((s) => s.file).join(' ')}`);
  }

  const failures = [];
  for (const [name, r] of [['image API', api], ['homepage', page]]) {
    if (r.errors || r.timeouts || r.non2xx) failures.push(`${name}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx answers`);
  }
  if (snapshotError) failures.push(snapshotError.message);
  if (growth > MAX_GROWTH) failures.push(`RSS grew ${f(growth * 100)}% across the soak, more than ${f(MAX_GROWTH * 100)}%`);
  for (const failure of failures) console.error(`FAIL ${failure}`);
  if (failures.length) process.exitCode = 1;
} finally {
  server?.kill();
}
