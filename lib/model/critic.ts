/**
 * The critic of a resampled model (index.json `resample`, docs/model-folder.md "critic/ and resample"): a symbol's
 * final mask -> a logit, log(p_real / p_generated) as a calibrated real-vs-generated classifier estimates it, which
 * seed -> latent v2 (lib/seeds/resample) weighs each seed's candidates by. Its files are read and checked against
 * their own sha256 by lib/model/network-files; lib/model/generator loads, warms up and disposes it with the generator.
 *
 *   input  [batch, R, R, 1]: the mask as the site draws it, ink -1, paper +1
 *   layers Conv2D(3x3, same, stride 2, relu) x 4 -> Reshape(flatten) -> Dense(relu) -> Dense(linear, 1) -> Reshape([1, 1, 1])
 *   output [batch, 1, 1, 1]: one logit per mask
 */
import * as tf from '@tensorflow/tfjs-core';

import type { ModelEntry } from './model-folder';
import { ModelFormatError, type Network } from './network';
import { buildFromFiles, readVerifiedNetworks, type NetworkFiles, type NetworkSource } from './network-files';

export interface Critic {
  /** One pass and one readback: a logit per mask (resolution^2 values, 1 = ink), in order. */
  critique(masks: readonly Uint8Array[]): Promise<Float32Array>;
  dispose(): void;
}

type ResampledModel = ModelEntry & { resample: NonNullable<ModelEntry['resample']> };

/** The critic's checked files (critic/model.json and its weights), cache first. `fromCache`: every file came from the cache. */
export async function readCriticFiles(o: NetworkSource & { model: ResampledModel }, onBytes: (n: number) => void): Promise<{ files: NetworkFiles; fromCache: boolean }> {
  const { resample } = o.model;
  const { networks, fromCache } = await readVerifiedNetworks(o, [`${resample.folder}/`], resample.sha256, onBytes);
  return { files: networks[0]!, fromCache };
}

/** Masks -> the critic's input [n, R, R, 1]: ink -1, paper +1. */
function criticInput(masks: readonly Uint8Array[], resolution: number): tf.Tensor4D {
  const pixels = resolution * resolution;
  const flat = new Float32Array(masks.length * pixels);
  masks.forEach((mask, i) => {
    if (mask.length !== pixels) throw new Error(`A mask has ${mask.length} pixels; the critic takes ${resolution} x ${resolution}.`);
    for (let p = 0; p < pixels; p++) flat[i * pixels + p] = mask[p] ? -1 : 1;
  });
  return tf.tensor4d(flat, [masks.length, resolution, resolution, 1]);
}

/** Builds the critic on the active backend and warms it up on a blank mask (throws, freeing it, when it does not run). */
export async function startCritic(files: NetworkFiles, model: ModelEntry): Promise<Critic> {
  const net = buildFromFiles(files);
  const critic = makeCritic(net, model);
  try {
    if (net.input !== 'image' || net.inputSize !== 1) throw new ModelFormatError(`critic/model.json of "${model.id}" must take one-channel images.`);
    const [logit] = await critic.critique([new Uint8Array(model.resolution * model.resolution)]);
    if (!Number.isFinite(logit)) throw new Error('The critic’s warm-up pass produced a non-finite logit.');
    return critic;
  } catch (error) {
    critic.dispose();
    throw error;
  }
}

function makeCritic(net: Network, model: ModelEntry): Critic {
  let disposed = false;
  return {
    async critique(masks) {
      if (disposed) throw new Error('This critic was disposed.');
      if (masks.length === 0) return new Float32Array(0);
      const out = tf.tidy(() => net.predict(criticInput(masks, model.resolution)));
      try {
        if (out.size !== masks.length) throw new ModelFormatError(`critic/model.json of "${model.id}" gives [${out.shape}], not one logit per mask.`);
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      net.dispose();
    },
  };
}
