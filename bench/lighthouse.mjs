/**
 * Lighthouse 12 on the pages of a built site that show symbols (the homepage, a seed page, the gallery, a morph link,
 * the game), as issues 12 and 23 measure them: the default mobile preset (simulated slow 4G, 4x CPU slowdown) in
 * Debian's Chromium with software WebGL (SwiftShader). Prints each run, then the median run (by performance score) per
 * page: the four category scores, FCP, LCP, TBT, CLS and the LCP element, saying whether it is a symbol (an <img> of
 * an outline, components/ui/outline-image, or of the image API) or what else.
 *
 *   npm run build && npm run bench:lighthouse      (starts `next start` on port 3310; BENCH_URL=... uses a running server)
 *   BENCH_RUNS=5 BENCH_PAGES=/,/s/courage npm run bench:lighthouse
 *   BENCH_FLOOR=1 npm run bench:lighthouse           (also the framework floor, below)
 *   BENCH_BLOCK='*.js' BENCH_FLOOR=1 npm run bench:lighthouse   (every page, the floor too, without its scripts)
 *
 * BENCH_BLOCK is a comma-separated list of URL patterns Lighthouse blocks (its --blocked-url-patterns): '*.js' measures
 * what the HTML, CSS, fonts and images cost without any script, '*.woff2' the pages without their web fonts. It
 * splits a page's distance from the floor into rendering and script (bench/RESULTS.md, issue 23).
 *
 * BENCH_FLOOR=1 also builds and serves bench/floor (port 3311): the smallest app-router page, with the site's own
 * Next.js and React but no client component, web font or image. It is what the framework alone costs on this machine,
 * the floor under any page of the site; the site's own additions are the difference.
 *
 * The runs go round the pages (site pages, then the floor, then again), so that a machine whose speed drifts during
 * the benchmark (a busy host, CPU steal) weighs on every page alike: compare pages within one run of this script only.
 * Lighthouse comes from node_modules when a 12.x is installed there, else from `npx --yes lighthouse@12` (network).
 * Each run starts its own Chromium with a fresh profile, so every run is a first visit (empty caches). Each page is
 * fetched once before the runs so that the server's model load (its first request) is not what is measured.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { NEXT_BIN, startServer } from './harness.mjs';

const PORT = 3310;
const FLOOR_PORT = 3311;
const FLOOR_DIR = 'bench/floor';
const FLOOR = process.env.BENCH_FLOOR === '1';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error(`BENCH_RUNS must be a whole number of runs, 1 or more; got ${JSON.stringify(process.env.BENCH_RUNS)}`);
  process.exit(2);
}
const PAGES = (process.env.BENCH_PAGES ?? '/,/s/a%20sigil%20for%20courage,/gallery,/morph/a%20sigil%20for%20courage/luna,/real-or-not').split(',');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = '--headless=new --no-sandbox --use-angle=swiftshader --enable-unsafe-swiftshader';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const BLOCK = (process.env.BENCH_BLOCK ?? '')
  .split(',')
  .map((pattern) => pattern.trim())
  .filter((pattern) => pattern !== '');

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
        ...BLOCK.map((pattern) => `--blocked-url-patterns=${pattern}`),
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

/**
 * Whether Lighthouse's LCP node is a symbol: an <img> showing an outline as an SVG data URI (the server's first paint
 * and the browser's drawings, components/ui/outline-image) or the image API's picture. Read from the node's snippet,
 * the element's opening tag as Lighthouse prints it.
 */
function isSymbolNode(node) {
  const snippet = node?.snippet ?? '';
  return /^<img\b/i.test(snippet) && /\ssrc="(data:image\/svg\+xml,|[^"]*\/api\/symbol\/)/i.test(snippet);
}

