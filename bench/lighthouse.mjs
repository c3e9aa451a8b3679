/**
 * Lighthouse 12 on the homepage and a seed page of a built site, as issue 12 measures them: the default mobile preset
 * (simulated slow 4G, 4x CPU slowdown) in Debian's Chromium with software WebGL (SwiftShader). Prints each run, then
 * the median run (by performance score) per page: the four category scores, FCP, LCP, TBT, CLS and the LCP element.
 *
 *   npm run build && npm run bench:lighthouse      (starts `next start` on port 3310; BENCH_URL=... uses a running server)
 *   BENCH_RUNS=5 BENCH_PAGES=/,/s/courage npm run bench:lighthouse
 *
 * Lighthouse comes from node_modules when a 12.x is installed there, else from `npx --yes lighthouse@12` (network).
 * Each run starts its own Chromium with a fresh profile, so every run is a first visit (empty caches). Each page is
 * fetched once before the runs so that the server's model load (its first request) is not what is measured.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { startServer } from './harness.mjs';

const PORT = 3310;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PAGES = (process.env.BENCH_PAGES ?? '/,/s/a%20sigil%20for%20courage').split(',');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = '--headless=new --no-sandbox --use-angle=swiftshader --enable-unsafe-swiftshader';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

/** The Lighthouse command: a local 12.x if there is one, else npx's. */
function lighthouseCommand() {
  const pkg = path.join('node_modules', 'lighthouse', 'package.json');
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version.startsWith('12.')) {
    return [process.execPath, [path.join('node_modules', 'lighthouse', 'cli', 'index.js')]];
  }
  return ['npx', ['--yes', 'lighthouse@12']];
}

/** One Lighthouse run on `url`: its report (the LHR). */
async function lighthouse(url) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lighthouse-'));
  const report = path.join(dir, 'report.json');
  const [command, prefix] = lighthouseCommand();
  try {
    await promisify(execFile)(
      command,
      [
        ...prefix,
        url,
        '--output=json',
        `--output-path=${report}`,
        `--only-categories=${CATEGORIES.join(',')}`,
        `--chrome-flags=${CHROMIUM_FLAGS}`,
        '--quiet',
      ],
      { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 64 * 1024 * 1024 },
    );
    const lhr = JSON.parse(readFileSync(report, 'utf8'));
    if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    return lhr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures issue 12 records, from one report. */
function figures(lhr) {
  const score = (id) => Math.round((lhr.categories[id]?.score ?? NaN) * 100);
  const ms = (id) => lhr.audits[id]?.numericValue ?? NaN;
  const lcpElement = lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    fcpMs: ms('first-contentful-paint'),
    lcpMs: ms('largest-contentful-paint'),
    tbtMs: ms('total-blocking-time'),
    cls: ms('cumulative-layout-shift'),
    lcpElement: lcpElement ? `${lcpElement.nodeLabel ?? ''} ${lcpElement.snippet ?? ''}`.trim().slice(0, 120) : '(none reported)',
  };
}

/**
 * Lighthouse now and then fails to record a trace on this machine (NO_NAVSTART, NO_FCP); such a run measured nothing,
 * so it is run again (at most twice) rather than ending the benchmark.
 */
async function lighthouseWithRetry(url, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await lighthouse(url);
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.log(`  (Lighthouse failed to record the page, run again: ${String(error.stderr ?? error.message).trim().split('\n')[0]})`);
    }
  }
}

const line = (f) =>
  `performance ${f.performance}, accessibility ${f.accessibility}, best practices ${f.bestPractices}, SEO ${f.seo}; ` +
  `FCP ${(f.fcpMs / 1000).toFixed(1)} s, LCP ${(f.lcpMs / 1000).toFixed(1)} s, TBT ${Math.round(f.tbtMs)} ms, CLS ${f.cls.toFixed(3)}`;

const { base, server } = await startServer(PORT);
try {
  const results = [];
  for (const page of PAGES) {
    const url = `${base}${page}`;
    await (await fetch(url)).text();
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const f = figures(await lighthouseWithRetry(url));
      console.log(`${page} run ${i + 1}/${RUNS}: ${line(f)}`);
      runs.push(f);
    }
    const median = [...runs].sort((a, b) => a.performance - b.performance)[Math.floor(runs.length / 2)];
    const tbts = runs.map((f) => Math.round(f.tbtMs)).sort((a, b) => a - b);
    console.log(`${page} median run: ${line(median)}\n  LCP element: ${median.lcpElement}\n  TBT over the runs: ${tbts.join(', ')} ms`);
    results.push([page, median]);
  }
  console.log(`\nLighthouse 12, mobile preset, median of ${RUNS} runs per page`);
  console.log('| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [page, f] of results) {
    console.log(
      `| \`${page}\` | ${f.performance} | ${f.accessibility} | ${f.bestPractices} | ${f.seo} | ${(f.fcpMs / 1000).toFixed(1)} s | ` +
        `${(f.lcpMs / 1000).toFixed(1)} s | ${Math.round(f.tbtMs)} ms | ${f.cls.toFixed(3)} |`,
    );
  }
} finally {
  server?.kill();
}
