/**
 * CRC-32 as zip archives store it for each member (PKWARE APPNOTE.TXT §4.4.7: the "magic number"
 * 0xdebb20e3, i.e. the reflected polynomial 0xedb88320, preset to all ones and inverted after), table-driven.
 * fflate computes it when it writes an archive but does not export it, and does not check it when it reads.
 */
const TABLE = (() => {
  const t = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c
  }
  return t
})()

/** the CRC-32 of `data`[start, end), continued from `crc` (the CRC of the bytes before; 0 for none) */
export function crc32(data: Uint8Array, crc = 0, start = 0, end = data.length): number {
  let c = ~crc
  for (let i = start; i < end; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
}
