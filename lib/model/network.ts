/**
 * Runs the contract's networks (docs/model-folder.md) straight from model.json with tfjs-core ops:
 *   generator: Dense(relu) -> Reshape([4,4,C]) -> { UpSampling2D(nearest, 2) -> Conv2D(3x3, same, relu) } x n -> Conv2D(3x3, same, tanh)
 *   denoiser:  Conv2D(3x3, same, stride 1 or 2) and UpSampling2D layers from an image [B, R, R, 1] to one of the same size
 *
 * Why not tf.loadLayersModel: tfjs-layers is ~80 KB of gzipped JavaScript that would be spent on
 * four layer types. This reads the same Keras-style topology, checks that every layer is one the
 * contract allows, decodes (and dequantizes) weights with tf.io.decodeWeights, and calls the same
 * fused ops tfjs-layers uses (fused.matMul, fused.conv2d, resizeNearestNeighbor), so outputs match
 * it; tests/unit/network.test.ts checks that against tf.loadLayersModel on the shipped model.
 */
import * as tf from '@tensorflow/tfjs-core';

export class ModelFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFormatError';
  }
}

type Activation = 'relu' | 'tanh' | 'linear';

type Step =
  | { kind: 'dense'; name: string; units: number; activation: Activation; useBias: boolean }
  | { kind: 'reshape'; name: string; shape: number[] }
  | { kind: 'upsample'; name: string; factor: [number, number] }
  | { kind: 'conv'; name: string; filters: number; stride: 1 | 2; activation: Activation; useBias: boolean };

export interface Network {
  /** What the first layer takes: latents [batch, latentSize] (a generator) or images [batch, H, W, 1] (a denoiser). */
  readonly input: 'latent' | 'image';
  /** Values per item the first layer takes: its Dense kernel's rows, or its Conv2D kernel's input channels. */
  readonly inputSize: number;
  /**
   * The input as above -> [batch, H, W, 1]. Call inside tf.tidy. `forGradients`: the same layers without fused ops, for
   * a gradient through the network (/draw's refinement): a fused op's gradient computes its filter's too, whose kernel
   * (Conv2DBackpropFilter) the wasm backend lacks, where unfused ops' gradients reach only what leads to the input.
   */
  predict(x: tf.Tensor, forGradients?: boolean): tf.Tensor4D;
  dispose(): void;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(layer: string, message: string): never {
  throw new ModelFormatError(`model.json layer "${layer}": ${message}`);
}

function activation(name: string, value: unknown): Activation {
  const a = value ?? 'linear';
  if (a === 'relu' || a === 'tanh' || a === 'linear') return a;
  return fail(name, `activation ${JSON.stringify(a)} is not one of relu, tanh, linear.`);
}

function pair(name: string, value: unknown, what: string): [number, number] {
  const v = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(v) || v.length !== 2 || !v.every((n) => Number.isInteger(n))) fail(name, `${what} must be two integers.`);
  return [v[0] as number, v[1] as number];
}

/** Keras / tfjs-layers Sequential topology -> steps, rejecting anything outside the contract. */
export function parseTopology(topology: unknown): Step[] {
  const model = isObject(topology) && isObject(topology.model_config) ? topology.model_config : topology;
  if (!isObject(model) || model.class_name !== 'Sequential') throw new ModelFormatError('model.json: modelTopology must be a Sequential model.');
  const config = model.config;
  const layers = Array.isArray(config) ? config : isObject(config) && Array.isArray(config.layers) ? config.layers : null;
  if (!layers) throw new ModelFormatError('model.json: the Sequential model has no layers.');
  const steps: Step[] = [];
  for (const layer of layers) {
    if (!isObject(layer) || !isObject(layer.config)) throw new ModelFormatError('model.json: a layer has no config.');
    const c = layer.config;
    const name = typeof c.name === 'string' ? c.name : `#${steps.length}`;
    switch (layer.class_name) {
      case 'InputLayer':
        break;
      case 'Dense':
        if (!Number.isInteger(c.units)) fail(name, 'units must be an integer.');
        steps.push({ kind: 'dense', name, units: c.units as number, activation: activation(name, c.activation), useBias: c.use_bias !== false });
        break;
      case 'Reshape':
        if (!Array.isArray(c.target_shape) || !c.target_shape.every((n) => Number.isInteger(n))) fail(name, 'target_shape must be integers.');
        steps.push({ kind: 'reshape', name, shape: c.target_shape as number[] });
        break;
      case 'UpSampling2D':
        if ((c.interpolation ?? 'nearest') !== 'nearest') fail(name, 'only nearest upsampling is supported.');
        if ((c.data_format ?? 'channels_last') !== 'channels_last') fail(name, 'only channels_last is supported.');
        steps.push({ kind: 'upsample', name, factor: pair(name, c.size ?? [2, 2], 'size') });
        break;
      case 'Conv2D': {
        const k = pair(name, c.kernel_size, 'kernel_size');
        const s = pair(name, c.strides ?? [1, 1], 'strides');
        const d = pair(name, c.dilation_rate ?? [1, 1], 'dilation_rate');
        if (k[0] !== k[1] || k[0] % 2 !== 1) fail(name, 'kernel_size must be square and odd.');
        if (s[0] !== s[1] || (s[0] !== 1 && s[0] !== 2)) fail(name, 'strides must be 1 or 2, the same on both axes.');
        if (d[0] !== 1 || d[1] !== 1) fail(name, 'dilation_rate must be 1.');
        if ((c.padding ?? 'valid') !== 'same') fail(name, 'padding must be "same".');
        if ((c.data_format ?? 'channels_last') !== 'channels_last') fail(name, 'only channels_last is supported.');
        if (!Number.isInteger(c.filters)) fail(name, 'filters must be an integer.');
        steps.push({ kind: 'conv', name, filters: c.filters as number, stride: s[0] as 1 | 2, activation: activation(name, c.activation), useBias: c.use_bias !== false });
        break;
      }
      default:
        throw new ModelFormatError(
          `model.json: layer "${name}" is a ${String(layer.class_name)}; the contract allows only Dense, Reshape, UpSampling2D and Conv2D.`,
        );
    }
  }
  if (steps[0]?.kind !== 'dense' && steps[0]?.kind !== 'conv') throw new ModelFormatError('model.json: the first layer must be Dense or Conv2D.');
  return steps;
}

