/**
 * base64url without padding (RFC 4648 section 5), strict both ways: the alphabet A-Z a-z 0-9 - _ only, and the last
 * character's unused low bits must be zero. Written by hand because atob accepts padding, whitespace and non-zero
 * trailing bits; a lenient decoder would give one byte string many spellings, and then a changed character could
 * decode to the same bytes and slip past the checksum.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function encodeBase64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >>> (18 - 6 * k)) & 63];
  }
  return out;
}

/** Characters of `text` outside the alphabet (the first one), or null. */
export function firstForeignChar(text: string): string | null {
  for (const c of text) if (!VALUE.has(c)) return c;
  return null;
}

/** The bytes `text` spells, or null when it is not canonical unpadded base64url (see above). */
export function decodeBase64url(text: string): Uint8Array | null {
  if (text.length % 4 === 1 || firstForeignChar(text) !== null) return null;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (const c of text) {
    acc = (acc << 6) | VALUE.get(c)!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >>> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  // What is left over are the last character's padding bits: they must be zero.
  return acc === 0 ? out : null;
}

/** The first byte `text` spells (its first two characters), without checking the rest; null when there is none. */
export function firstByte(text: string): number | null {
  const a = VALUE.get(text[0] ?? '');
  const b = VALUE.get(text[1] ?? '');
  return a === undefined || b === undefined ? null : ((a << 2) | (b >>> 4)) & 0xff;
}
