/**
 * A version 1.0 .npy with this descr and shape text as written, then `data`: for headers that numpy's own
 * writer (test/helpers/writeNpy.ts) would never make, such as shapes past exact numbers or odd bool bytes.
 */
export function rawNpy(descr: string, shape: string, data: number[] = []): Uint8Array {
  const h = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }\n`
  const b = new Uint8Array(10 + h.length + data.length)
  b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 255, h.length >> 8])
  for (let i = 0; i < h.length; i++) b[10 + i] = h.charCodeAt(i)
  b.set(data, 10 + h.length)
  return b
}
