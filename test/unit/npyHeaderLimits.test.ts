// .npy headers past numpy's own limits (numpy/lib/format.py: `_MAX_HEADER_SIZE` = 10000 bytes unless the caller
// raises it; NPY_MAXDIMS = 64 axes) are refused with the header error before they are searched or laid out: a
// 100 KB header of many `'shape': (` and no ')' took seconds in the shape regex, and the strides of n axes
// took O(n²).
import { describe, expect, it } from 'vitest'
import { thrown } from '../helpers/thrown'
import { decodeNpy, LoadError, NPY_MAX_DIMS, NPY_MAX_HEADER, parseNpy } from '../../src/lab/loaders'
import { ModelFileError } from '../../src/models'
import { readNpy } from '../../src/models/npy'

/** a version 2.0 .npy (4-byte header length) of this header text, padded with spaces to `len` bytes, then `data` */
function npy(header: string, len = 0, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const h = header.padEnd(Math.max(len - 1, header.length), ' ') + '\n'
  const b = new Uint8Array(12 + h.length + data.length)
  b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0])
  new DataView(b.buffer).setUint32(8, h.length, true)
  for (let i = 0; i < h.length; i++) b[12 + i] = h.charCodeAt(i)
  b.set(data, 12 + h.length)
  return b
}
const dict = (shape: string, fortran = false) =>
  `{'descr': '<f4', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`
const f4 = (...v: number[]) => new Uint8Array(Float32Array.from(v).buffer)

describe('.npy header limits', () => {
  it("a header longer than numpy's 10000 bytes is refused; one of 10000 is read", () => {
    const ok = npy(dict('(2, 3)'), NPY_MAX_HEADER, f4(1, 2, 3, 4, 5, 6))
    expect(Array.from(decodeNpy(ok.slice().buffer).data)).toEqual([1, 2, 3, 4, 5, 6])
    const long = npy(dict('(2, 3)'), NPY_MAX_HEADER + 1, f4(1, 2, 3, 4, 5, 6))
    expect(thrown(() => decodeNpy(long.slice().buffer))).toMatchObject({ code: 'npy-header' })
    expect(thrown(() => parseNpy(long.slice().buffer))).toMatchObject({ code: 'npy-header' })
    expect(thrown(() => readNpy('w.npy', long))).toMatchObject({ code: 'header', file: 'w.npy' })
  })

  it("a header of many `'shape': (` without ')' is refused at once", () => {
    const text = `{'descr': '<f4', 'fortran_order': False, ` + "'shape': (".repeat(10_000)
    for (const len of [text.length + 1, NPY_MAX_HEADER]) {
      const b = npy(text.slice(0, len - 1), len).slice().buffer
      const t = performance.now()
      const e = thrown(() => decodeNpy(b))
      expect(e).toBeInstanceOf(LoadError)
      expect(e).toMatchObject({ code: 'npy-header' })
      // (before: 100 KB took about 2 s, and 10 KB about 20 ms, in the shape regex)
      expect(performance.now() - t).toBeLessThan(len === NPY_MAX_HEADER ? 50 : 200)
    }
  })

  it('more than 64 axes are refused; 64 are read, in C and in Fortran order', () => {
    const ones = (n: number) => Array<string>(n).fill('1')
    const shape64 = `(${[...ones(NPY_MAX_DIMS - 2), '2', '3'].join(', ')})`
    for (const fortran of [false, true]) {
      const a = decodeNpy(npy(dict(shape64, fortran), 0, f4(1, 2, 3, 4, 5, 6)).slice().buffer)
      expect(a.shape.length).toBe(NPY_MAX_DIMS)
      // Fortran order stores the first axis fastest: [[1, 3, 5], [2, 4, 6]] in C order
      expect(Array.from(a.data)).toEqual(fortran ? [1, 3, 5, 2, 4, 6] : [1, 2, 3, 4, 5, 6])
    }
    for (const n of [NPY_MAX_DIMS + 1, 3000]) {
      const b = npy(dict(`(${ones(n).join(',')})`, true), 0, f4(7))
      expect(thrown(() => decodeNpy(b.slice().buffer))).toMatchObject({ code: 'npy-header' })
      const e = thrown(() => readNpy('w.npy', b))
      expect(e).toBeInstanceOf(ModelFileError)
      expect(e).toMatchObject({ code: 'header' })
    }
  })
})