/** Fused ops take relu/linear but not tanh, which runs as its own op (as in tfjs-layers). */
function fusable(a: Activation): 'relu' | 'linear' {
  return a === 'relu' ? 'relu' : 'linear';
}

/** The weight "<layer>/<kernel|bias>" from the manifest. */
function weight(weights: tf.NamedTensorMap, layer: string, part: 'kernel' | 'bias'): tf.Tensor {
  const t = weights[`${layer}/${part}`];
  if (!t) throw new ModelFormatError(`model.json: no weight "${layer}/${part}" in weightsManifest.`);
  return t;
}

/** Build the network from parsed model.json parts; weight tensors live on the active backend until dispose(). */
export function buildNetwork(topology: unknown, weightSpecs: tf.io.WeightsManifestEntry[], weightData: ArrayBuffer): Network {
  const steps = parseTopology(topology);
  const weights = tf.io.decodeWeights(weightData, weightSpecs);
  try {
    const params = steps.map((s) => {
      if (s.kind !== 'dense' && s.kind !== 'conv') return null;
      const kernel = weight(weights, s.name, 'kernel');
      const bias = s.useBias ? weight(weights, s.name, 'bias') : null;
      if (s.kind === 'dense' && (kernel.rank !== 2 || kernel.shape[1] !== s.units)) fail(s.name, `kernel shape [${kernel.shape}] does not match units ${s.units}.`);
      if (s.kind === 'conv' && (kernel.rank !== 4 || kernel.shape[3] !== s.filters)) fail(s.name, `kernel shape [${kernel.shape}] does not match filters ${s.filters}.`);
      return { kernel, bias };
    });
    const used = new Set(params.flatMap((p) => (p ? [p.kernel, p.bias].filter((t): t is tf.Tensor => t !== null) : [])));
    for (const t of Object.values(weights)) if (!used.has(t)) t.dispose();
    const first = params[0]!.kernel;
    return {
      input: steps[0]!.kind === 'dense' ? 'latent' : 'image',
      inputSize: first.shape[first.rank === 2 ? 0 : 2]!,
      predict(input, forGradients = false) {
        let x: tf.Tensor = input;
        steps.forEach((s, i) => {
          const p = params[i];
          if (forGradients && (s.kind === 'dense' || s.kind === 'conv')) {
            x = s.kind === 'dense' ? tf.matMul(x as tf.Tensor2D, p!.kernel as tf.Tensor2D) : tf.conv2d(x as tf.Tensor4D, p!.kernel as tf.Tensor4D, s.stride, 'same');
            if (p!.bias) x = tf.add(x, p!.bias);
            if (s.activation === 'relu') x = tf.relu(x);
            if (s.activation === 'tanh') x = tf.tanh(x);
          } else if (s.kind === 'dense') {
            x = tf.fused.matMul({ a: x as tf.Tensor2D, b: p!.kernel as tf.Tensor2D, bias: p!.bias ?? undefined, activation: fusable(s.activation) });
            if (s.activation === 'tanh') x = tf.tanh(x);
          } else if (s.kind === 'reshape') {
            x = tf.reshape(x, [x.shape[0]!, ...s.shape]);
          } else if (s.kind === 'upsample') {
            const [h, w] = [x.shape[1]!, x.shape[2]!];
            x = tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [h * s.factor[0], w * s.factor[1]]);
          } else {
            x = tf.fused.conv2d({
              x: x as tf.Tensor4D,
              filter: p!.kernel as tf.Tensor4D,
              strides: [s.stride, s.stride],
              pad: 'same',
              dataFormat: 'NHWC',
              bias: p!.bias ?? undefined,
              activation: fusable(s.activation),
            });
            if (s.activation === 'tanh') x = tf.tanh(x);
          }
        });
        if (x.rank !== 4) throw new ModelFormatError(`The network output has rank ${x.rank}; expected [batch, H, W, 1].`);
        return x as tf.Tensor4D;
      },
      dispose() {
        for (const t of used) t.dispose();
      },
    };
  } catch (error) {
    for (const t of Object.values(weights)) t.dispose();
    throw error;
  }
}
