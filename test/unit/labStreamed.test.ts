// For a tensor of one channel the Lab quantizes without a whole x̂ (labEngine.ts streamedPass): slice by slice,
// the metrics through the core's ErrorMetricsSums and the histograms per slice over a known range. Every figure
// must equal the core's functions over whole arrays, across slice boundaries (N larger than a slice) and on
// each path: display histogram from the code counts or from the values, and the whole-array path of 2-D tensors.
import { describe, expect, it } from 'vitest'
import { errorMetrics, gridCoder, histogram, histogramUpTo, STEP } from '../../src/core'
import { LabEngine } from '../../src/engine/labEngine'
import { generateTensor, sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { decodeLabParams } from '../../src/state/labParams'

function check(query: string) {
  const { params } = decodeLabParams(new URLSearchParams(query))
  const engine = new LabEngine()
  const d = engine.generate(sourceSpecOf(params)).display
  const r = engine.quantize(quantSettingsOf(params))
  const x = generateTensor(sourceSpecOf(params)).data
  const { code, value } = gridCoder(r.plan)
  const xhat = Float64Array.from(x, (v) => value(code(v)))
  const m = errorMetrics(x, xhat, { clipLow: r.plan.lo, clipHigh: r.plan.hi })
  expect(r.metrics.n).toBe(x.length)
  expect(r.metrics.mse).toBe(m.mse)
  expect(r.metrics.sqnrDb).toBe(m.sqnrDb)
  expect(r.metrics.maxAbsError).toBe(m.maxAbsError)
  expect(r.metrics.meanAbsError).toBe(m.meanAbsError)
  expect(r.metrics.clipped).toBe(m.clippedCount)
  const err = Float64Array.from(xhat, (v, i) => v - x[i])
  const eh = histogramUpTo(err, 60)
  expect(Array.from(r.errorHist.edges)).toEqual(Array.from(eh.edges))
  expect(Array.from(r.errorHist.counts)).toEqual(Array.from(eh.counts))
  const range: [number, number] = [d.edges[0], d.edges[d.edges.length - 1]]
  expect(Array.from(r.dequantDisplay)).toEqual(Array.from(histogram(xhat, d.counts.length, range).counts))
  expect(Array.from(r.sample.xhat)).toEqual(Array.from(xhat.slice(0, r.sample.xhat.length)))
  expect(Array.from(r.sample.q)).toEqual(Array.from(x.slice(0, r.sample.q.length), code))
  expect(r.codesUsed).toBe(new Set(Array.from(x, code)).size)
  return r
}

describe('the Lab’s streamed quantize = the core over whole arrays', () => {
  const n = 2 * STEP + 1234
  it.each([
    ['8 bits, clipped (display from the code counts)', `dist=normal&seed=3&n=${n}&calib=manual&t=1.5`],
    [
      '4 bits asymmetric, outliers',
      `dist=uniform&lo=-1&hi=1&seed=42&outlier=10&n=${n}&scheme=asymmetric&form=zp&bits=4&calib=percentile`,
    ],
    [
      '16 bits (display from the values: more codes in use than the counts path takes)',
      `dist=normal&seed=5&n=${n}&bits=16&calib=minmax`,
    ],
    ['lognormal, half away from zero, KL', `dist=lognormal&seed=1&n=${n}&round=half-away&calib=entropy`],
  ])('%s', (_name, query) => {
    const r = check(query)
    expect(r.metrics.n).toBe(n)
  })

  it('16 bits really takes the values path (more than 4096 codes in use)', () => {
    expect(check(`dist=normal&seed=5&n=${n}&bits=16&calib=minmax`).codesUsed).toBeGreaterThan(4096)
  })

  it('a 2-D tensor (the whole-array path) gives the same figures', () => {
    check(`dist=normal&seed=9&n=${n + 2}&rows=2&calib=mse`)
  })

  it('falls back to whole arrays where the sums lose the answer (squares beyond float64), with the core’s figures', () => {
    const n = STEP + 7
    const x = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1) * (1 + (i % 97)) * 1e200)
    const engine = new LabEngine()
    engine.setLoaded(x.slice(), [1, n])
    const { params } = decodeLabParams(new URLSearchParams('dist=loaded&calib=minmax'))
    const r = engine.quantize(quantSettingsOf(params))
    const { code, value } = gridCoder(r.plan)
    const xhat = Float64Array.from(x, (v) => value(code(v)))
    const m = errorMetrics(x, xhat, { clipLow: r.plan.lo, clipHigh: r.plan.hi })
    expect(Number.isFinite(r.metrics.sqnrDb)).toBe(true)
    expect(r.metrics.sqnrDb).toBe(m.sqnrDb)
    expect(r.metrics.maxAbsError).toBe(m.maxAbsError)
    expect(Array.from(r.errorHist.counts)).toEqual(
      Array.from(
        histogramUpTo(
          Float64Array.from(xhat, (v, i) => v - x[i]),
          60,
        ).counts,
      ),
    )
  })
})
