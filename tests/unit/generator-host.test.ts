/**
 * The worker's side of the protocol (lib/browser/generator-host) on the fixture model and the CPU backend,
 * with a fake port: answers in order, images identical to the generator's own and handed over as transferable
 * buffers, errors by name, tensors released on dispose, a lost WebGL context reported instead of an error, and
 * reported at once even while a load waits on it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createGeneratorHost, type GeneratorHostDeps } from '@/lib/browser/generator-host';
import { packBatch, packMasks, type WorkerAnswer, type WorkerRequest } from '@/lib/browser/worker-protocol';
import type { BackendName } from '@/lib/model/backend';
import { load, type LoadProgress, type SymbolGenerator } from '@/lib/model/generator';
import type { Golden, ModelEntry } from '@/lib/model/model-folder';
import { resolveModel } from '@/lib/model/model-index';
import { fileModelSource, readModelIndex } from '@/lib/server/model-files';

import { FIXTURE_MODELS_DIR, fixtureModel, goldenInputs, readGolden } from './helpers/fixture-models';
import { fixtureHostDeps } from './helpers/worker-loopback';

let model: ModelEntry;
let golden: Golden;
let direct: SymbolGenerator;
beforeAll(async () => {
  model = await fixtureModel();
  golden = await readGolden(model.id, FIXTURE_MODELS_DIR);
  direct = await load({ model, source: fileModelSource(FIXTURE_MODELS_DIR), backends: ['cpu'] });
});
afterAll(() => direct.dispose());

/** A host and the answers it posted, with the buffers each answer transferred. */
function hostWith(deps: GeneratorHostDeps) {
  const answers: { answer: WorkerAnswer; transfer: ArrayBuffer[] }[] = [];
  const host = createGeneratorHost(deps, (answer, transfer) => answers.push({ answer, transfer }));
  const of = <T extends WorkerAnswer['type']>(type: T) =>
    answers.map((a) => a.answer).filter((a): a is Extract<WorkerAnswer, { type: T }> => a.type === type);
  return { host, answers, of };
}

const loadMessage = (id: number, handle: number, entry: ModelEntry = model): WorkerRequest => ({ type: 'load', id, handle, model: entry, backends: ['cpu'] });

function generateMessage(id: number, handle: number): WorkerRequest {
  const { latents, styles } = goldenInputs(golden, model);
  return { type: 'generate', id, handle, batch: packBatch(latents, styles) };
}

/** The progress a load reports as it tries `backend` (phase backend) and once that backend has started (phase warmup). */
const phase = (phase: LoadProgress['phase'], backend: BackendName): LoadProgress => ({ phase, loaded: model.bytes, total: model.bytes, fromCache: false, backend });

