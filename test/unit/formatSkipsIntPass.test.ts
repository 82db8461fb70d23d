/**
 * Under an element format or MX, LabEngine.quantize skips the integer grid's pass over the tensor (applyFormatSteps
 * makes every figure from the format's round trip). These tests pin that no figure changes: the result equals
 * applyFormat over the integer grid's full result for the same calibration, as the engine computed it before.
 */
import { describe, expect, it } from 'vitest'
import { elementBits } from '../../src/registry/formats'
import { applyFormat } from '../../src/engine/formatQuant'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'

const CASES: [string, Partial<LabParams>][] = [
  ['E4M3 per tensor, TensorRT KL', { fmt: 'e4m3', calib: 'entropy' }],
  ['NF4 per tensor, MSE, the traitor', { fmt: 'nf4', calib: 'mse', outlier: 30 }],
  ['E2M1 per channel of a 2-D tensor', { fmt: 'e2m1', gran: 'channel', rows: 8, n: 8 * 4000 }],
  [
    'E5M2 per tensor of a 2-D tensor (the per-channel comparison asked later)',
    { fmt: 'e5m2', rows: 8, n: 8 * 4000 },
  ],
  ['MXFP4', { fmt: 'mxfp4', n: 32 * 700 }],
]

describe('the format path without the integer grid’s pass', () => {
  for (const [name, over] of CASES) {
    it(name, () => {
      const p: LabParams = { ...defaultLabParams(), dist: 'laplace', n: 30_000, ...over }
      const e = new LabEngine()
      const summary = e.generate(sourceSpecOf(p))
      const q = quantSettingsOf(p)
      const got = e.quantize(q)
      // the integer grid's whole result per tensor for the same calibration, which the engine made under a format
      // before (the notes' convention plans the same threshold; KL and MSE calibrate for the format's width)
      const full = e.quantize({ ...q, fmt: 'int', gran: 'tensor', bits: elementBits(q.fmt, q.bits) })
      expect(got.threshold).toBe(full.threshold)
      const d = summary.display
      const want = applyFormat(full, fullX(e, p), [p.rows, p.n / p.rows], q, {
        bins: d.counts.length,
        lo: d.edges[0],
        hi: d.edges[d.edges.length - 1],
      })
      expect(got.metrics).toEqual(want.metrics)
      expect(Array.from(got.dequantDisplay)).toEqual(Array.from(want.dequantDisplay))
      expect(got.errorHist).toEqual(want.errorHist)
      expect(got.format).toEqual(want.format)
      // (sample.q holds integer codes of the format's own plan, which the integer settings' result does not share)
      expect([got.sample.x, got.sample.xhat]).toEqual([want.sample.x, want.sample.xhat])
      expect(got.channelsLater).toEqual(want.channelsLater)
      expect([got.zeroRange, got.emptyClip, got.codesTotal]).toEqual([
        want.zeroRange,
        want.emptyClip,
        want.codesTotal,
      ])
      // the levels are counted per tensor: the same codes used; otherwise none is reported
      if (got.format!.levelCounts) expect(got.codesUsed).toBe(want.codesUsed)
      else expect(got.codesUsed).toBe(0)
    })
  }
})

function fullX(e: LabEngine, p: LabParams): Float64Array {
  return e.table(quantSettingsOf(p), p.n).x
}
