/**
 * The UCI "Optical Recognition of Handwritten Digits" data (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0), as
 * scikit-learn ships it: one row per image, 64 pixel counts 0 … 16 (8×8, row-major) and the label.
 * Pure: parsing, the fixed split, gunzip with fflate.
 */
import { gunzipSync } from 'fflate'
import type { DigitsData, DigitsSplit } from './types'

/** Parse the CSV text: 65 integers a row; blank lines are skipped; anything else is an error naming the row. */
export function parseDigitsCsv(text: string): DigitsData {
  const rows = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  const n = rows.length
  const images = new Float32Array(n * 64)
  const labels = new Uint8Array(n)
  for (let r = 0; r < n; r++) {
    const cells = rows[r].split(',')
    if (cells.length !== 65) throw new RangeError(`digits row ${r + 1}: ${cells.length} values, expected 65`)
    for (let k = 0; k < 65; k++) {
      const v = Number(cells[k])
      const max = k < 64 ? 16 : 9
      if (!Number.isInteger(v) || v < 0 || v > max)
        throw new RangeError(`digits row ${r + 1}, value ${k + 1}: ${cells[k]} is not an integer 0 … ${max}`)
      if (k < 64) images[r * 64 + k] = v / 16
      else labels[r] = v
    }
  }
  return { n, images, labels }
}

/** gunzip + parse (`public/data/digits.csv.gz`). */
export function decodeDigitsGz(bytes: Uint8Array): DigitsData {
  return parseDigitsCsv(new TextDecoder().decode(gunzipSync(bytes)))
}

function pick(d: DigitsData, rows: Int32Array): DigitsData {
  const images = new Float32Array(rows.length * 64)
  const labels = new Uint8Array(rows.length)
  rows.forEach((r, i) => {
    images.set(d.images.subarray(r * 64, r * 64 + 64), i * 64)
    labels[i] = d.labels[r]
  })
  return { n: rows.length, images, labels }
}

/** The fixed split: rows with index i % 5 == 4 are the test split, the others (in file order) the training split. */
export function splitDigits(d: DigitsData): DigitsSplit {
  const test: number[] = []
  const train: number[] = []
  for (let i = 0; i < d.n; i++) (i % 5 === 4 ? test : train).push(i)
  const trainRows = Int32Array.from(train)
  const testRows = Int32Array.from(test)
  return { train: pick(d, trainRows), test: pick(d, testRows), trainRows, testRows }
}
