/**
 * Draw to find's search, on tfjs-core (it runs in the draw worker, lib/browser/draw-worker): the encoder's first
 * guess of the generator input that draws a drawing, then a few Adam steps on the latent through the generator,
 * with TensorFlow.js gradients, so the symbol drawn comes closer to the drawing.
 *
 * The loss is training/encoder.py's image loss, the one the encoder learned with: the mean squared difference of
 * blurred ink (ink = (1 - v) / 2, a 5 x 5 Gaussian of sigma 1 px, zero padding, i.e. paper, at the border),
 * plus a small pull of z towards the prior's scale so the latent stays where the generator draws symbols.
 * A drawing's strokes never land on the generator's exact pixels; blurred, a near miss still says which way to go.
 * Styles are not optimized: each candidate keeps the one-hot of the style it started in, and the candidates (the
 * encoder's likeliest styles) are refined together, one batch per step.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself (the tfjs union package does); only this module needs them, so only
// the draw worker's chunk carries them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export const BLUR_SIGMA = 1;
export const BLUR_RADIUS = 2;

export interface RefineOptions {
  /** Adam steps on z. */
  steps: number;
  learningRate: number;
  /** Weight of mean(z^2) per candidate, next to the image loss. */
  prior: number;
}

/**
 * What training measures the refinement with (training/encoder.py REFINE_*): keep them the same. 10 steps at 0.1
 * rather than 20 at 0.05: on wasm in Chromium a step through the generator costs about 150 ms per candidate, and the
 * issue asks for a result within 3 s. On 200 held-out real symbols (2026-12-07) the median IoU was 0.446 against
 * 0.492 at 20 steps, 0.303 for the encoder alone and about 0.33 for the best of 64 random latents.
 */
export const REFINE_DEFAULTS: RefineOptions = { steps: 10, learningRate: 0.1, prior: 1e-3 };

/** The generator's input [batch, latentSize + styles] -> images [batch, R, R, 1] in [-1, 1]. Differentiable. */
export type Generate = (input: tf.Tensor2D) => tf.Tensor4D;
/** Masks [batch, R, R, 1] in {-1, 1} -> the encoder's output, [batch, 1, 1, latentSize + styles]. */
export type Encode = (images: tf.Tensor4D) => tf.Tensor4D;

/** Where a refinement starts (and, after it, where it ended): z and a conditional model's style one-hot. */
export interface Candidate {
  latent: Float32Array;
  /** The style's index among the model's styles; null for an unconditional model. */
  style: number | null;
}

export interface Guess {
  latent: Float32Array;
  /** The encoder's belief in each style (softmax of its logits); empty for an unconditional model. */
  styleProbabilities: Float32Array;
}

function blurKernel(): tf.Tensor4D {
  const taps = Array.from({ length: 2 * BLUR_RADIUS + 1 }, (_, i) => Math.exp(-((i - BLUR_RADIUS) ** 2) / (2 * BLUR_SIGMA ** 2)));
  const sum = taps.reduce((a, b) => a + b, 0);
  const k = taps.map((t) => t / sum);
  return tf.tensor4d(
    k.flatMap((a) => k.map((b) => a * b)),
    [k.length, k.length, 1, 1],
  );
}

/** Images [batch, R, R, 1] (ink negative) -> their blurred ink in [0, 1]. */
function blurredInk(images: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
  return tf.conv2d(tf.div(tf.sub(1, images), 2) as tf.Tensor4D, kernel, 1, 'same');
}

/** The encoder's first guess for one field (resolution^2 values, -1 ink and 1 paper). */
export async function guess(encode: Encode, field: Float32Array, resolution: number, latentSize: number): Promise<Guess> {
  const out = tf.tidy(() => {
    const raw = tf.reshape(encode(tf.tensor4d(field, [1, resolution, resolution, 1])), [-1]);
    const width = raw.shape[0]!;
    if (width < latentSize) throw new Error(`The encoder gives ${width} values; the model's latent alone has ${latentSize}.`);
    const z = tf.slice(raw, 0, latentSize);
    const probabilities = width > latentSize ? tf.softmax(tf.slice(raw, latentSize)) : tf.zeros([0]);
    return tf.concat([z, probabilities]);
  });
  try {
    const values = (await out.data()) as Float32Array;
    return { latent: values.slice(0, latentSize), styleProbabilities: values.slice(latentSize) };
  } finally {
    out.dispose();
  }
}

