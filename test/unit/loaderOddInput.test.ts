// Text and .npy files the Lab refused, or refused with the wrong words: numbers typed in a fullwidth input mode
// or copied with the minus sign U+2212, a single line of numbers the reader took for a header (then "contains
// no values"), and .npy headers numpy itself reads (Python 2's `4L` axes, double-quoted keys).
import { describe, expect, it } from 'vitest'
import { thrown } from '../helpers/thrown'
import { parseNpy, parseText, TextParser } from '../../src/lab/loaders'

describe('text the Lab reads as numbers', () => {
  it('fullwidth digits, signs and points, and the minus sign U+2212, are numbers', () => {
    expect(Array.from(parseText('－１．５，＋２，３').data)).toEqual([-1.5, 2, 3])
    expect(Array.from(parseText('−1\n−0.5\n2').data)).toEqual([-1, -0.5, 2])
    // on a line that the fast reader declines, after a first line it read
    expect(Array.from(parseText('1 2\n−3 ４').data)).toEqual([1, 2, -3, 4])
  })

  it('a single line of numbers it cannot read is named, not called empty; a header of words alone is empty', () => {
    expect(thrown(() => parseText('1|2|3'))).toMatchObject({ code: 'text-words', detail: '1: 1|2|3' })
    expect(thrown(() => parseText('# a comment\n\n1_000 2_000\n'))).toMatchObject({
      code: 'text-words',
      detail: '3: 1_000',
    })
    expect(thrown(() => parseText('١٢٣'))).toMatchObject({ code: 'text-words', detail: '1: ١٢٣' })
    expect(thrown(() => parseText('weight,bias\n'))).toMatchObject({ code: 'empty' })
    // read in chunks, the same
    const p = new TextParser()
    for (const c of '1|2|3\n') p.feed(c)
    expect(thrown(() => p.finish())).toMatchObject({ code: 'text-words', detail: '1: 1|2|3' })
    // a header followed by numbers is still skipped
    expect(Array.from(parseText('1|2|3\n4,5,6').data)).toEqual([4, 5, 6])
  })
})

/** a version 1.0 .npy of this header text (padded to 64 bytes) and float64 values */
function npy(header: string, values: number[]): ArrayBuffer {
  let h = header
  while ((10 + h.length + 1) % 64) h += ' '
  h += '\n'
  const b = new Uint8Array(10 + h.length + values.length * 8)
  b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
  new DataView(b.buffer).setUint16(8, h.length, true)
  for (let i = 0; i < h.length; i++) b[10 + i] = h.charCodeAt(i)
  b.set(new Uint8Array(Float64Array.from(values).buffer), 10 + h.length)
  return b.buffer
}

describe('.npy headers numpy reads', () => {
  it("Python 2's long axes (4L,) and (2L, 2L)", () => {
    const a = parseNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4L,), }", [1, 2, 3, 4]))
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4])
    const b = parseNpy(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 2L), }", [1, 2, 3, 4]))
    expect(b.shape).toEqual([2, 2])
  })

  it('double-quoted keys and values', () => {
    const a = parseNpy(npy('{"descr": "<f8", "fortran_order": True, "shape": (2, 2), }', [1, 2, 3, 4]))
    expect(Array.from(a.data)).toEqual([1, 3, 2, 4])
  })

  it('a shape that is still not one is refused', () => {
    const h = "{'descr': '<f8', 'fortran_order': False, 'shape': (4x,), }"
    expect(thrown(() => parseNpy(npy(h, [1, 2, 3, 4])))).toMatchObject({ code: 'npy-header' })
  })
})
