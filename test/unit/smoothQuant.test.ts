import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OpsEngine } from '../../src/engine/ops'
import {
  fakeInt8,
  injectOutlierChannels,
  matmulT,
  migrate,
  smoothQuant,
  smoothScales,
} from '../../src/engine/smoothQuant'
import { decodeDenseParams, defaultDenseParams } from '../../src/state/opsParams'

describe('SmoothQuant (Xiao et al. 2023 eq. 4)', () => {
  it('s_j = max|X_j|^α / max|W_j|^(1−α), by hand', () => {
    // X 2×2, W 1×2 (out × in): max|X_0| = 4, max|X_1| = 1; max|W_0| = 1, max|W_1| = 4
    const inp = {
      x: Float64Array.from([4, -1, -2, 0.5]),
      w: Float64Array.from([1, -4]),
      batch: 2,
      k: 2,
      nout: 1,
    }
    expect(Array.from(smoothScales(inp, 0.5))).toEqual([2, 0.5])
    expect(Array.from(smoothScales(inp, 1))).toEqual([4, 1])
    expect(Array.from(smoothScales(inp, 0))).toEqual([1, 0.25])
    const { xs, ws } = migrate(inp, smoothScales(inp, 0.5))
    expect(Array.from(xs)).toEqual([2, -2, -1, 1])
    expect(Array.from(ws)).toEqual([2, -2])
  })

  it('the product is unchanged: X′·W′ᵀ = X·Wᵀ for any α (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xa, wa, alpha) => {
          const inp = { x: Float64Array.from(xa), w: Float64Array.from(wa), batch: 3, k: 4, nout: 2 }
          const s = smoothScales(inp, alpha)
          const { xs, ws } = migrate(inp, s)
          const y = matmulT(inp.x, inp.w, 3, 4, 2)
          const y2 = matmulT(xs, ws, 3, 4, 2)
          let scale = 1
          for (const v of xa) for (const u of wa) scale = Math.max(scale, Math.abs(v * u))
          return y.every((v, i) => Math.abs(v - y2[i]) <= 1e-12 * scale * 4)
        },
      ),
    )
  })

  it('with outlier channels smoothing beats per-tensor int8, and the sweep finds a best α inside (0, 1)', () => {
    let seed = 1
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1
    const batch = 32
    const k = 64
    const nout = 16
    const x = Float64Array.from({ length: batch * k }, rnd)
    const w = Float64Array.from({ length: nout * k }, () => rnd() * 0.1)
    const cols = injectOutlierChannels(x, batch, k, 50, 3)
    expect(cols).toEqual([10, 32, 53])
    const r = smoothQuant({ x, w, batch, k, nout }, 0.5)
    expect(r.after.sqnrDb).toBeGreaterThan(r.before.sqnrDb + 3)
    expect(r.best.alpha).toBeGreaterThan(0)
    expect(r.best.alpha).toBeLessThan(1)
    expect(r.xMax[1]).toBeLessThan(r.xMax[0])
    expect(r.wMax[1]).toBeGreaterThan(r.wMax[0])
    expect(r.sweep.length).toBe(21)
  })

  it('fakeInt8 per row gives each row its own absmax/127', () => {
    const a = Float64Array.from([127, 63.5, 1.27, 0.635])
    expect(Array.from(fakeInt8(a, 2, 2, true))).toEqual([127, 64, 1.27, 0.64])
  })
})

describe('the dense view with outlier channels', () => {
  it('xout/xoutk scale columns of X and the engine reports SmoothQuant', () => {
    const { params } = decodeDenseParams(new URLSearchParams('batch=8&k=32&nout=4&xout=40&xoutk=2&alpha=0.6'))
    expect([params.xout, params.xoutk, params.alpha]).toEqual([40, 2, 0.6])
    const e = new OpsEngine()
    const plain = e.dense({ ...defaultDenseParams(), batch: 8, k: 32, nout: 4 })
    const out = e.dense(params)
    expect(out.metrics.sqnrDb).toBeLessThan(plain.metrics.sqnrDb)
    const s = e.smooth(params)
    expect(s.alpha).toBe(0.6)
    expect(s.xColMax / s.xColMedian).toBeGreaterThan(10)
    expect(s.after.sqnrDb).toBeGreaterThan(s.before.sqnrDb)
  })
})
