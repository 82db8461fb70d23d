import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeDigitsGz, parseDigitsCsv, splitDigits } from '../../src/engine/network'

const bytes = new Uint8Array(readFileSync(new URL('../fixtures/digits.csv.gz', import.meta.url)))

describe('digits data', () => {
  it('reads the 1,797 images as pixel / 16 and their labels', () => {
    const d = decodeDigitsGz(bytes)
    expect(d.n).toBe(1797)
    // the file's first row starts 0,0,5,13,9,1 and is a 0
    expect(Array.from(d.images.subarray(0, 6))).toEqual([0, 0, 5 / 16, 13 / 16, 9 / 16, 1 / 16])
    expect(d.labels[0]).toBe(0)
    let max = 0
    for (const v of d.images) max = Math.max(max, v)
    expect(max).toBe(1)
  })
  it('splits rows with i % 5 == 4 into the test split, the rest in file order into training', () => {
    const s = splitDigits(decodeDigitsGz(bytes))
    expect(s.test.n).toBe(359)
    expect(s.train.n).toBe(1438)
    expect(Array.from(s.testRows.subarray(0, 3))).toEqual([4, 9, 14])
    expect(Array.from(s.trainRows.subarray(0, 5))).toEqual([0, 1, 2, 3, 5])
  })
  it('names the row of a bad value', () => {
    expect(() => parseDigitsCsv('1,2,3\n')).toThrow(/row 1/)
    const row = Array(64).fill('0').join(',') + ',7\n'
    expect(parseDigitsCsv(row + '\n' + row).n).toBe(2)
    expect(() => parseDigitsCsv(row.replace('0,', '17,'))).toThrow(/row 1, value 1/)
  })
})
