/**
 * The page's side of the protocol (lib/browser/generator-client) against in-process workers running the real
 * host on the fixture model (tests/unit/helpers/worker-loopback): the images, progress, errors and tensor counts
 * of a generator on the main thread; a worker that cannot start or crashes fails with Retry and the next request
 * starts a new one; a lost WebGL context, while drawing or during the first load's warm-up, is replaced by a new
 * worker that gets the request once more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DeviceLostError, GeneratorClient, WorkerFailedError } from '@/lib/browser/generator-client';
import type { GeneratorHostDeps } from '@/lib/browser/generator-host';
import { load, type LoadProgress, type SymbolGenerator } from '@/lib/model/generator';
import type { Golden, ModelEntry } from '@/lib/model/model-folder';
import { fileModelSource } from '@/lib/server/model-files';

import { FIXTURE_MODELS_DIR, fixtureModel, goldenInputs, readGolden } from './helpers/fixture-models';
import { fixtureHostDeps, loopbackWorkers } from './helpers/worker-loopback';

let model: ModelEntry;
let golden: Golden;
let direct: SymbolGenerator;
let expected: Float32Array[];
beforeAll(async () => {
  model = await fixtureModel();
  golden = await readGolden(model.id, FIXTURE_MODELS_DIR);
  direct = await load({ model, source: fileModelSource(FIXTURE_MODELS_DIR), backends: ['cpu'] });
  const { latents, styles } = goldenInputs(golden, model);
  expected = await direct.generate(latents, styles);
});
afterAll(() => direct.dispose());

const inputs = () => goldenInputs(golden, model);

/** The fixture's progress (on the CPU backend) as a load on WebGL reports it. */
const onWebGL =
  (onProgress: (p: LoadProgress) => void) =>
  (progress: LoadProgress): void =>
    onProgress(progress.backend ? { ...progress, backend: 'webgl' } : progress);

/** Deps of a worker whose WebGL context is lost during its first pass (that pass never ends, as tfjs's does not). */
function losingWebGL(): GeneratorHostDeps {
  let onLost: () => void = () => undefined;
  return fixtureHostDeps({
    load: async (entry, backends, onProgress) => {
      const real = await fixtureHostDeps().load(entry, backends, onWebGL(onProgress));
      return {
        ...real,
        backend: 'webgl',
        fromCache: false,
        generate: () => {
          setTimeout(onLost, 0);
          return new Promise<Float32Array[]>(() => undefined);
        },
        dispose: () => real.dispose(),
      };
    },
    watchDevice: (_backend, listener) => void (onLost = listener),
  });
}

/** Deps of a worker whose WebGL context is lost while its first load warms up (that warm-up never ends either). */
function losingWebGLWhileLoading(): GeneratorHostDeps {
  let onLost: () => void = () => undefined;
  return fixtureHostDeps({
    load: (entry, _backends, onProgress) => {
      const at = (phase: LoadProgress['phase']): LoadProgress => ({ phase, loaded: entry.bytes, total: entry.bytes, fromCache: false, backend: 'webgl' });
      onProgress(at('backend'));
      onProgress(at('warmup'));
      setTimeout(onLost, 0);
      return new Promise<SymbolGenerator>(() => undefined);
    },
    watchDevice: (_backend, listener) => void (onLost = listener),
  });
}

