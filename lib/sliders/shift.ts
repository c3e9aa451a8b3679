/**
 * What the named sliders do to a symbol: move its latent z, after the strangeness has scaled it (so the sliders move
 * the symbol on screen, whatever its strangeness) and never the style one-hot. The straight sliders add one vector,
 * the sum of each one's direction times its offset; then each moved field slider follows its learned field from where
 * z has got to, in the file's order (lib/sliders/field). Which sliders and how far is lib/sliders/offsets; here it is
 * only applied.
 */
import { followField, type SliderField } from './field';

/** One field slider's move: `amount` along head `head` of `field`. */
export interface FieldMove {
  field: SliderField;
  head: number;
  amount: number;
}

/** An offset of z: `edits` is how links write it (?e=, lib/sliders/edits), `delta` the straight sliders' vector (null: none moved), `moves` the field sliders'. */
export interface LatentShift {
  edits: string;
  delta: Float32Array | null;
  moves: readonly FieldMove[];
}

/**
 * z + delta, element by element in float32, then the field moves in float64 from there, rounded to float32 once. The
 * sums are rounded exactly as the network's input is, the same in every JavaScript engine, so the browser and the
 * server feed the generator the same bits. `style`: the style index the symbol is drawn in (null for an
 * unconditional model), which the fields take as input.
 */
export function shiftLatent(z: Float32Array, shift: LatentShift | null | undefined, style: number | null): Float32Array {
  if (!shift) return z;
  const { delta, moves } = shift;
  if (delta && delta.length !== z.length) throw new Error(`A slider offset has ${delta.length} values; the latent has ${z.length}.`);
  const moved = delta ? z.map((v, i) => v + delta[i]!) : z;
  if (moves.length === 0) return moved;
  let x: Float64Array = Float64Array.from(moved);
  for (const { field, head, amount } of moves) {
    if (field.latentSize !== z.length) throw new Error(`A slider field moves ${field.latentSize} values; the latent has ${z.length}.`);
    x = followField(field, x, style, head, amount);
  }
  return Float32Array.from(x);
}