/** The guess's latent in each of its `count` likeliest styles, likeliest first (one candidate without styles). */
export function candidatesOf(g: Guess, count: number): Candidate[] {
  if (g.styleProbabilities.length === 0) return [{ latent: g.latent, style: null }];
  const order = Array.from(g.styleProbabilities, (p, i) => [p, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return order.slice(0, Math.max(1, count)).map(([, style]) => ({ latent: g.latent.slice(), style }));
}

/** The generator's input for candidates: [z | one-hot], row after row. */
function inputs(latents: tf.Tensor2D, candidates: readonly Candidate[], styleCount: number): tf.Tensor2D {
  if (styleCount === 0) return latents;
  const styles = tf.oneHot(
    tf.tensor1d(
      candidates.map((c) => c.style ?? 0),
      'int32',
    ),
    styleCount,
  );
  return tf.concat([latents, tf.cast(styles, 'float32') as tf.Tensor2D], 1);
}

/** Per candidate [batch]: the image loss between what it draws and the target's blurred ink. */
function imageLoss(images: tf.Tensor4D, targetInk: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor1D {
  return tf.mean(tf.square(tf.sub(blurredInk(images, kernel), targetInk)), [1, 2, 3]) as tf.Tensor1D;
}

export interface Refinement {
  /** The candidates' refined latents, in the order given. */
  latents: Float32Array[];
  /** The summed loss (image losses and the prior) before each step and after the last: steps + 1 values. */
  history: number[];
}

/**
 * Adam on the candidates' latents against the target field (resolution^2, -1 ink). `onStep(done, steps)` after
 * each step, for a progress bar. Every tensor it makes is released, also when it throws.
 */
export async function refine(
  generate: Generate,
  target: Float32Array,
  resolution: number,
  candidates: readonly Candidate[],
  styleCount: number,
  options: RefineOptions = REFINE_DEFAULTS,
  onStep?: (done: number, steps: number) => void,
): Promise<Refinement> {
  if (candidates.length === 0) throw new Error('Nothing to refine: no candidates.');
  const latentSize = candidates[0]!.latent.length;
  const kernel = blurKernel();
  const targetInk = tf.tidy(() => blurredInk(tf.tensor4d(target, [1, resolution, resolution, 1]), kernel));
  const flat = new Float32Array(candidates.length * latentSize);
  candidates.forEach((c, i) => flat.set(c.latent, i * latentSize));
  const start = tf.tensor2d(flat, [candidates.length, latentSize]);
  const z = tf.variable(start);
  start.dispose(); // the variable holds its own reference to the values
  const optimizer = tf.train.adam(options.learningRate);
  const total = () =>
    tf.tidy(() => {
      const images = generate(inputs(z, candidates, styleCount));
      const prior = tf.mul(tf.sum(tf.mean(tf.square(z), 1)), options.prior);
      return tf.add(tf.sum(imageLoss(images, targetInk, kernel)), prior) as tf.Scalar;
    });
  const history: number[] = [];
  try {
    for (let step = 0; step < options.steps; step++) {
      const loss = optimizer.minimize(total, true, [z]);
      history.push((await loss!.data())[0]!);
      loss!.dispose();
      onStep?.(step + 1, options.steps);
    }
    const last = total();
    history.push((await last.data())[0]!);
    last.dispose();
    const values = (await z.data()) as Float32Array;
    return { latents: candidates.map((_, i) => values.slice(i * latentSize, (i + 1) * latentSize)), history };
  } finally {
    optimizer.dispose();
    z.dispose();
    targetInk.dispose();
    kernel.dispose();
  }
}

export interface Scored {
  candidate: Candidate;
  /** resolution^2 tanh values: what the generator draws for the candidate. */
  field: Float32Array;
  /** The image loss against the drawing (lower is closer). */
  loss: number;
}

/** One forward pass for the candidates: their images and losses against the target, closest first. */
export async function score(generate: Generate, target: Float32Array, resolution: number, candidates: readonly Candidate[], styleCount: number): Promise<Scored[]> {
  const latentSize = candidates[0]?.latent.length ?? 0;
  const flat = new Float32Array(candidates.length * latentSize);
  candidates.forEach((c, i) => flat.set(c.latent, i * latentSize));
  const [images, losses] = tf.tidy(() => {
    const kernel = blurKernel();
    const out = generate(inputs(tf.tensor2d(flat, [candidates.length, latentSize]), candidates, styleCount));
    const targetInk = blurredInk(tf.tensor4d(target, [1, resolution, resolution, 1]), kernel);
    return [out, imageLoss(out, targetInk, kernel)];
  });
  try {
    const [pixels, values] = (await Promise.all([images.data(), losses.data()])) as [Float32Array, Float32Array];
    const size = resolution * resolution;
    return candidates
      .map((candidate, i) => ({ candidate, field: pixels.slice(i * size, (i + 1) * size), loss: values[i]! }))
      .sort((a, b) => a.loss - b.loss);
  } finally {
    images.dispose();
    losses.dispose();
  }
}
