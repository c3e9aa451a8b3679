/**
 * The code of a latent link (`/z/<code>`): a symbol that has no seed (drawn, adjusted, projected) named by the
 * generator input it is drawn from, its latent z and its style. Version 1, the bytes before base64url:
 *
 *   [0]            version, 1
 *   [1]            the model's style count (0: an unconditional model)
 *   [2]            the style index (0 for an unconditional model), its one-hot follows z into the network
 *   [3, 3 + 2n)    z: n IEEE half floats, little-endian (lib/latent/float16)
 *   [3 + 2n, +4)   CRC-32 of every byte before it, little-endian (lib/latent/crc32)
 *
 * then unpadded base64url (lib/latent/base64url, strict). A 100-value latent (every model so far) is 207 bytes,
 * 276 characters. The symbol a code draws is the network's output for exactly the halves it holds, so a latent is
 * rounded to halves (quantizeLatent) before it is drawn anywhere that offers its link. Halves keep z to within
 * 0.05% (about 0.002 at |z| = 4), far below what changes a symbol. A change is a new version, never an edit of v1.
 */
import { decodeBase64url, encodeBase64url, firstByte, firstForeignChar } from './base64url';
import { crc32 } from './crc32';
import { fromHalfBits, HALF_MAX, toHalfBits } from './float16';

export const LATENT_CODE_VERSION = 1;
const HEADER = 3;
const CHECKSUM = 4;
/** Style counts and indices are one byte each. */
const MAX_STYLES = 255;

/** What a code holds: the latent, and for a conditional model its style as an index among `count`. */
export interface LatentCode {
  latent: Float32Array;
  style: { index: number; count: number } | null;
}

export type LatentCodeResult = { ok: true; value: LatentCode } | { ok: false; error: string };

/** The length in characters of a version-1 code for a latent of `latentSize` values (276 for 100). */
export function latentCodeLength(latentSize: number): number {
  return Math.ceil(((HEADER + 2 * latentSize + CHECKSUM) * 8) / 6);
}

/** The latent rounded to the halves a code keeps: what a code made from it draws. Throws beyond ±65504 or on NaN. */
export function quantizeLatent(latent: Float32Array): Float32Array {
  return Float32Array.from(latent, (v, i) => {
    if (!Number.isFinite(v) || Math.abs(v) > HALF_MAX) throw new RangeError(`Latent value ${i} (${v}) cannot be written in a link: it must be a finite number within ±${HALF_MAX}.`);
    return fromHalfBits(toHalfBits(v));
  });
}

/** The code for `value` (its latent rounded to halves; see quantizeLatent). Throws on a style outside its count. */
export function encodeLatentCode(value: LatentCode): string {
  const { latent, style } = value;
  if (latent.length === 0) throw new RangeError('A latent link needs a latent of at least one value.');
  if (style && (!Number.isInteger(style.count) || style.count < 1 || style.count > MAX_STYLES || !Number.isInteger(style.index) || style.index < 0 || style.index >= style.count)) {
    throw new RangeError(`Style ${style.index} of ${style.count} cannot be written in a latent link.`);
  }
  const halves = quantizeLatent(latent);
  const bytes = new Uint8Array(HEADER + 2 * latent.length + CHECKSUM);
  const view = new DataView(bytes.buffer);
  bytes[0] = LATENT_CODE_VERSION;
  bytes[1] = style?.count ?? 0;
  bytes[2] = style?.index ?? 0;
  halves.forEach((v, i) => view.setUint16(HEADER + 2 * i, toHalfBits(v), true));
  view.setUint32(bytes.length - CHECKSUM, crc32(bytes.subarray(0, bytes.length - CHECKSUM)), true);
  return encodeBase64url(bytes);
}

/**
 * A code back to its latent and style. `latentSize`, when the model is known, makes a code of another length an
 * error that says the right length. Every failure is a sentence for people; nothing here throws.
 */
export function decodeLatentCode(code: string, latentSize?: number): LatentCodeResult {
  const fail = (error: string): LatentCodeResult => ({ ok: false, error });
  if (code.length === 0) return fail('The latent link has no code after /z/.');
  const foreign = firstForeignChar(code);
  if (foreign !== null) return fail(`A latent link's code uses only letters, digits, “-” and “_”; this one has “${foreign}”.`);
  if (code.length < latentCodeLength(1)) return fail(`This latent link's code has only ${code.length} characters; it has been cut short.`);
  const version = firstByte(code);
  if (version !== LATENT_CODE_VERSION) return fail(`This latent link is version ${version ?? '?'}; this site reads version ${LATENT_CODE_VERSION}. It may be mistyped.`);
  if (latentSize !== undefined && code.length !== latentCodeLength(latentSize)) {
    return fail(`A latent link's code for this model is ${latentCodeLength(latentSize)} characters; this one has ${code.length}. It may have been cut short or run together with other text.`);
  }
  const bytes = decodeBase64url(code);
  const n = bytes ? (bytes.length - HEADER - CHECKSUM) / 2 : NaN;
  if (!bytes || !Number.isInteger(n) || n < 1 || code.length !== latentCodeLength(n)) {
    return fail(`This latent link's code has ${code.length} characters, which no latent link has (${latentCodeLength(100)} for a latent of 100 values). It may have been cut short.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(bytes.length - CHECKSUM, true) !== crc32(bytes.subarray(0, bytes.length - CHECKSUM))) {
    return fail('This latent link is damaged: its checksum does not match, so a character was changed, lost or mistyped.');
  }
  const count = bytes[1]!;
  const index = bytes[2]!;
  if (count === 0 ? index !== 0 : index >= count) return fail(`This latent link names style ${index} of ${count}, which cannot be.`);
  const latent = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = fromHalfBits(view.getUint16(HEADER + 2 * i, true));
    if (!Number.isFinite(v)) return fail(`Value ${i} of this latent link's latent is not a finite number.`);
    latent[i] = v;
  }
  return { ok: true, value: { latent, style: count === 0 ? null : { index, count } } };
}

/** A decoded code against the model that is to draw it: the same latent size and style count, or a sentence why not. */
export function latentCodeFitsModel(
  value: LatentCode,
  model: { id: string; latentSize: number; styles?: readonly unknown[] },
): { ok: true } | { ok: false; error: string } {
  const styles = model.styles?.length ?? 0;
  if (value.latent.length !== model.latentSize) {
    return { ok: false, error: `This latent link holds ${value.latent.length} latent values; model “${model.id}” takes ${model.latentSize}.` };
  }
  const count = value.style?.count ?? 0;
  if (count !== styles) {
    const has = styles ? `has ${styles} styles` : 'has no styles';
    const says = count ? `was made for a model with ${count} styles` : 'was made for a model without styles';
    return { ok: false, error: `This latent link ${says}; model “${model.id}” ${has}. Open it with the model it was made with (?m=).` };
  }
  return { ok: true };
}
