/**
 * Decoding the byte strings model files carry in JSON: base64 (nearest.json's floats and masks, real-symbols.json's
 * bitmaps) and the zlib streams the bitmaps of many masks are packed into (real-symbols.json's `bitmaps`,
 * nearest.json's `thumbs`; training/real_set.py `encode` writes them).
 */

/** Standard base64 -> its bytes (atob: the browser's and Node's alike). Throws on text that is not base64. */
export function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** RFC 1950 zlib data, inflated by the platform (browsers and Node both have DecompressionStream). Rejects data that does not inflate. */
export async function inflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
