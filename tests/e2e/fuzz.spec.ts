/**
 * The hostile-request fuzz (tests/e2e/fuzz/hostile-requests.ts) against the production server Playwright starts:
 * 1,000 requests by default, over every route under app/, every public file and random paths, every method, from a
 * fixed seed (FUZZ_SEED=random for a new one; a failure prints the seed and path that replay it).
 */
import { expect, test } from '@playwright/test';

import { fuzzServer, fuzzSettings } from './fuzz/hostile-requests';

test('hostile requests get no 5xx, API errors are JSON with a message, HTML carries the nonce CSP, answers come within seconds', async ({ baseURL }) => {
  test.setTimeout(300_000);
  const settings = fuzzSettings();
  const report = await fuzzServer({ ...settings, base: baseURL!, log: (line) => console.log(line) });
  expect(report.requests).toBeGreaterThanOrEqual(settings.requests);
});
