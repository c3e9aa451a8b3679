/**
 * Load and soak against a built site (`npm run build` first): the image API held at 50 connections, then the homepage
 * at 20, for 60 s each, every request a new seed (a forward pass, tracing, rasterizing and PNG encoding each) or a new
 * random symbol drawn into the page. Reports throughput, p50/p99 latency, errors, how many homepage answers carried
 * the server's symbol (past FIRST_PAINT_BUDGET_MS the page goes out without it and the browser draws), and the
 * server's memory: the resident set (VmRSS) of `next start` and every process under it, after a warm-up (both loads,
 * SOAK_WARMUP_SECONDS each), each second of the run and after it, and the live JavaScript heap after each full
 * collection (the server runs with --trace-gc). Fails on any error, timeout or non-2xx answer, or when the RSS after
 * the run is more than 15% above the RSS after the warm-up (a leak).
 *
 *   npm run bench:soak                       (starts `next start` on port 3330; it needs its own server to read its memory)
 *   SOAK_SECONDS=5 npm run bench:soak        (a short check that it works)
 *   SOAK_API_CONNECTIONS=50 SOAK_PAGE_CONNECTIONS=20 SOAK_MAX_GROWTH=0.15 npm run bench:soak
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

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
const WARMUP_API_REQUESTS = setting('SOAK_WARMUP_API_REQUESTS', 750);
const WARMUP_PAGE_REQUESTS = setting('SOAK_WARMUP_PAGE_REQUESTS', 250);
const API_CONNECTIONS = setting('SOAK_API_CONNECTIONS', 50);
const PAGE_CONNECTIONS = setting('SOAK_PAGE_CONNECTIONS', 20);
const MAX_GROWTH = setting('SOAK_MAX_GROWTH', 0.15);

if (process.env.BENCH_URL) {
  console.error('bench:soak reads the memory of the server it starts; unset BENCH_URL.');
  process.exit(2);
}

/** The resident set of a process and all its descendants, in KiB (Linux /proc). */
function treeRssKiB(rootPid) {
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
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      total += Number(kib ?? 0);
    } catch {
      // gone
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * The server's live JavaScript heap after each full collection, read from its --trace-gc lines ("Mark-Compact
 * 291.8 (319.6) -> 84.6 (312.4) MB": used before, committed, -> used after, committed): what a leak in JavaScript
 * would make climb, whatever V8 does with the heap's size. [seconds since start, MiB after] pairs.
 */
const liveHeap = [];
const started = Date.now();
let pendingOutput = '';
function readGcTrace(chunk) {
  const lines = (pendingOutput + chunk).split('\n');
  pendingOutput = lines.pop() ?? '';
  for (const line of lines) {
    const m = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/.exec(line);
    if (m) liveHeap.push([(Date.now() - started) / 1000, Number(m[1])]);
  }
}
const { base, server } = await startServer(PORT, { probePath: '/robots.txt', nodeArgs: ['--trace-gc'], onStdout: readGcTrace });
const rss = () => treeRssKiB(server.pid);
const mib = (kib) => `${(kib / 1024).toFixed(1)} MiB`;

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
  const warmup = [];
  for (const [target, connections, amount] of [['api', API_CONNECTIONS, WARMUP_API_REQUESTS], ['page', PAGE_CONNECTIONS, WARMUP_PAGE_REQUESTS]]) {
    let done = (await load(target, connections, { duration: WARMUP_SECONDS }, { drawn: 0, leftToBrowser: 0 })).requests.total;
    if (done < amount) done += (await load(target, connections, { amount: amount - done }, { drawn: 0, leftToBrowser: 0 })).requests.total;
    warmup.push(done);
  }
  await new Promise((r) => setTimeout(r, 2000));
  const warm = rss();
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
  await new Promise((r) => setTimeout(r, 2000));
  const after = rss();
  const growth = (after - warm) / warm;

  const f = (x) => x.toFixed(1);
  const line = (name, connections, r) =>
    `${name}, ${connections} connections x ${SECONDS} s: ${r.requests.total} requests, ${f(r.requests.average)} req/s, ` +
    `latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}`;
  console.log(`soak, ${base}, node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(line('image API (new seed each, PNG 512 px)', API_CONNECTIONS, api));
  console.log(line('homepage (a new symbol drawn on the server each)', PAGE_CONNECTIONS, page));
  const pages = pageStats.drawn + pageStats.leftToBrowser;
  console.log(`homepage first paint: ${pageStats.drawn} of ${pages} answers carried the server's symbol, ${pageStats.leftToBrowser} left it to the browser (budget ran out)`);
  console.log(`warm-up: ${warmup[0]} image requests at ${API_CONNECTIONS} connections, ${warmup[1]} homepages at ${PAGE_CONNECTIONS} (at least ${WARMUP_SECONDS} s each)`);
  const heapBefore = liveHeap.filter(([t]) => t <= warmedAt);
  const heapDuring = liveHeap.filter(([t]) => t > warmedAt);
  const listHeap = (xs) => xs.map(([t, m]) => `${(t - warmedAt).toFixed(0)} s: ${m.toFixed(0)}`).join(', ') || 'none';
  console.log(`server live heap after full collections (MiB; 0 s = end of warm-up): ${listHeap(heapBefore.slice(-3))} | ${listHeap(heapDuring)}`);
  const every = setting('SOAK_TRACE_EVERY', 10);
  const series = trace.filter(([t], i) => i === trace.length - 1 || Math.floor(t / every) !== Math.floor((trace[i + 1]?.[0] ?? 0) / every));
  console.log(`server RSS over the run (s: MiB): ${series.map(([t, kib]) => `${t.toFixed(0)}: ${(kib / 1024).toFixed(0)}`).join(', ')}`);
  console.log(`server RSS (next start and its children): after warm-up ${mib(warm)}, peak ${mib(peak)}, after the run ${mib(after)}: ${growth >= 0 ? '+' : ''}${f(growth * 100)}% (limit +${f(MAX_GROWTH * 100)}%)`);

  const failures = [];
  for (const [name, r] of [['image API', api], ['homepage', page]]) {
    if (r.errors || r.timeouts || r.non2xx) failures.push(`${name}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx answers`);
  }
  if (growth > MAX_GROWTH) failures.push(`RSS grew ${f(growth * 100)}% across the soak, more than ${f(MAX_GROWTH * 100)}%`);
  for (const failure of failures) console.error(`FAIL ${failure}`);
  if (failures.length) process.exitCode = 1;
} finally {
  server?.kill();
}