describe('generator host', () => {
  it('answers load with progress then loaded, and generate with the generator’s own images in transferable buffers', async () => {
    const { host, answers, of } = hostWith(fixtureHostDeps());
    // Sent together, as the page does: the generate waits for the load before it.
    await Promise.all([host.handle(loadMessage(1, 7)), host.handle(generateMessage(2, 7))]);

    expect(of('progress').map((p) => p.progress.phase)).toEqual(expect.arrayContaining(['download', 'verify', 'backend', 'warmup']));
    expect(of('progress').every((p) => p.id === 1)).toBe(true);
    const [loaded] = of('loaded');
    expect(loaded).toMatchObject({ id: 1, backend: 'cpu', fromCache: false });
    expect(answers.findIndex((a) => a.answer.type === 'loaded')).toBeGreaterThan(answers.findIndex((a) => a.answer.type === 'progress'));

    const { latents, styles } = goldenInputs(golden, model);
    const expected = await direct.generate(latents, styles);
    const images = answers.find((a) => a.answer.type === 'images')!;
    expect(images.answer).toMatchObject({ id: 2, backend: 'cpu' });
    const got = (images.answer as Extract<WorkerAnswer, { type: 'images' }>).images;
    expect(got).toEqual(expected);
    expect(images.transfer).toEqual(got.map((image) => image.buffer));
    // Nothing leaked between the warm-up and the pass: the count after both is the model's weights alone.
    expect((images.answer as Extract<WorkerAnswer, { type: 'images' }>).tensors).toBe(loaded!.tensors);
  });

  it('sends errors by name and message: a corrupt model is a ModelIntegrityError, an unknown handle an Error', async () => {
    const { host, of } = hostWith(fixtureHostDeps());
    await host.handle(loadMessage(1, 1, { ...model, sha256: '0'.repeat(64) }));
    await host.handle(generateMessage(2, 99));
    const [corrupt, unknown] = of('error');
    expect(corrupt).toMatchObject({ id: 1, error: { name: 'ModelIntegrityError', message: expect.stringMatching(/corrupt/) } });
    expect(unknown).toMatchObject({ id: 2, error: { name: 'Error', message: expect.stringMatching(/handle 99/) } });
    expect(of('loaded')).toEqual([]);
  });

  it('answers critique with the critic’s logits in a transferable buffer, and a model without a critic with its error', async () => {
    const index = await readModelIndex(FIXTURE_MODELS_DIR);
    const found = resolveModel(index!, 'cond-dev-32-k4');
    if (!found.ok) throw new Error(found.error);
    const masks = [new Uint8Array(32 * 32), new Uint8Array(32 * 32).fill(1)];
    const { host, answers, of } = hostWith(fixtureHostDeps());
    await host.handle(loadMessage(1, 5, found.model));
    await host.handle({ type: 'critique', id: 2, handle: 5, masks: packMasks(masks) });
    const logits = answers.find((a) => a.answer.type === 'logits')!;
    expect(logits.answer).toMatchObject({ id: 2, backend: 'cpu' });
    const got = (logits.answer as Extract<WorkerAnswer, { type: 'logits' }>).logits;
    const generator = await load({ model: found.model, source: fileModelSource(FIXTURE_MODELS_DIR), backends: ['cpu'] });
    expect(got).toEqual(await generator.critique(masks));
    generator.dispose();
    expect(logits.transfer).toEqual([got.buffer]);
    await host.handle(loadMessage(3, 6));
    await host.handle({ type: 'critique', id: 4, handle: 6, masks: packMasks(masks) });
    expect(of('error')).toMatchObject([{ id: 4, error: { message: 'The model "cond-dev-32" has no critic: its seeds are not resampled.' } }]);
    await host.handle({ type: 'dispose', handle: 5 });
    await host.handle({ type: 'dispose', handle: 6 });
  });

  it('dispose releases the generator’s tensors', async () => {
    const before = tf.memory().numTensors;
    const { host, of } = hostWith(fixtureHostDeps());
    await host.handle(loadMessage(1, 3));
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    await host.handle({ type: 'dispose', handle: 3 });
    expect(tf.memory().numTensors).toBe(before);
    await host.handle(generateMessage(2, 3));
    expect(of('error')).toHaveLength(1);
  });

  it('reports a lost WebGL context (the watched device, or a pass that failed on it) as device-lost, not as an error', async () => {
    let onLost: (() => void) | null = null;
    let lost = false;
    const failing: SymbolGenerator = {
      model,
      backend: 'webgl',
      fromCache: false,
      generate: () => Promise.reject(new Error('the pass failed')),
      critique: () => Promise.reject(new Error('the pass failed')),
      dispose: () => undefined,
    };
    const { host, of } = hostWith(
      fixtureHostDeps({
        load: async (_entry, _backends, onProgress) => {
          onProgress(phase('warmup', 'webgl'));
          return failing;
        },
        watchDevice: (backend, listener) => {
          expect(backend).toBe('webgl');
          onLost = listener;
        },
        deviceLost: () => lost,
      }),
    );
    await host.handle(loadMessage(1, 1));
    expect(onLost).not.toBeNull();

    // A failure while the context is fine is an ordinary error...
    await host.handle(generateMessage(2, 1));
    expect(of('error')).toMatchObject([{ id: 2, error: { message: 'the pass failed' } }]);
    // ...and while it is lost, a device-lost.
    lost = true;
    await host.handle(generateMessage(3, 1));
    expect(of('error')).toHaveLength(1);
    expect(of('device-lost')).toEqual([{ type: 'device-lost', backend: 'webgl' }]);

    // The context's own event reports it too, whatever the host is doing.
    onLost!();
    expect(of('device-lost')).toHaveLength(2);
  });

  it('watches the device from the moment a load has started its backend, and answers a loss during that load at once', async () => {
    let report: (progress: LoadProgress) => void = () => undefined;
    let onLost: () => void = () => undefined;
    const watched: BackendName[] = [];
    const { host, of } = hostWith(
      fixtureHostDeps({
        // A warm-up on a lost WebGL context: TensorFlow.js polls its fences forever, so this load never settles.
        load: (_entry, _backends, onProgress) => {
          report = onProgress;
          return new Promise<SymbolGenerator>(() => undefined);
        },
        watchDevice: (backend, listener) => {
          watched.push(backend);
          onLost = listener;
        },
      }),
    );
    void host.handle(loadMessage(1, 1));
    await new Promise((resolve) => setTimeout(resolve, 0));

    // Trying a backend does not start it: the active backend is still the one before.
    report(phase('backend', 'webgl'));
    expect(watched).toEqual([]);
    report(phase('warmup', 'webgl'));
    expect(watched).toEqual(['webgl']);
    expect(of('progress').map((p) => p.progress.phase)).toEqual(['backend', 'warmup']);

    onLost();
    expect(of('device-lost')).toEqual([{ type: 'device-lost', backend: 'webgl' }]);
    expect(of('loaded')).toEqual([]);
    expect(of('error')).toEqual([]);
  });
});
