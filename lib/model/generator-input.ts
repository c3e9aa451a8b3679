/**
 * The generator network's input (docs/model-folder.md), built here and nowhere else:
 *   unconditional model: row = z                               [latentSize]
 *   conditional model:   row = [z (latentSize) | style vector (styles.length)]
 * The style vector is a one-hot (lib/seeds/style), or during a morph a blend of two; truncation scales z
 * only, never the style vector.
 */
import { styleCount } from '../seeds/style';
import type { ModelEntry } from './model-folder';

type InputModel = Pick<ModelEntry, 'id' | 'latentSize' | 'styles'>;

/** Values per row of the generator's input: the first Dense layer's input width. */
export function inputSize(model: Pick<ModelEntry, 'latentSize' | 'styles'>): number {
  return model.latentSize + styleCount(model);
}

/**
 * One batch of inputs, [batch, inputSize] row-major: each latent followed by its style vector.
 * `styles` (one per latent) is required for a conditional model and refused for an unconditional one.
 */
export function packInputs(model: InputModel, latents: readonly Float32Array[], styles?: readonly Float32Array[]): Float32Array {
  const count = styleCount(model);
  if (count === 0 && styles) throw new Error(`Model "${model.id}" has no styles; it takes latents only.`);
  if (count > 0 && styles?.length !== latents.length) {
    throw new Error(`Model "${model.id}" is conditional (${count} styles): give one style vector per latent (${latents.length}), got ${styles?.length ?? 'none'}.`);
  }
  const width = inputSize(model);
  const flat = new Float32Array(latents.length * width);
  latents.forEach((z, i) => {
    if (z.length !== model.latentSize) throw new Error(`A latent has ${z.length} values; model "${model.id}" needs ${model.latentSize}.`);
    // [i, 0 .. latentSize): z
    flat.set(z, i * width);
    if (count === 0) return;
    const style = styles![i]!;
    if (style.length !== count) throw new Error(`A style vector has ${style.length} values; model "${model.id}" has ${count} styles.`);
    // [i, latentSize .. latentSize + count): the style vector
    flat.set(style, i * width + model.latentSize);
  });
  return flat;
}
