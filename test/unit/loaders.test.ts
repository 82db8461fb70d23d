import { describe, expect, it } from 'vitest'
import { LoadError, parseNpy, parseText, TextParser } from '../../src/lab/loaders'
import { thrown } from '../helpers/thrown'
import { float16Bits, writeNpy } from '../helpers/writeNpy'

function code(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    return e instanceof LoadError ? e.code : `other: ${String(e)}`
  }
  return 'no error'
}

describe('.npy reader', () => {
  it('reads float64, float32, float16 and the integer types', () => {
    const v = [1.5, -2, 0.25, 3]
    for (const d of ['<f8', '<f4', '<f2', '<i2', '<i4', '|i1']) {
      const vals = d.includes('i') ? [1, -2, 3, 4] : v
      const a = parseNpy(writeNpy(vals, [4], { descr: d }))
      expect(Array.from(a.data), d).toEqual(vals)
      expect(a.shape).toEqual([1, 4])
    }
    expect(Array.from(parseNpy(writeNpy([0, 200, 255], [3], { descr: '|u1' })).data)).toEqual([0, 200, 255])
  })

  it('reads big-endian data', () => {
    const a = parseNpy(writeNpy([1.25, -7], [2], { descr: '>f8' }))
    expect(Array.from(a.data)).toEqual([1.25, -7])
    expect(Array.from(parseNpy(writeNpy([300, -5], [2], { descr: '>i4' })).data)).toEqual([300, -5])
  })

  it('reads 2-D arrays in C and Fortran order into row-major rows', () => {
    const c = parseNpy(writeNpy([1, 2, 3, 4, 5, 6], [2, 3]))
    expect(c.shape).toEqual([2, 3])
    expect(Array.from(c.data)).toEqual([1, 2, 3, 4, 5, 6])
    // Fortran order stores column by column: [[1,2,3],[4,5,6]] is stored 1,4,2,5,3,6
    const f = parseNpy(writeNpy([1, 4, 2, 5, 3, 6], [2, 3], { fortran: true }))
    expect(f.shape).toEqual([2, 3])
    expect(Array.from(f.data)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('drops NaN and ±Inf and counts them', () => {
    const a = parseNpy(writeNpy([1, NaN, Infinity, -2, -Infinity], [5]))
    expect(Array.from(a.data)).toEqual([1, -2])
    expect(a.dropped).toBe(3)
  })

  it('refuses bad files with a code the UI can explain', () => {
    const good = writeNpy([1, 2, 3], [3])
    expect(code(() => parseNpy(good.slice(0, good.byteLength - 4)))).toBe('npy-truncated')
    expect(code(() => parseNpy(good.slice(0, 6)))).toBe('npy-truncated')
    expect(code(() => parseNpy(new TextEncoder().encode('hello world, not npy').buffer))).toBe('npy-magic')
    expect(code(() => parseNpy(new ArrayBuffer(0)))).toBe('empty')
    const complex = new Uint8Array(writeNpy([1, 2], [2]))
    const text = new TextDecoder('latin1').decode(complex).replace("'<f8'", "'<c8'")
    expect(code(() => parseNpy(Uint8Array.from(text, (ch) => ch.charCodeAt(0)).buffer))).toBe('npy-dtype')
    expect(code(() => parseNpy(writeNpy([], [0])))).toBe('empty')
    expect(code(() => parseNpy(writeNpy([NaN, NaN], [2])))).toBe('all-nonfinite')
    expect(code(() => parseNpy(writeNpy([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2])))).toBe('npy-ndim')
  })
})

describe('text reader', () => {
  it('reads CSV, whitespace and newline separated numbers', () => {
    expect(Array.from(parseText('1, 2.5, -3e-2\n4 5\t6').data)).toEqual([1, 2.5, -0.03, 4, 5, 6])
  })
  it('makes a 2-D array when every row has the same length, and skips a header of words', () => {
    const a = parseText('a,b,c\n1,2,3\n4,5,6\n')
    expect(a.shape).toEqual([2, 3])
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6])
  })
  it('drops nan/inf entries with a count', () => {
    const a = parseText('1 nan 2 inf -Infinity 3')
    expect(Array.from(a.data)).toEqual([1, 2, 3])
    expect(a.dropped).toBe(3)
  })
  it('refuses words among numbers and empty input', () => {
    expect(code(() => parseText('1, 2, three, 4'))).toBe('text-words')
    expect(code(() => parseText('  \n \n'))).toBe('empty')
    expect(code(() => parseText('# only a comment\n'))).toBe('empty')
  })
})

describe('a binary file read as text', () => {
  it('a control character is named by its code point and its line, a header line included', () => {
    // (tab, vertical tab, form feed and carriage return are whitespace: separators)
    expect(Array.from(parseText('1\t2\v3\f4\r\n').data)).toEqual([1, 2, 3, 4])
    // a PNG's first bytes as the decoder gives them (its 0x89 is no UTF-8: U+FFFD)
    expect(thrown(() => parseText('\ufffdPNG\r\n\u001a\n'))).toMatchObject({
      code: 'text-binary',
      detail: '2: U+001A',
    })
    expect(thrown(() => parseText('a\u0000b,c\n1,2'))).toMatchObject({
      code: 'text-binary',
      detail: '1: U+0000',
    })
    expect(thrown(() => parseText('1,2\n\n3,4\u007f'))).toMatchObject({
      code: 'text-binary',
      detail: '3: U+007F',
    })
  })

  it('bytes that were not UTF-8 (U+FFFD) are said by their line; a header of them is still skipped', () => {
    expect(thrown(() => parseText('1.5,2.5\n3.5,\ufffd\ufffd'))).toMatchObject({
      code: 'text-encoding',
      detail: '2',
    })
    // a spreadsheet's header saved in GBK, read as UTF-8: skipped like any header of words
    expect(Array.from(parseText('\ufffd\ufffd,\ufffd\ufffd\n1,2\n3,4\n').data)).toEqual([1, 2, 3, 4])
    // a word that is printable is still quoted
    expect(thrown(() => parseText('1,2\n3,foo'))).toMatchObject({ code: 'text-words', detail: '2: foo' })
  })
})

describe('text typed with a Chinese input method, and the line an error names', () => {
  it('reads fullwidth commas, semicolons, enumeration commas and spaces as separators', () => {
    expect(Array.from(parseText('0.1，-0.5，2.3').data)).toEqual([0.1, -0.5, 2.3])
    expect(Array.from(parseText('1；2；3').data)).toEqual([1, 2, 3])
    expect(Array.from(parseText('1、2、3').data)).toEqual([1, 2, 3])
    expect(Array.from(parseText('1\u30002\u3000 3').data)).toEqual([1, 2, 3])
    const grid = parseText('1，2\n3，4\n')
    expect(grid.shape).toEqual([2, 2])
    // decimal commas with fullwidth semicolons, as with ASCII ones
    expect(Array.from(parseText('1,5；2,5').data)).toEqual([1.5, 2.5])
  })

  it('names the line of the file, counting comments and blank lines, and the word apart', () => {
    const text = '# a comment\n\n1,2\n3,foo\n'
    let e: unknown = null
    try {
      parseText(text)
    } catch (x) {
      e = x
    }
    expect(e).toBeInstanceOf(LoadError)
    expect((e as LoadError).detail).toBe('4: foo')
    // read in chunks cut anywhere, the same line
    for (let cut = 1; cut < text.length; cut++) {
      let d = ''
      try {
        new TextParser().feed(text.slice(0, cut)).feed(text.slice(cut)).finish()
      } catch (x) {
        d = (x as LoadError).detail
      }
      expect(d, `cut at ${cut}`).toBe('4: foo')
    }
  })
})

describe('the tests’ float16 writer', () => {
  // expected bit patterns: IEEE 754 binary16 by hand (sign | exponent+15 << 10 | mantissa), as numpy's
  // np.float16(v).view(np.uint16) gives them
  it('rounds to nearest even, with subnormals and overflow to infinity', () => {
    expect(float16Bits(1)).toBe(0x3c00)
    expect(float16Bits(-2)).toBe(0xc000)
    expect(float16Bits(65504)).toBe(0x7bff) // the largest finite half
    expect(float16Bits(65519)).toBe(0x7bff) // below the midpoint 65520
    expect(float16Bits(65520)).toBe(0x7c00) // the midpoint ties to the even neighbour: infinity
    expect(float16Bits(-1e6)).toBe(0xfc00)
    expect(float16Bits(1e-10)).toBe(0) // far below half the smallest subnormal 2⁻²⁴
    expect(float16Bits(2 ** -24)).toBe(1) // the smallest subnormal
    expect(float16Bits(2 ** -25)).toBe(0) // a tie between 0 and 2⁻²⁴: to even (0)
    expect(float16Bits(3 * 2 ** -25)).toBe(2) // a tie between 1 and 2 units: to even (2)
    expect(float16Bits(2 ** -14)).toBe(0x0400) // the smallest normal
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00) // a tie between 1 and 1 + 2⁻¹⁰: to even (1)
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02) // a tie: to even mantissa 2
    expect(float16Bits(NaN)).toBe(0x7e00)
    expect(float16Bits(-0)).toBe(0x8000)
  })
  it('reads back what it wrote through the loader', () => {
    const a = parseNpy(writeNpy([1e-10, 65504, 0.1, -3 * 2 ** -25], [4], { descr: '<f2' }))
    expect(Array.from(a.data)).toEqual([0, 65504, 0.0999755859375, -(2 ** -23)])
  })
})

describe('text edge cases (issue 13)', () => {
  it('semicolon-separated numbers with decimal commas are read as decimals', () => {
    expect(Array.from(parseText('1,5;2,5;3,5').data)).toEqual([1.5, 2.5, 3.5])
    expect(Array.from(parseText('-0,25; 4,0\n1,75; 2').data)).toEqual([-0.25, 4, 1.75, 2])
    // without semicolons, commas separate values
    expect(Array.from(parseText('1,5').data)).toEqual([1, 5])
  })

  it('a hexadecimal CSV says so instead of "contains no values"', () => {
    expect(() => parseText('0x1F, 0x20\n0x21, 0x22')).toThrow(expect.objectContaining({ code: 'text-hex' }))
  })
})
