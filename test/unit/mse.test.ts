// MSE calibration (pytorch-quantization `_compute_amax_mse`) against the reference oracle and a plain
// implementation written here.
import { describe, expect, it } from 'vitest'
import calib from '../fixtures/calibration.json'
import { type Histogram } from '../../src/core/histogram'
import { mseCalibrate } from '../../src/core/mse'
import { roundHalfEven } from '../../src/core/rounding'

const H1: Histogram = {
  counts: Float64Array.from(calib.H1.hist),
  edges: Float64Array.from({ length: 2049 }, (_, k) => k * calib.H1.edges_step),
}

/** _compute_amax_mse written out directly: fake-quantize every centre for every candidate. */
function plainMse(
  counts: number[],
  edges: number[],
  startBin: number,
  maxBound: number,
  minBound: number,
): number[] {
  const centres = counts.map((_, k) => (edges[k] + edges[k + 1]) / 2)
  const out: number[] = []
  for (let i = startBin; i < centres.length; i++) {
    const scale = maxBound / centres[i]
    let s = 0
    centres.forEach((x, k) => {
      const q = Math.min(maxBound, Math.max(minBound, roundHalfEven(x * scale))) / scale
      s += (q - x) ** 2 * counts[k]
    })
    out.push(s / centres.length)
  }
  return out
}

describe('mseCalibrate', () => {
  it('H1 8-bit signed: the centre of bin 931', () => {
    const r = mseCalibrate(H1)
    expect(r.threshold).toBe(calib.H1.pytorch_quantization.mse_8bit_signed)
    expect(r.candidates[r.best]).toBe(931)
    expect(r.values.length).toBe(1920)
    expect(r.thresholds[0]).toBe(128.5 / 1024)
  })

  it('matches a plain implementation (signed and unsigned)', () => {
    let s = 5
    const counts = Array.from({ length: 300 }, (_, k) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0
      return k > 250 && s % 3 ? 0 : Math.floor((s / 4294967296) * 200 * Math.exp(-k / 60))
    })
    const edges = Array.from({ length: 301 }, (_, k) => k * 0.01)
    const signed = mseCalibrate({ counts, edges }, { startBin: 20 })
    const plainS = plainMse(counts, edges, 20, 127, -127)
    signed.values.forEach((v, k) => expect(Math.abs(v - plainS[k])).toBeLessThanOrEqual(1e-12 * plainS[k]))
    expect(signed.best).toBe(plainS.indexOf(Math.min(...plainS)))
    const uns = mseCalibrate({ counts, edges }, { startBin: 20, unsigned: true, numBits: 4 })
    const plainU = plainMse(counts, edges, 20, 15, 0)
    uns.values.forEach((v, k) => expect(Math.abs(v - plainU[k])).toBeLessThanOrEqual(1e-12 * plainU[k]))
  })

  it('pytorch-quantization test: 255-constant plus one 256 prefers an amax closer to 255', () => {
    const counts = new Float64Array(2048)
    counts[Math.floor((255 / 256) * 2048)] = 1000
    counts[2047] = 1
    const edges = Float64Array.from({ length: 2049 }, (_, k) => (k * 256) / 2048)
    const r = mseCalibrate({ counts, edges })
    expect(Math.abs(r.threshold - 255)).toBeLessThan(Math.abs(r.threshold - 256))
  })

  it('degenerate input: empty histogram, no candidate, bad options', () => {
    const z = mseCalibrate({
      counts: new Float64Array(300),
      edges: Float64Array.from({ length: 301 }, (_, k) => k),
    })
    expect(z.threshold).toBe(0)
    expect(z.note).toBe('empty-histogram')
    const few = mseCalibrate({ counts: [1, 2, 3], edges: [0, 1, 2, 3] })
    expect(few.note).toBe('full-range-fallback')
    expect(few.threshold).toBe(2.5)
    expect(() => mseCalibrate(H1, { numBits: 0 })).toThrow(RangeError)
    expect(() => mseCalibrate({ counts: [1, -1], edges: [0, 1, 2] })).toThrow(RangeError)
    expect(() => mseCalibrate(H1, { unsigned: 'yes' as unknown as boolean })).toThrow(TypeError)
  })

  it('a candidate at or below 2^-24 quantizes everything to 0', () => {
    const r = mseCalibrate({ counts: [1, 1, 1], edges: [-1e-9, 0, 1e-9, 2e-9] }, { startBin: 0 })
    // centres −5e-10, 5e-10, 1.5e-9: every candidate ≤ 2^-24, so x̂ = 0 and the error is Σ x² / 3
    const e = (5e-10 ** 2 * 2 + 1.5e-9 ** 2) / 3
    expect(r.values[0]).toBeCloseTo(e, 30)
    expect(r.best).toBe(0)
  })
})
