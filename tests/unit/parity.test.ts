/**
 * Parity with training: the shipped default model (public/models/index.json), loaded with the CPU
 * backend from the bytes on disk (sha256-checked), reproduces every number of its golden.json within
 * golden.atol. When the model ships a denoiser, the whole pipeline (generator, then denoiser) must
 * reproduce denoiser/golden.json: what the denoiser makes of golden.json's outputs. Reads the model id and
 * outputs from the files, never hard-codes them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { load } from '@/lib/generator';
import { resolveModel } from '@/lib/models';
import { fileModelSource, readDenoiserGolden, readGolden, readModelIndex } from '@/lib/server/model-files';

const index = await readModelIndex();

describe.skipIf(!index)(index ? `shipped model parity (${index.default})` : 'shipped model parity: skipped, no public/models/index.json', () => {
  // CPU is the reference; wasm is what the server side (share cards, image API) will run in Node.
  it.each(['cpu', 'wasm'] as const)('reproduces golden.json within atol on the %s backend, without leaking tensors', async (backend) => {
    const resolved = resolveModel(index!, null);
    if (!resolved.ok) throw new Error(resolved.error);
    const { model } = resolved;
    const golden = await readGolden(model.id);
    expect(golden.modelId).toBe(model.id);
    expect(golden.latentSize).toBe(model.latentSize);
    expect(golden.resolution).toBe(model.resolution);

    const gen = await load({ model, source: fileModelSource(), backends: [backend] });
    expect(gen.backend).toBe(backend);
    const before = tf.memory().numTensors;
    const outputs = await gen.generate(golden.latents.map((z) => Float32Array.from(z)));
    expect(tf.memory().numTensors).toBe(before);
    gen.dispose();

    // With a denoiser, generate() returns the pipeline's output: compare with what PyTorch made of golden.json's outputs.
    let want = golden.outputs;
    let atol = golden.atol;
    if (model.denoiser) {
      const denoised = await readDenoiserGolden(model.id);
      expect(denoised.outputs).toHaveLength(golden.outputs.length);
      want = denoised.outputs;
      atol = denoised.atol;
    }
    let worst = 0;
    outputs.forEach((out, i) => {
      const expected = want[i]!;
      expect(out.length).toBe(expected.length);
      for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(out[k]! - expected[k]!));
    });
    expect(worst).toBeLessThanOrEqual(atol);
  });
});
