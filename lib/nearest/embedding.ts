/**
 * The embedding of "Does it exist?" (docs/model-folder.md, nearest.json, kind "centered-pool2-blur"): a binary mask ->
 * D numbers, so that symbols a person would call the same one land close together.
 *
 *   1. centre the ink's bounding box (whole-pixel shift, pixels shifted out dropped);
 *   2. 2x2 average pool (64 px -> 32 px, values in {0, .25, .5, .75, 1});
 *   3. separable Gaussian blur, rows then columns, zero padding outside the image;
 *   4. flatten row-major, subtract the mean, project on each PCA component.
 *
 * Written by hand on purpose, not with an image or linear-algebra library: training computes the same numbers in Python
 * (the index's embeddings and its golden entries), and the two must agree in their decisions (which glyph is nearest,
 * which verdict) to 1e-3. Every step is a plain loop whose order and rounding the contract fixes, so both sides can
 * follow it exactly; a library's resampling, padding or blur would each be its own, unpinned, choice.
 * The contract's masks are 64 px; any even resolution works the same way (the unit tests' tiny models are 16 px).
 */

export interface EmbeddingSpec {
  /** Side of the input masks in pixels (even). */
  resolution: number;
  /** Gaussian sigma, in pooled pixels. */
  blurSigma: number;
  /** Kernel half-width: 2 * blurRadius + 1 taps. */
  blurRadius: number;
  /** PCA dimensions kept (D). */
  dims: number;
  /** (resolution / 2)^2 values subtracted before projecting. */
  mean: Float32Array;
  /** D rows of (resolution / 2)^2 values, row-major. */
  components: Float32Array;
}

/** exp(-x^2 / (2 sigma^2)) for x in -radius..radius, normalised to sum 1. */
export function gaussianTaps(sigma: number, radius: number): Float64Array {
  const taps = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) {
    const w = Math.exp(-(x * x) / (2 * sigma * sigma));
    taps[x + radius] = w;
    sum += w;
  }
  for (let i = 0; i < taps.length; i++) taps[i]! /= sum;
  return taps;
}

/**
 * Step 1: the mask moved by whole pixels so that its ink's bounding box [r0, r1] x [c0, c1] is centred:
 * dy = side/2 - floor((r0 + r1 + 1) / 2), dx likewise. An empty mask is returned unmoved.
 */
export function centreMask(mask: Uint8Array, side: number): Uint8Array {
  let r0 = side;
  let r1 = -1;
  let c0 = side;
  let c1 = -1;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (!mask[y * side + x]) continue;
      if (y < r0) r0 = y;
      if (y > r1) r1 = y;
      if (x < c0) c0 = x;
      if (x > c1) c1 = x;
    }
  }
  const out = new Uint8Array(side * side);
  if (r1 < 0) {
    out.set(mask.subarray(0, side * side));
    return out;
  }
  const dy = side / 2 - Math.floor((r0 + r1 + 1) / 2);
  const dx = side / 2 - Math.floor((c0 + c1 + 1) / 2);
  for (let y = 0; y < side; y++) {
    const from = y - dy;
    if (from < 0 || from >= side) continue;
    for (let x = 0; x < side; x++) {
      const fx = x - dx;
      if (fx >= 0 && fx < side && mask[from * side + fx]) out[y * side + x] = 1;
    }
  }
  return out;
}

/** Step 2: 2x2 average pool of a side x side mask -> (side/2)^2 values. */
export function poolMask(mask: Uint8Array, side: number): Float64Array {
  const half = side / 2;
  const out = new Float64Array(half * half);
  for (let y = 0; y < half; y++) {
    for (let x = 0; x < half; x++) {
      const i = 2 * y * side + 2 * x;
      out[y * half + x] = (mask[i]! + mask[i + 1]! + mask[i + side]! + mask[i + side + 1]!) / 4;
    }
  }
  return out;
}

/** Step 3: the separable blur of a side x side image, along each row first, then along each column; zero padding. */
export function blurImage(image: Float64Array, side: number, taps: Float64Array): Float64Array {
  const radius = (taps.length - 1) / 2;
  const rows = new Float64Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) {
        const xx = x + k;
        if (xx >= 0 && xx < side) sum += taps[k + radius]! * image[y * side + xx]!;
      }
      rows[y * side + x] = sum;
    }
  }
  const out = new Float64Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      let sum = 0;
      for (let k = -radius; k <= radius; k++) {
        const yy = y + k;
        if (yy >= 0 && yy < side) sum += taps[k + radius]! * rows[yy * side + x]!;
      }
      out[y * side + x] = sum;
    }
  }
  return out;
}

/** Step 4: (features - mean) projected on each component. */
export function projectFeatures(features: Float64Array, spec: Pick<EmbeddingSpec, 'dims' | 'mean' | 'components'>): Float64Array {
  const n = features.length;
  const out = new Float64Array(spec.dims);
  for (let d = 0; d < spec.dims; d++) {
    let dot = 0;
    const row = d * n;
    for (let i = 0; i < n; i++) dot += (features[i]! - spec.mean[i]!) * spec.components[row + i]!;
    out[d] = dot;
  }
  return out;
}

/** A resolution^2 binary mask (1 = ink, the symbol as the site draws it) -> its D-dimensional embedding. */
export function embedMask(mask: Uint8Array, spec: EmbeddingSpec): Float64Array {
  const side = spec.resolution;
  if (mask.length !== side * side) throw new Error(`The mask has ${mask.length} pixels; the index embeds ${side}x${side} masks.`);
  const pooled = poolMask(centreMask(mask, side), side);
  const blurred = blurImage(pooled, side / 2, gaussianTaps(spec.blurSigma, spec.blurRadius));
  return projectFeatures(blurred, spec);
}
