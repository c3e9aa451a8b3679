/**
 * Image API benchmark against a built site (`npm run build` first):
 *  - warm latency of GET /api/symbol/<seed>.png (default 512 px), one request at a time:
 *    new seeds (a forward pass, trace, raster and PNG each) and one repeated seed (raster and PNG
 *    only: the symbol is kept in the server's LRU), medians and p90;
 *  - autocannon: CONNECTIONS concurrent connections for DURATION seconds, every request a new seed,
 *    throughput, latency percentiles, errors and non-2xx answers.
 *
 *   npm run bench:api             (starts `next start` on port 3320; BENCH_URL=... uses a running server)
 *   BENCH_DURATION=20 BENCH_CONNECTIONS=20 BENCH_N=200 npm run bench:api
 */
import os from 'node:os';

import autocannon from 'autocannon';

import { startServer } from './harness.mjs';

const PORT = 3320;
const N = Number(process.env.BENCH_N ?? 200);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const { base, server } = await startServer(PORT, { probePath: '/robots.txt' });

async function timed(url) {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 200 || body.byteLength === 0) throw new Error(`${url}: HTTP ${res.status}`);
  return ms;
}

try {
  const url = (seed) => `${base}/api/symbol/${encodeURIComponent(seed)}.png`;
  // Warm up: the first request loads the model (once per process) and compiles the wasm kernels.
  const coldMs = await timed(url('bench warm-up'));
  for (let i = 0; i < 10; i++) await timed(url(`bench warm-up ${i}`));

  const fresh = [];
  for (let i = 0; i < N; i++) fresh.push(await timed(url(`bench seed ${i}`)));
  const repeat = [];
  for (let i = 0; i < N; i++) repeat.push(await timed(url('bench repeated seed')));

  let counter = 0;
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [{ setupRequest: (req) => ({ ...req, path: `/api/symbol/${encodeURIComponent(`load ${process.pid} ${counter++}`)}.png` }) }],
  });

  const f = (x) => x.toFixed(1);
  console.log(`image API benchmark, ${base}, node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`cold first request (model load + warm-up): ${f(coldMs)} ms`);
  console.log(`warm, one at a time, new seed each (${N}): median ${f(pct(fresh, 50))} ms, p90 ${f(pct(fresh, 90))} ms`);
  console.log(`warm, one at a time, repeated seed (${N}): median ${f(pct(repeat, 50))} ms, p90 ${f(pct(repeat, 90))} ms`);
  console.log(
    `autocannon ${CONNECTIONS} connections x ${DURATION} s, new seed each: ${result.requests.total} requests, ` +
      `${f(result.requests.average)} req/s, latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, ` +
      `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
  );
  if (result.errors || result.timeouts || result.non2xx) process.exitCode = 1;
} finally {
  server?.kill();
}
