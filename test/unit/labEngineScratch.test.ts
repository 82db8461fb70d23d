// The engine keeps quantize's per-value scratch between calls (and writes the errors over the dequantized
// values): a result must not depend on what an earlier call left in it, nor change when a later call reuses it.
import { describe, expect, it } from 'vitest'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'

const params = (p: Partial<LabParams>): LabParams => ({ ...defaultLabParams(), ...p })

describe('LabEngine quantize scratch', () => {
  it('gives every settings change the result a fresh engine gives, and keeps earlier results intact', () => {
    const base = params({ dist: 'laplace', n: 5000, rows: 1, seed: 7 })
    const settings = [
      params({ ...base, calib: 'minmax' }),
      params({ ...base, calib: 'manual', t: 0.5 }),
      params({ ...base, calib: 'entropy', bits: 4 }),
      params({ ...base, calib: 'mse', scheme: 'asymmetric', form: 'zp' }),
    ]
    const shared = new LabEngine()
    shared.generate(sourceSpecOf(base))
    const kept = settings.map((p) => shared.quantize(quantSettingsOf(p)))
    const snapshot = JSON.stringify(kept, (_k, v: unknown) =>
      ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v,
    )
    settings.forEach((p, k) => {
      const fresh = new LabEngine()
      fresh.generate(sourceSpecOf(base))
      const r = fresh.quantize(quantSettingsOf(p))
      expect(kept[k].metrics).toEqual(r.metrics)
      expect(Array.from(kept[k].errorHist.counts)).toEqual(Array.from(r.errorHist.counts))
      expect(Array.from(kept[k].dequantDisplay)).toEqual(Array.from(r.dequantDisplay))
      expect(Array.from(kept[k].sample.xhat)).toEqual(Array.from(r.sample.xhat))
    })
    // a later call on the same engine leaves the returned results as they were
    shared.quantize(quantSettingsOf(params({ ...base, calib: 'manual', t: 0.01 })))
    expect(
      JSON.stringify(kept, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)),
    ).toBe(snapshot)
  })

  it('drops the scratch with a tensor of another length', () => {
    const e = new LabEngine()
    e.generate(sourceSpecOf(params({ n: 3000, rows: 1 })))
    e.quantize(quantSettingsOf(params({ n: 3000, rows: 1 })))
    e.generate(sourceSpecOf(params({ n: 1000, rows: 1 })))
    const r = e.quantize(quantSettingsOf(params({ n: 1000, rows: 1 })))
    expect(r.metrics.n).toBe(1000)
  })
})
