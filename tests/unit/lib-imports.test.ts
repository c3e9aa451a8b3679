/**
 * The shape of lib/ (docs/site.md): imports run one way, with no cycle (dynamic and type-only imports
 * included); lib/ never reaches into the views; server modules stay on the server.
 */
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { resolveImport as resolve, sourceFiles, specifiers } from './helpers/imports';

const LIB = sourceFiles('lib');

/**
 * The order of lib/: a module imports only from its own folder or from earlier layers (docs/site.md). The
 * top-level files join the layer of what they import: seeds, then model with links and share texts, and so on.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['lib/seeds/', 'lib/latent/', 'lib/site.ts', 'lib/site-url.ts', 'lib/bytes.ts', 'lib/packed-bytes.ts', 'lib/zod-config.ts', 'lib/csp.ts'],
  ['lib/model/', 'lib/links.ts', 'lib/share.ts'],
  ['lib/sliders/'],
  ['lib/render/'],
  ['lib/morph/', 'lib/gallery/', 'lib/real-or-not/', 'lib/nearest/', 'lib/adjust/', 'lib/draw/'],
  ['lib/browser/', 'lib/route-params.ts'],
  ['lib/server/'],
];
const layerOf = (file: string) => LAYERS.findIndex((layer) => layer.some((p) => file.startsWith(p)));
const imports = (file: string) => specifiers(file).map((s) => resolve(file, s));
const isServer = (file: string) => file.startsWith('lib/server/');

describe('lib/ imports', () => {
  it('have no cycle', () => {
    const graph = new Map(LIB.map((f) => [f, imports(f).filter((d) => d.startsWith('lib/'))]));
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]) => {
      if (trail.includes(file)) {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
        return;
      }
      if (done.has(file)) return;
      for (const dep of graph.get(file) ?? []) visit(dep, [...trail, file]);
      done.add(file);
    };
    for (const file of LIB) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('run one way: from each layer only to its own folder or to earlier layers', () => {
    expect(LIB.filter((f) => layerOf(f) < 0)).toEqual([]);
    const backwards = LIB.flatMap((f) =>
      imports(f)
        .filter((d) => d.startsWith('lib/'))
        .filter((d) => layerOf(d) > layerOf(f) || (layerOf(d) === layerOf(f) && path.dirname(d) !== path.dirname(f) && path.dirname(d) !== 'lib'))
        .map((d) => `${f} -> ${d}`),
    );
    expect(backwards).toEqual([]);
  });

  it('never reach into app/, components/ or hooks/', () => {
    const outward = LIB.flatMap((f) => imports(f).filter((d) => /^(app|components|hooks)\//.test(d)).map((d) => `${f} -> ${d}`));
    expect(outward).toEqual([]);
  });

  it('keep lib/server to the server: only its own modules and the routes (app/) import it', () => {
    const clientSide = [...LIB.filter((f) => !isServer(f)), ...sourceFiles('components'), ...sourceFiles('hooks')];
    const leaks = clientSide.flatMap((f) => imports(f).filter(isServer).map((d) => `${f} -> ${d}`));
    expect(leaks).toEqual([]);
  });

  it("mark lib/server modules 'server-only' (model-files excepted: bench/ scripts read models through it outside Next)", () => {
    const unmarked = LIB.filter((f) => isServer(f) && f !== 'lib/server/model-files.ts' && !specifiers(f).includes('server-only'));
    const misplaced = LIB.filter((f) => !isServer(f) && specifiers(f).includes('server-only'));
    expect({ unmarked, misplaced }).toEqual({ unmarked: [], misplaced: [] });
  });
});
