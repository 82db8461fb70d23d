// The digits network runner of `#/model/accuracy` (issue 16). Pure: no DOM; runs in the Web Worker.
export * from './types'
export { parseDigitsCsv, decodeDigitsGz, splitDigits } from './digits'