describe('generator client', () => {
  it('draws in the worker what the generator draws on the main thread, with progress, backend and tensor count', async () => {
    const workers = loopbackWorkers();
    const client = new GeneratorClient(workers.start);
    const progress: LoadProgress[] = [];
    const gen = await client.load(model, ['cpu'], (p) => progress.push(p));
    expect(gen).toMatchObject({ backend: 'cpu', fromCache: false, model });
    expect(progress.at(-1)?.phase).toBe('warmup');

    const { latents, styles } = inputs();
    const images = await gen.generate(latents, styles);
    expect(images).toEqual(expected);
    // The caller's vectors were copied before their buffers were handed over, not detached.
    expect(latents[0]!.length).toBe(model.latentSize);
    expect(client.tensors).toBeGreaterThan(0);
    const tensors = client.tensors;
    await gen.generate(latents, styles);
    expect(client.tensors).toBe(tensors);
    expect(workers.started).toHaveLength(1);
    expect(await gen.generate([])).toEqual([]);
    gen.dispose();
    await expect(gen.generate(latents, styles)).rejects.toThrow(/disposed/);
  });

  it('rejects with the worker’s error name and message (what the page shows with Retry)', async () => {
    const client = new GeneratorClient(loopbackWorkers().start);
    const failure = client.load({ ...model, sha256: 'f'.repeat(64) }, ['cpu']);
    await expect(failure).rejects.toMatchObject({ name: 'ModelIntegrityError', message: expect.stringMatching(/are corrupt/) });
    // The worker lives on: the next load is answered by it.
    await expect(client.load(model, ['cpu'])).resolves.toMatchObject({ backend: 'cpu' });
  });

  it('a worker that cannot start fails with WorkerFailedError, and the next request starts a new one', async () => {
    const workers = loopbackWorkers();
    let starts = 0;
    const client = new GeneratorClient((events) => {
      if (starts++ === 0) throw new Error('blocked by policy');
      return workers.start(events);
    });
    await expect(client.load(model, ['cpu'])).rejects.toThrow(new WorkerFailedError('The generator could not start in this browser (blocked by policy).'));
    await expect(client.load(model, ['cpu'])).resolves.toMatchObject({ backend: 'cpu' });
  });

  it('a worker that fails before answering could not start; one that crashes later stopped; Retry loads the model in a new worker', async () => {
    const workers = loopbackWorkers();
    const client = new GeneratorClient(workers.start);
    const first = client.load(model, ['cpu']);
    workers.started[0]!.fail('its script did not load');
    await expect(first).rejects.toMatchObject({ name: 'WorkerFailedError', message: expect.stringMatching(/could not start.*its script did not load/) });
    expect(workers.started[0]!.terminated).toBe(true);

    const gen = await client.load(model, ['cpu']);
    const { latents, styles } = inputs();
    const pending = gen.generate(latents, styles);
    workers.started[1]!.fail('out of memory');
    await expect(pending).rejects.toMatchObject({ name: 'WorkerFailedError', message: 'The generator stopped unexpectedly (out of memory).' });

    // Retry: the same generator object, a third worker, the model loaded there first.
    expect(await gen.generate(latents, styles)).toEqual(expected);
    expect(workers.started).toHaveLength(3);
  });

  it('after a lost WebGL context the request goes once more to a new worker, and the generator reports that worker’s backend', async () => {
    const workers = loopbackWorkers((n) => (n === 0 ? losingWebGL() : fixtureHostDeps()));
    const client = new GeneratorClient(workers.start);
    const gen = await client.load(model, undefined);
    expect(gen.backend).toBe('webgl');
    let heard = 0;
    gen.subscribe(() => heard++);

    const { latents, styles } = inputs();
    expect(await gen.generate(latents, styles)).toEqual(expected);
    expect(workers.started.map((w) => w.terminated)).toEqual([true, false]);
    expect(gen.backend).toBe('cpu');
    expect(heard).toBeGreaterThan(0);
  });

  it('a context lost in the new worker too fails with DeviceLostError, and Retry starts afresh', async () => {
    const workers = loopbackWorkers((n) => (n < 2 ? losingWebGL() : fixtureHostDeps()));
    const client = new GeneratorClient(workers.start);
    const gen = await client.load(model, undefined);
    const { latents, styles } = inputs();
    await expect(gen.generate(latents, styles)).rejects.toThrow(new DeviceLostError('webgl'));
    expect(await gen.generate(latents, styles)).toEqual(expected);
    expect(workers.started).toHaveLength(3);
  });

  it('a context lost while the first load warms up ends that worker too, and the load goes once more to a new one', async () => {
    const workers = loopbackWorkers((n) => (n === 0 ? losingWebGLWhileLoading() : fixtureHostDeps()));
    const client = new GeneratorClient(workers.start);
    const progress: LoadProgress[] = [];
    const gen = await client.load(model, undefined, (p) => progress.push(p));
    expect(workers.started.map((w) => w.terminated)).toEqual([true, false]);
    expect(gen.backend).toBe('cpu');
    // The page heard the first worker start WebGL, then the new one's load.
    expect(progress.map((p) => p.backend)).toEqual(expect.arrayContaining(['webgl', 'cpu']));
    const { latents, styles } = inputs();
    expect(await gen.generate(latents, styles)).toEqual(expected);
  });

  it('a context lost while loading in the new worker too fails the load with DeviceLostError, and Retry loads in a third', async () => {
    const workers = loopbackWorkers((n) => (n < 2 ? losingWebGLWhileLoading() : fixtureHostDeps()));
    const client = new GeneratorClient(workers.start);
    await expect(client.load(model, undefined)).rejects.toThrow(new DeviceLostError('webgl'));
    expect(workers.started.map((w) => w.terminated)).toEqual([true, true]);
    await expect(client.load(model, undefined)).resolves.toMatchObject({ backend: 'cpu' });
    expect(workers.started).toHaveLength(3);
  });
});
