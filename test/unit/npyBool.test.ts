// A .npy bool array stores one byte per value; numpy reads any byte but 0 as True, which is 1.0 as a number.
// Bytes 2 and 255 were read as 2 and 255.
import { describe, expect, it } from 'vitest'
import { parseNpy } from '../../src/lab/loaders'
import { readNpy } from '../../src/models/npy'

/** a version 1.0 .npy of this descr and shape text, then `data` */
function npy(descr: string, shape: string, data: number[] = []): Uint8Array {
  const h = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }\n`
  const b = new Uint8Array(10 + h.length + data.length)
  b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 255, h.length >> 8])
  for (let i = 0; i < h.length; i++) b[10 + i] = h.charCodeAt(i)
  b.set(data, 10 + h.length)
  return b
}

describe('.npy bool', () => {
  it('any byte but 0 is True, 1.0 (numpy)', () => {
    const b = npy('|b1', '(1, 4)', [0, 1, 2, 255])
    expect(Array.from(parseNpy(b.slice().buffer).data)).toEqual([0, 1, 1, 1])
    expect(Array.from(readNpy('w.npy', b).data)).toEqual([0, 1, 1, 1])
  })
})
