/**
 * The homepage's and seed pages' first-load JavaScript stays within its budget (issue 23): what they load beyond the
 * framework's own root scripts (which is all an app-router page with no client component loads: bench/floor) is at
 * most SITE_FIRST_LOAD_BUDGET gzipped. Read from the production build's manifests by bench/first-load.mjs, as
 * `npm run bench:first-load` reads them, so the test and the benchmark count the same files.
 *
 * It needs a build: `npm test` runs it after `npm run build` (`npm run test:budget`, with REQUIRE_BUILD=1, where a
 * missing build fails). In a unit run without a build it is skipped and says so; with an older build it checks that one.
 */
import { statSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { firstLoadScripts, firstLoadTotals, hasBuild } from '../../bench/first-load.mjs';

/** Issue 23's goal: the homepage's first load within 10 KiB (gzipped) of the framework floor's; seed pages are held to it too. */
const SITE_FIRST_LOAD_BUDGET = 10 * 1024;
const NEXT_DIR = '.next';

const built = hasBuild(NEXT_DIR);
if (!built && process.env.REQUIRE_BUILD !== '1') {
  console.warn('first-load budget: skipped, no production build in .next (run `npm run build`, then `npm run test:budget`).');
}

describe.skipIf(!built && process.env.REQUIRE_BUILD !== '1').each(['/', '/s/[seed]'])('the first-load JavaScript of %s', (route) => {
  it(`adds at most ${SITE_FIRST_LOAD_BUDGET / 1024} KiB gzipped to the framework’s own`, () => {
    expect(built, 'a production build in .next: run `npm run build` first').toBe(true);
    const scripts = firstLoadScripts(route, NEXT_DIR);
    const totals = firstLoadTotals(scripts);
    const own = scripts.filter((s) => !s.framework).map((s) => `${(s.gz / 1024).toFixed(1)} KiB ${s.file}`);
    const builtAt = statSync(path.join(NEXT_DIR, 'build-manifest.json')).mtime.toISOString();
    console.log(`first-load budget of ${route} (build of ${builtAt}): ${(totals.ownGz / 1024).toFixed(1)} KiB of the site's own over ${(totals.gz / 1024).toFixed(1)} KiB in all`);
    expect(totals.ownGz, `the site's own first-load scripts:\n${own.join('\n')}`).toBeLessThanOrEqual(SITE_FIRST_LOAD_BUDGET);
    // The framework's part is there (a build whose manifests named no root scripts would pass for nothing).
    expect(scripts.some((s) => s.framework)).toBe(true);
  });

  it('holds no TensorFlow.js: the generator runs in its worker, loaded later', () => {
    expect(firstLoadScripts(route, NEXT_DIR).filter((s) => s.tfjs).map((s) => s.file)).toEqual([]);
  });
});
