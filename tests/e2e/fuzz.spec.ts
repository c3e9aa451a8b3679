/**
 * The hostile-request fuzz (tests/e2e/fuzz/hostile-requests.ts) against the production server Playwright starts:
 * 2,000 requests by default, over every route under app/, every public file and random paths, every method, from a
 * fixed seed (FUZZ_SEED=random for a new one; a failure prints the seed and path that replay it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { fuzzServer, fuzzSettings } from './fuzz/hostile-requests';

const CACHE = '.next/server/route-cache';

/**
 * The paths Next keeps rendered answers for on disk (<kind>/<hash>/$/<path>.body and .meta). Made-up paths must not be
 * among them: a route that renders and keeps whatever id a client invents (as /icon/<id> did) lets anyone fill the
 * server's disk.
 */
function cachedPaths(): string[] {
  if (!existsSync(CACHE)) return [];
  const files = readdirSync(CACHE, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  const paths = files.map((e) => path.relative(CACHE, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  return [...new Set(paths.map((p) => `/${p.slice(p.indexOf('/$/') + 3).replace(/\.(body|meta)$/, '')}`))];
}

test('hostile requests get no 5xx, API errors are JSON with a message, HTML carries the nonce CSP, answers come within seconds', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const settings = fuzzSettings();
  const report = await fuzzServer({ ...settings, base: baseURL!, log: (line) => console.log(line) });
  expect(report.requests).toBeGreaterThanOrEqual(settings.requests);
  // The cache can be read only when the server is this checkout's own (not E2E_BASE_URL's): it holds what the build
  // prerendered, nothing the fuzz made up.
  if (!process.env.E2E_BASE_URL) {
    const prerendered = Object.keys((JSON.parse(readFileSync('.next/prerender-manifest.json', 'utf8')) as { routes: Record<string, unknown> }).routes);
    expect(cachedPaths().filter((p) => !prerendered.includes(p))).toEqual([]);
  }
});
