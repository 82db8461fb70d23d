// A .npy bool array stores one byte per value; numpy reads any byte but 0 as True, which is 1.0 as a number.
// Bytes 2 and 255 were read as 2 and 255.
import { describe, expect, it } from 'vitest'
import { rawNpy } from '../helpers/rawNpy'
import { parseNpy } from '../../src/lab/loaders'
import { readNpy } from '../../src/models/npy'

describe('.npy bool', () => {
  it('any byte but 0 is True, 1.0 (numpy)', () => {
    const b = rawNpy('|b1', '(1, 4)', [0, 1, 2, 255])
    expect(Array.from(parseNpy(b.slice().buffer).data)).toEqual([0, 1, 1, 1])
    expect(Array.from(readNpy('w.npy', b).data)).toEqual([0, 1, 1, 1])
  })
})
