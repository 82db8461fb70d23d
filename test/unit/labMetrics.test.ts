import { describe, expect, it } from 'vitest'
import { CONVENTIONS, errorMetrics, gridCoder, histogram } from '../../src/core'
import { LabEngine } from '../../src/engine/labEngine'
import { generateTensor, sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { decodeLabParams } from '../../src/state/labParams'

// The Lab's shown metrics are the core's: quantize and dequantize every value with the plan's coder (the
// reference conventions' grid), then errorMetrics against the plan's clipping range.
describe('the Lab’s metrics = quantize, dequantize, then the core’s errorMetrics', () => {
  const cases = CONVENTIONS.flatMap((conv) =>
    (['symmetric', 'asymmetric'] as const).flatMap((scheme) =>
      [4, 8, 11].flatMap((bits) =>
        ['minmax', 'percentile', 'manual'].map((calib) => ({ conv, scheme, bits, calib })),
      ),
    ),
  )
  it.each(cases)('$conv $scheme $bits bits $calib', ({ conv, scheme, bits, calib }) => {
    for (const [i, source] of [
      'dist=uniform&lo=-1&hi=1&seed=42&outlier=10',
      'dist=normal&seed=7',
      'dist=lognormal&seed=1&outlier=-40',
    ].entries()) {
      const query = `${source}&n=3000&conv=${conv}&scheme=${scheme}&form=zp&bits=${bits}&calib=${calib}&t=0.9&round=${i === 1 ? 'half-away' : 'half-even'}`
      const { params } = decodeLabParams(new URLSearchParams(query))
      const engine = new LabEngine()
      engine.generate(sourceSpecOf(params))
      const r = engine.quantize(quantSettingsOf(params))
      const x = generateTensor(sourceSpecOf(params)).data
      const { code, value } = gridCoder(r.plan)
      const xhat = Float64Array.from(x, (v) => value(code(v)))
      const m = errorMetrics(x, xhat, { clipLow: r.plan.lo, clipHigh: r.plan.hi })
      expect(r.metrics).toEqual({
        n: m.n,
        mse: m.mse,
        sqnrDb: m.sqnrDb,
        maxAbsError: m.maxAbsError,
        meanAbsError: m.meanAbsError,
        clipped: m.clippedCount,
        clipSse: m.clipErrorMse * m.n,
        roundSse: m.roundErrorMse * m.n,
      })
      // the dequantized histogram (made from the code counts) is numpy.histogram of x̂ over the display bins
      const d = engine.generate(sourceSpecOf(params)).display
      expect(Array.from(r.dequantDisplay)).toEqual(
        Array.from(histogram(xhat, d.counts.length, [d.edges[0], d.edges[d.edges.length - 1]]).counts),
      )
    }
  })
})

describe('the dequantized histogram from the code counts = numpy.histogram of x̂', () => {
  // x̂ values sit exactly on bin edges when the grid and the display bins line up (uniform data on [−1, 1],
  // 160 bins, 8-bit codes): the edge rule decides those, and must be the core histogram's
  it.each(['notes', 'zp'] as const)(
    'form %s, values on the bin edges and outside the display range',
    (form) => {
      for (const query of [
        `dist=uniform&lo=-1&hi=1&seed=3&n=5000&form=${form}&bits=8&calib=minmax`,
        `dist=uniform&lo=-1&hi=1&seed=3&n=5000&form=${form}&bits=3&calib=manual&t=2`,
        `dist=normal&seed=5&n=5000&form=${form}&scheme=asymmetric&bits=5&calib=manual&t=0.5`,
      ]) {
        const { params } = decodeLabParams(new URLSearchParams(query))
        const engine = new LabEngine()
        const s = engine.generate(sourceSpecOf(params))
        const r = engine.quantize(quantSettingsOf(params))
        const x = generateTensor(sourceSpecOf(params)).data
        const { code, value } = gridCoder(r.plan)
        const xhat = Float64Array.from(x, (v) => value(code(v)))
        const d = s.display
        const want = histogram(xhat, d.counts.length, [d.edges[0], d.edges[d.edges.length - 1]]).counts
        expect(Array.from(r.dequantDisplay)).toEqual(Array.from(want))
      }
    },
  )
})
