/**
 * The homepage's and seed pages' first-load JavaScript stays within 10 KiB (gzipped) of the framework floor's (issue
 * 23): bench/floor, an app-router page with no client component, built with the same Next.js, is what the framework
 * alone loads. Both read from their production builds' manifests by bench/first-load.mjs, as `npm run bench:first-load`
 * reads them, so the test and the benchmark count the same files.
 *
 * It needs both builds: `npm test` builds the site, then runs this with `npm run test:budget`, which builds the floor
 * first (about half a minute) and sets REQUIRE_BUILD=1, so a missing build fails. In a unit run without them it is
 * skipped and says so; with older builds it checks those.
 */
import { statSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { firstLoadScripts, firstLoadTotals, FLOOR_NEXT_DIR, hasBuild } from '../../bench/first-load.mjs';

/** Issue 23's goal: the homepage's first load within 10 KiB (gzipped) of the framework floor's; seed pages are held to it too. */
const OVER_FLOOR_BUDGET = 10 * 1024;
const NEXT_DIR = '.next';

const built = hasBuild(NEXT_DIR) && hasBuild(FLOOR_NEXT_DIR);
const required = process.env.REQUIRE_BUILD === '1';
if (!built && !required) {
  console.warn('first-load budget: skipped, the site or bench/floor is not built (`npm run build`, then `npm run test:budget`).');
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

describe.skipIf(!built && !required).each(['/', '/s/[seed]'])('the first-load JavaScript of %s', (route) => {
  it(`is at most ${OVER_FLOOR_BUDGET / 1024} KiB gzipped over the framework floor’s`, () => {
    expect(hasBuild(NEXT_DIR), 'a production build of the site in .next: run `npm run build`').toBe(true);
    expect(hasBuild(FLOOR_NEXT_DIR), `a build of the floor in ${FLOOR_NEXT_DIR}: run \`npx next build bench/floor\``).toBe(true);
    const scripts = firstLoadScripts(route, NEXT_DIR);
    const site = firstLoadTotals(scripts);
    const floor = firstLoadTotals(firstLoadScripts('/', FLOOR_NEXT_DIR));
    const builtAt = (dir: string) => statSync(path.join(dir, 'build-manifest.json')).mtime.toISOString();
    console.log(
      `first-load budget of ${route}: ${kib(site.gz)} (build of ${builtAt(NEXT_DIR)}) against the floor's ${kib(floor.gz)} ` +
        `(build of ${builtAt(FLOOR_NEXT_DIR)}): ${kib(site.gz - floor.gz)} over it`,
    );
    const files = scripts.map((s) => `${kib(s.gz)} ${s.file} (${s.entries.join(', ')})`).join('\n');
    expect(site.gz - floor.gz, `${route}'s first-load scripts:\n${files}`).toBeLessThanOrEqual(OVER_FLOOR_BUDGET);
    // Both counts hold the framework's root scripts (manifests that named none would pass for nothing).
    expect(floor.gz).toBeGreaterThan(50 * 1024);
  });

  it('holds no TensorFlow.js: the generator runs in its worker, loaded later', () => {
    expect(firstLoadScripts(route, NEXT_DIR).filter((s) => s.tfjs).map((s) => s.file)).toEqual([]);
  });
});
