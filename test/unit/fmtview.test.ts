/**
 * Parts of the Lab that followed the integer grid under a number format (FP8, FP4, NF4, MX, integer groups): each
 * checked against the format's own numbers, from the core's format quantizers.
 */
import { describe, expect, it } from 'vitest'
import { errorMetrics, quantizeToFormat } from '../../src/core'
import { LabEngine } from '../../src/engine/labEngine'
import { labPlan } from '../../src/engine/plan'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'

const params = (p: Partial<LabParams>): LabParams => ({ ...defaultLabParams(), ...p })

describe('a range past float32 under a float32 convention', () => {
  const data = Float64Array.from([-1e39, 0.5, 2e39, 3])

  it('a number format computes its own scale in float64: the result is the format’s, not a refusal', () => {
    const e = new LabEngine()
    e.setLoaded(data, [1, data.length])
    for (const conv of ['pytorch', 'onnxruntime'] as const) {
      const r = e.quantize(quantSettingsOf(params({ conv, fmt: 'e4m3' })))
      expect(r.threshold).toBe(2e39)
      expect(r.format!.scale).toBe(2e39 / 448)
      const xhat = quantizeToFormat(data, 'e4m3', 2e39 / 448)
      expect(r.metrics.mse).toBe(errorMetrics(data, xhat).mse)
      expect([...r.sample.xhat]).toEqual([...xhat])
    }
  })

  it('the integer grid under those conventions is still refused with its own code', () => {
    const e = new LabEngine()
    e.setLoaded(data, [1, data.length])
    expect(() => e.quantize(quantSettingsOf(params({ conv: 'pytorch' })))).toThrow(/^float32: \[/)
  })

  it('the live plan (a dragged threshold) makes the format’s range without throwing', () => {
    const q = quantSettingsOf(params({ conv: 'pytorch', fmt: 'nf4', scheme: 'asymmetric' }))
    const pl = labPlan(q, -1e39, 2e39)
    expect(Math.max(Math.abs(pl.lo), Math.abs(pl.hi))).toBe(2e39)
    expect(() => labPlan(quantSettingsOf(params({ conv: 'pytorch' })), -1e39, 2e39)).toThrow(/float32/)
  })
})
