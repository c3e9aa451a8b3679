/**
 * What the named sliders do to a symbol: add one vector to its latent z, after the strangeness has scaled it (so the
 * sliders move the symbol on screen, whatever its strangeness) and never to the style one-hot. The vector is the sum
 * of each slider's direction times its offset (lib/sliders/offsets); here it is only applied.
 */

/** An offset of z: `edits` is how links write it (?e=, lib/sliders/edits), `delta` the vector it stands for. */
export interface LatentShift {
  edits: string;
  delta: Float32Array;
}

/**
 * z + delta, element by element in float32. The sum is rounded to float32 exactly as the network's input is, the same
 * in every JavaScript engine, so the browser and the server feed the generator the same bits.
 */
export function shiftLatent(z: Float32Array, shift: LatentShift | null | undefined): Float32Array {
  if (!shift) return z;
  if (shift.delta.length !== z.length) throw new Error(`A slider offset has ${shift.delta.length} values; the latent has ${z.length}.`);
  return z.map((v, i) => v + shift.delta[i]!);
}
