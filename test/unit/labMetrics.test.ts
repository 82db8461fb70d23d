import { describe, expect, it } from 'vitest'
import { CONVENTIONS, errorMetrics, gridCoder } from '../../src/core'
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
    }
  })
})