/** The figures issues 12 and 23 record, from one report. */
function figures(lhr) {
  const score = (id) => Math.round((lhr.categories[id]?.score ?? NaN) * 100);
  const ms = (id) => lhr.audits[id]?.numericValue ?? NaN;
  const lcpNode = lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node;
  const lcpLabel = lcpNode ? `${lcpNode.nodeLabel ?? ''} ${lcpNode.snippet ?? ''}`.trim().slice(0, 120) : null;
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    fcpMs: ms('first-contentful-paint'),
    lcpMs: ms('largest-contentful-paint'),
    tbtMs: ms('total-blocking-time'),
    cls: ms('cumulative-layout-shift'),
    lcpIsSymbol: isSymbolNode(lcpNode),
    lcpElement: lcpLabel === null ? '(none reported)' : `${isSymbolNode(lcpNode) ? 'the symbol' : 'NOT a symbol'}: ${lcpLabel}`,
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
  `FCP ${(f.fcpMs / 1000).toFixed(1)} s, LCP ${(f.lcpMs / 1000).toFixed(1)} s (${f.lcpIsSymbol ? 'the symbol' : 'not a symbol'}), ` +
  `TBT ${Math.round(f.tbtMs)} ms, CLS ${f.cls.toFixed(3)}`;

/** The floor app, built now with the node_modules the site was built with (its build takes about half a minute). */
async function buildFloor() {
  try {
    await promisify(execFile)(process.execPath, [NEXT_BIN, 'build', FLOOR_DIR], {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    throw new Error(`Building ${FLOOR_DIR} failed:\n${error.stderr || error.stdout || error.message}`);
  }
}

const servers = [];
try {
  const site = await startServer(PORT);
  servers.push(site.server);
  /** [label, url] for every page measured. */
  const pages = PAGES.map((page) => [`\`${page}\``, `${site.base}${page}`]);
  if (FLOOR) {
    await buildFloor();
    const floor = await startServer(FLOOR_PORT, { dir: FLOOR_DIR });
    servers.push(floor.server);
    pages.push(['framework floor (bench/floor `/`)', `${floor.base}/`]);
  }
  for (const [, url] of pages) await (await fetch(url)).text();

  const runs = new Map(pages.map(([label]) => [label, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [label, url] of pages) {
      const f = figures(await lighthouseWithRetry(url));
      console.log(`${label} run ${i + 1}/${RUNS}: ${line(f)}`);
      runs.get(label).push(f);
    }
  }
  const results = [];
  for (const [label] of pages) {
    const all = runs.get(label);
    const median = [...all].sort((a, b) => a.performance - b.performance)[Math.floor(all.length / 2)];
    const tbts = all.map((f) => Math.round(f.tbtMs)).sort((a, b) => a - b);
    const scores = all.map((f) => f.performance).sort((a, b) => a - b);
    const symbolRuns = all.filter((f) => f.lcpIsSymbol).length;
    console.log(
      `${label} median run: ${line(median)}\n  LCP element: ${median.lcpElement}\n  the LCP element was a symbol in ${symbolRuns} of ${all.length} runs\n` +
        `  performance over the runs: ${scores.join(', ')}; TBT: ${tbts.join(', ')} ms`,
    );
    results.push([label, median]);
  }
  const blocked = BLOCK.length === 0 ? '' : `, requests blocked: ${BLOCK.join(', ')}`;
  console.log(`\nLighthouse 12, mobile preset, median of ${RUNS} runs per page${blocked}`);
  console.log('| page | performance | accessibility | best practices | SEO | FCP | LCP | LCP element | TBT | CLS |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [label, f] of results) {
    console.log(
      `| ${label} | ${f.performance} | ${f.accessibility} | ${f.bestPractices} | ${f.seo} | ${(f.fcpMs / 1000).toFixed(1)} s | ` +
        `${(f.lcpMs / 1000).toFixed(1)} s | ${f.lcpIsSymbol ? 'the symbol' : 'not a symbol'} | ${Math.round(f.tbtMs)} ms | ${f.cls.toFixed(3)} |`,
    );
  }
} finally {
  for (const server of servers) server?.kill();
}
