/**
 * TensorFlow.js runs in the generator's worker only (lib/browser/generator-worker): nothing the page runs on its
 * main thread (the views, the hooks, the generator's client in lib/browser/engine) may reach @tensorflow/*, by a
 * static, re-exported or dynamic import, however indirectly. Type-only imports are erased and do not count.
 * The e2e test (tests/e2e/worker.spec.ts) checks the same on the built scripts.
 *
 * The homepage's and seed pages' views also leave zod out (its 20 KiB gzipped were a tenth of the homepage's first
 * load): the values they receive were checked on the server, and the phrase box checks seeds with plain code.
 */
import { describe, expect, it } from 'vitest';

import { resolveImport, sourceFiles, valueSpecifiers } from './helpers/imports';

/** The packages `entries` reach through value imports, each with one chain of files that reaches it. */
function packagesReached(entries: readonly string[]): Map<string, string[]> {
  const reached = new Map<string, string[]>();
  const seen = new Set<string>();
  const visit = (file: string, trail: string[]) => {
    if (seen.has(file) || !/\.tsx?$/.test(file)) return;
    seen.add(file);
    for (const spec of valueSpecifiers(file)) {
      const dep = resolveImport(file, spec);
      if (dep === spec) {
        if (!reached.has(spec)) reached.set(spec, [...trail, file]);
      } else visit(dep, [...trail, file]);
    }
  };
  for (const entry of entries) visit(entry, []);
  return reached;
}

const zod = (reached: Map<string, string[]>) =>
  [...reached].filter(([pkg]) => pkg === 'zod' || pkg.startsWith('zod/')).map(([pkg, trail]) => `${[...trail, pkg].join(' -> ')}`);

const tfjs = (reached: Map<string, string[]>) =>
  [...reached].filter(([pkg]) => pkg.startsWith('@tensorflow/')).map(([pkg, trail]) => `${[...trail, pkg].join(' -> ')}`);

describe('the main thread', () => {
  it('never imports TensorFlow.js: not from the views, the hooks or lib/browser/engine', () => {
    const entries = [...sourceFiles('components'), ...sourceFiles('hooks'), 'lib/browser/engine.ts'];
    expect(tfjs(packagesReached(entries))).toEqual([]);
  });

  it('(the same walk finds TensorFlow.js from the worker, so it would see it from the page)', () => {
    expect(tfjs(packagesReached(['lib/browser/generator-worker.ts'])).length).toBeGreaterThan(0);
  });

  it('carries no zod on the homepage and seed pages: not from the symbol views, the site chrome or the controls', () => {
    const entries = ['symbol', 'site', 'controls', 'ui', 'about'].flatMap((folder) => sourceFiles(`components/${folder}`));
    expect(zod(packagesReached(entries))).toEqual([]);
  });

  it('(the same walk finds zod from the model folder schemas, so it would see it from the views)', () => {
    expect(zod(packagesReached(['lib/model/model-folder.ts'])).length).toBeGreaterThan(0);
  });
});
