/**
 * A learned slider field (sliders.json version 2, `fields`; training/slider_field.py fits it): a small network that
 * says, for a latent z in a style, which way to move z so that one measure of the symbol (its ink, its width...)
 * grows. A field slider follows it in steps: offset a is round(|a| / step) steps of length `step`, each along the
 * field's unit direction where z has got to, so the path bends with the generator where a straight SeFa direction
 * would stop doing what it is named for (training/README.md, Named sliders).
 *
 * Written by hand in float64 rather than with TensorFlow.js: a field slider's symbol must be the same on the server
 * (image API, share cards, first paint) and in the browser, bit for bit, whatever backend each runs the generator
 * on. Plain JavaScript arithmetic (+, *, sqrt and max, all exactly rounded IEEE doubles) gives the same bits in every
 * engine; the result is rounded to float32 once, as the network's input is. training/slider_field.py `follow` is the
 * same loop in numpy, and sliders.json carries golden values that tests/unit/slider-field.test.ts checks against it.
 */

/** One dense layer: kernel [inputs, units] row-major. */
export interface FieldLayer {
  inputs: number;
  units: number;
  kernel: Float64Array;
  bias: Float64Array;
}

export interface SliderField {
  /** z's size; the input is [z | style one-hot (styles) | head one-hot (heads)]. */
  latentSize: number;
  styles: number;
  /** The measures it was fitted to, one output direction each (a slider names its head). */
  heads: number;
  /** Length of one step along the field; offsets are whole numbers of steps. */
  step: number;
  /** Dense layers, ReLU between them, none after the last (whose units are latentSize). */
  layers: FieldLayer[];
}

/** The field's raw direction (not unit) at `x` for `head`, in style `style` (null: no style, or an unconditional model). */
export function fieldDirection(field: SliderField, x: Float64Array, style: number | null, head: number): Float64Array {
  const [first, ...rest] = field.layers;
  if (!first) throw new Error('A slider field has no layers.');
  const { latentSize, styles } = field;
  let h = Float64Array.from(first.bias);
  const units = first.units;
  for (let i = 0; i < latentSize; i++) {
    const v = x[i]!;
    const row = i * units;
    for (let u = 0; u < units; u++) h[u]! += v * first.kernel[row + u]!;
  }
  // The one-hots multiply one row each by 1: add those rows (style first, then head, as the input lists them).
  const oneHotRows = style === null ? [latentSize + styles + head] : [latentSize + style, latentSize + styles + head];
  for (const r of oneHotRows) for (let u = 0; u < units; u++) h[u]! += first.kernel[r * units + u]!;
  for (const layer of rest) {
    for (let u = 0; u < h.length; u++) h[u] = Math.max(h[u]!, 0);
    const out = Float64Array.from(layer.bias);
    for (let i = 0; i < layer.inputs; i++) {
      const v = h[i]!;
      if (v === 0) continue;
      const row = i * layer.units;
      for (let u = 0; u < layer.units; u++) out[u]! += v * layer.kernel[row + u]!;
    }
    h = out;
  }
  return h;
}

/**
 * z moved `amount` along the field's head `head` (in style `style`): round(|amount| / step) steps of `step`, each
 * along the unit direction at the point reached, backwards for a negative amount. In float64; the caller rounds.
 */
export function followField(field: SliderField, z: Float64Array, style: number | null, head: number, amount: number): Float64Array {
  if (head < 0 || head >= field.heads) throw new Error(`A slider names head ${head}; its field has ${field.heads}.`);
  if (style !== null && (style < 0 || style >= field.styles)) throw new Error(`Style ${style} is not one of the field's ${field.styles}.`);
  const x = Float64Array.from(z);
  const steps = Math.round(Math.abs(amount) / field.step);
  const signed = Math.sign(amount) * field.step;
  for (let s = 0; s < steps; s++) {
    const d = fieldDirection(field, x, style, head);
    let sum = 0;
    for (let i = 0; i < d.length; i++) sum += d[i]! * d[i]!;
    const norm = Math.sqrt(sum);
    if (!(norm > 0)) break;
    const scale = signed / norm;
    for (let i = 0; i < x.length; i++) x[i]! += scale * d[i]!;
  }
  return x;
}
