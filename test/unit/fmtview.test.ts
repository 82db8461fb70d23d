/**
 * Parts of the Lab that followed the integer grid under a number format (FP8, FP4, NF4, MX, integer groups): each
 * checked against the format's own numbers, from the core's format quantizers.
 */
import { describe, expect, it } from 'vitest'
import { errorMetrics, quantizeToFormat } from '../../src/core'
import { LabEngine } from '../../src/engine/labEngine'
import { labPlan } from '../../src/engine/plan'
import { sourceSpecOf } from '../../src/engine/sources'
import { numpySnippet } from '../../src/lab/numpySnippet'
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

describe('the numpy script under a number format', () => {
  const run = (p: LabParams) => {
    const e = new LabEngine()
    e.generate(sourceSpecOf(p))
    return e.quantize(quantSettingsOf(p))
  }

  it('makes the same tensor and stops, naming the format and its scale: no integer grid posing as the format', () => {
    const p = params({ dist: 'normal', n: 1000, fmt: 'e4m3', scheme: 'asymmetric' })
    const r = run(p)
    const code = numpySnippet(p, r, 'FP8 E4M3')
    expect(code).toContain('x = np.random.normal(0, 1, 1000)')
    expect(code).toContain(`s = T / 448 = ${r.format!.scale}, T = ${r.threshold}`)
    expect(code).toContain("FP8 E4M3's rounding is not written in numpy")
    // the integer grid the old script wrote: int8 codes and their scale
    expect(code).not.toMatch(/quant_tensor|x_hat =|w = |alpha/)
  })

  it('per group and per MX block it names their scales', () => {
    const g = params({ dist: 'normal', n: 4096, rows: 16, fmt: 'nf4', gran: 'group', group: 64 })
    expect(numpySnippet(g, run(g), 'NF4')).toContain(
      "one scale per group of 64 values: s = (the group's largest |x|) / 1, 64 scales",
    )
    const m = params({ n: 1024, fmt: 'mxfp4' })
    expect(numpySnippet(m, run(m), 'MXFP4')).toContain(
      'one power-of-two scale per block of 32 values, 32 scales',
    )
  })

  it('the integer grid’s script is unchanged', () => {
    const p = params({ n: 1000 })
    const code = numpySnippet(p, run(p))
    expect(code).toContain('q = quant_tensor(x, w, b, -127, 127)')
    expect(code).toContain('w = alpha / 127')
  })
})
