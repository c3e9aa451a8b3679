/**
 * CRC-32 (IEEE 802.3, the zlib / PNG polynomial), written by hand so the browser and the server check a latent
 * link's code without a library; the server's PNG encoder (lib/server/png) uses it for its chunks too. It detects
 * every error burst of up to 32 bits, so changing any one character of a code (6 bits) is always caught.
 */

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 of `bytes`, as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
