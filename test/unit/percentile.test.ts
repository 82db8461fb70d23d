// Percentile calibration (pytorch-quantization `_compute_amax_percentile`) against the reference oracles.
import { describe, expect, it } from 'vitest'
import calib from '../fixtures/calibration.json'
import { type Histogram } from '../../src/core/histogram'
import { histogramCdf, percentileCalibrate } from '../../src/core/percentile'

const H1: Histogram = {
  counts: Float64Array.from(calib.H1.hist),
  edges: Float64Array.from({ length: 2049 }, (_, k) => k * calib.H1.edges_step),
}
const h16: Histogram = {
  counts: Float64Array.from(calib.h16.hist),
  edges: Float64Array.from({ length: 17 }, (_, k) => k * calib.h16.edges_step),
}

describe('percentileCalibrate', () => {
  it('H1: 99, 99.9 and 99.99', () => {
    const g = calib.H1.pytorch_quantization
    expect(percentileCalibrate(H1, 99)).toBe(g.percentile_99)
    expect(percentileCalibrate(H1, 99.9)).toBe(g['percentile_99.9'])
    expect(percentileCalibrate(H1, 99.99)).toBe(g['percentile_99.99'])
  })

  it('h16: the LEFT edge of the bin where the cdf reaches p', () => {
    expect(percentileCalibrate(h16, 90)).toBe(calib.h16.pytorch_quantization.percentile_90)
    expect(percentileCalibrate(h16, 99)).toBe(calib.h16.pytorch_quantization.percentile_99)
    expect(percentileCalibrate(h16, 0)).toBe(0)
    // the cdf reaches exactly 50/188 at bin 0, so p = 50/1.88 picks bin 0 itself
    expect(percentileCalibrate(h16, 5000 / 188)).toBe(0)
  })

  it('pytorch-quantization test: arange(100), 2048 bins, p = 90 gives about 89', () => {
    const x = Array.from({ length: 100 }, (_, k) => k)
    const counts = new Float64Array(2048)
    for (const v of x) counts[Math.min(2047, Math.floor((v / 99) * 2048))]++
    const edges = Float64Array.from({ length: 2049 }, (_, k) => (k * 99) / 2048)
    expect(Math.abs(percentileCalibrate({ counts, edges }, 90) - 89)).toBeLessThan(100 / 1024)
  })

  it('100 may run past the last bin to edges[n]', () => {
    // 1/3 + 1/3 + 1/3 sums to 1 exactly here, so idx = 2 and the result is the left edge of bin 2
    expect(percentileCalibrate({ counts: [1, 1, 1], edges: [0, 1, 2, 3] }, 100)).toBe(2)
    const c = Array.from({ length: 10 }, () => 1)
    const e = Array.from({ length: 11 }, (_, k) => k)
    // 0.1 added ten times is 0.9999999999999999 < 1: numpy's searchsorted returns n
    expect(percentileCalibrate({ counts: c, edges: e }, 100)).toBe(10)
  })

  it('an all-zero histogram gives 0; percentiles outside 0 … 100 are refused', () => {
    expect(percentileCalibrate({ counts: new Float64Array(8), edges: new Float64Array(9) }, 99)).toBe(0)
    expect(
      percentileCalibrate(
        { counts: new Float64Array(8), edges: Float64Array.from({ length: 9 }, (_, k) => k) },
        50,
      ),
    ).toBe(0)
    expect(() => percentileCalibrate(h16, 101)).toThrow(RangeError)
    expect(() => percentileCalibrate(h16, -1)).toThrow(RangeError)
    expect(() => percentileCalibrate(h16, NaN)).toThrow(TypeError)
    expect(() => percentileCalibrate({ counts: [1, NaN], edges: [0, 1, 2] }, 50)).toThrow(RangeError)
  })
})

describe('histogramCdf', () => {
  it('is cumsum(counts / total)', () => {
    const cdf = histogramCdf({ counts: [1, 3, 0, 4], edges: [0, 1, 2, 3, 4] })
    expect(Array.from(cdf)).toEqual([0.125, 0.5, 0.5, 1])
    expect(Array.from(histogramCdf({ counts: [0, 0], edges: [0, 1, 2] }))).toEqual([0, 0])
  })
})
