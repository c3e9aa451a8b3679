/**
 * Parity with training: a model folder, loaded through the site's own runtime (lib/model/generator's load with a
 * file model source, sha256-checked) on the CPU and wasm backends, reproduces every number of its
 * golden.json within golden.atol. When the model ships a denoiser, the whole pipeline (generator, then
 * denoiser) must reproduce denoiser/golden.json: what the denoiser makes of golden.json's outputs. When the
 * model is conditional, each golden latent goes in with the one-hot of its golden style.
 * Two folders: the shipped default model (public/models/index.json), and the conditional development
 * model committed at tests/fixtures/models. Reads model ids and outputs from the files, never hard-codes them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import type { BackendName } from '@/lib/model/backend';
import { load } from '@/lib/model/generator';
import type { ModelEntry } from '@/lib/model/model-folder';
import { resolveModel } from '@/lib/model/model-index';
import { fileModelSource, modelsDir, readModelIndex } from '@/lib/server/model-files';

import { FIXTURE_MODELS_DIR, fixtureModel, goldenInputs, maxAbsDiff, readDenoiserGolden, readGolden } from './helpers/fixture-models';

const index = await readModelIndex();
// CPU is the reference; wasm is what the server side (share cards, image API) will run in Node.
const BACKENDS = ['cpu', 'wasm'] as const;

/** Load `model` from the models folder `dir` on `backend` and compare its outputs with the folder's golden files. */
async function expectGoldenParity(dir: string, model: ModelEntry, backend: BackendName): Promise<void> {
  const golden = await readGolden(model.id, dir);
  expect(golden.modelId).toBe(model.id);
  expect(golden.latentSize).toBe(model.latentSize);
  expect(golden.resolution).toBe(model.resolution);
  const { latents, styles } = goldenInputs(golden, model);

  const gen = await load({ model, source: fileModelSource(dir), backends: [backend] });
  expect(gen.backend).toBe(backend);
  const before = tf.memory().numTensors;
  const outputs = await gen.generate(latents, styles);
  expect(tf.memory().numTensors).toBe(before);
  gen.dispose();

  // With a denoiser, generate() returns the pipeline's output: compare with what PyTorch made of golden.json's outputs.
  let want = golden.outputs;
  let atol = golden.atol;
  if (model.denoiser) {
    const denoised = await readDenoiserGolden(model.id, dir);
    expect(denoised.outputs).toHaveLength(golden.outputs.length);
    want = denoised.outputs;
    atol = denoised.atol;
  }
  expect(maxAbsDiff(outputs, want)).toBeLessThanOrEqual(atol);
}

describe.skipIf(!index)(index ? `shipped model parity (${index.default})` : 'shipped model parity: skipped, no public/models/index.json', () => {
  it.each(BACKENDS)('reproduces golden.json within atol on the %s backend, without leaking tensors', async (backend) => {
    const resolved = resolveModel(index!, null);
    if (!resolved.ok) throw new Error(resolved.error);
    await expectGoldenParity(modelsDir(), resolved.model, backend);
  });
});

describe('conditional model parity (tests/fixtures/models, exported by training/export.py)', () => {
  it.each(BACKENDS)('reproduces golden.json, latents with their style one-hots, within atol on the %s backend, without leaking tensors', async (backend) => {
    const model = await fixtureModel();
    const golden = await readGolden(model.id, FIXTURE_MODELS_DIR);
    expect(model.styles!.length).toBeGreaterThanOrEqual(2);
    expect(golden.styles).toHaveLength(golden.latents.length);
    // The golden latents cover more than one style, so the one-hot really is exercised.
    expect(new Set(golden.styles).size).toBeGreaterThan(1);
    await expectGoldenParity(FIXTURE_MODELS_DIR, model, backend);
  });
});
