// Entropy (KL) calibration: the three variants against the reference oracles (test/fixtures/calibration.json),
// the fast TensorRT sweep against a plain implementation written here, the KL microscope, and bad input.
import { describe, expect, it } from 'vitest'
import calib from '../fixtures/calibration.json'
import {
  entropyCalibrate,
  entropySweepReference,
  klDivergence,
  type EntropyOptions,
} from '../../src/core/entropy'
import { linspace, tvmHistogram, type Histogram } from '../../src/core/histogram'
import { klMicroscope } from '../../src/core/klMicroscope'

const H1: Histogram = {
  counts: Float64Array.from(calib.H1.hist),
  edges: Float64Array.from({ length: 2049 }, (_, k) => k * calib.H1.edges_step),
}
const h16: Histogram = {
  counts: Float64Array.from(calib.h16.hist),
  edges: Float64Array.from({ length: 17 }, (_, k) => k * calib.h16.edges_step),
}
const H2: Histogram = { counts: Float64Array.from(calib.H2.hist), edges: linspace(-2, 2, 2002) }
const h21: Histogram = { counts: Float64Array.from(calib.h21.hist), edges: linspace(-1, 1, 22) }

function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

function absHist(counts: ArrayLike<number>, width = 1): Histogram {
  return {
    counts: Float64Array.from(counts),
    edges: Float64Array.from({ length: counts.length + 1 }, (_, k) => k * width),
  }
}

/**
 * The slide-level algorithm written as plainly as possible (GTC 2017 backup slide): for i in startBin … n−1,
 * P = H[0..i−1] with the outliers added to P[i−1]; Q = H[0..i−1] merged into L levels (bin j → ⌊j·L/i⌋) and
 * expanded onto the non-empty bins; KL of the normalised pair.
 */
function plainTensorrt(counts: ArrayLike<number>, levels: number, startBin: number): number[] {
  const n = counts.length
  const out: number[] = []
  for (let i = startBin; i < n; i++) {
    const P = Array.from({ length: i }, (_, j) => counts[j])
    for (let k = i; k < n; k++) P[i - 1] += counts[k]
    const sums = new Array(levels).fill(0)
    const nonEmpty = new Array(levels).fill(0)
    for (let j = 0; j < i; j++) {
      const l = Math.floor((j * levels) / i)
      sums[l] += counts[j]
      if (counts[j] > 0) nonEmpty[l]++
    }
    const Q = Array.from({ length: i }, (_, j) => {
      const l = Math.floor((j * levels) / i)
      return counts[j] > 0 ? sums[l] / nonEmpty[l] : 0
    })
    const sp = P.reduce((a, b) => a + b, 0)
    const sq = Q.reduce((a, b) => a + b, 0)
    let kl = 0
    for (let j = 0; j < i; j++) {
      if (P[j] === 0) continue
      if (Q[j] === 0) {
        kl = Infinity
        break
      }
      kl += (P[j] / sp) * Math.log(P[j] / sp / (Q[j] / sq))
    }
    out.push(kl)
  }
  return out
}

/** |a − b| ≤ 1e-12 or |a − b| ≤ 1e-12·|b|, and equal infinities. */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>): void {
  expect(a.length).toBe(b.length)
  for (let k = 0; k < a.length; k++) {
    if (Object.is(a[k], b[k]) || (Number.isNaN(a[k]) && Number.isNaN(b[k]))) continue
    const d = Math.abs(a[k] - b[k])
    // a finite value against ±∞ or NaN is a mismatch (∞ ≤ 1e-12·∞ would let it through)
    if (!Number.isFinite(a[k]) || !Number.isFinite(b[k]) || !(d <= 1e-12 || d <= 1e-12 * Math.abs(b[k]))) {
      throw new Error(`entry ${k}: ${a[k]} vs ${b[k]} (difference ${d})`)
    }
  }
}

describe('klDivergence', () => {
  it("gives the slides' example value", () => {
    expect(klDivergence(calib.kl_definition.P, calib.kl_definition.Q)).toBe(
      calib.kl_definition.kl_natural_log,
    )
  })

  it('normalises, is 0 for equal shapes and +inf where q = 0 < p', () => {
    expect(klDivergence([1, 2, 3], [2, 4, 6])).toBeCloseTo(0, 15)
    expect(klDivergence([1, 1], [1, 0])).toBe(Infinity)
    expect(klDivergence([0, 1], [1, 1])).toBeCloseTo(Math.log(2), 15)
  })

  it('refuses bad vectors', () => {
    expect(() => klDivergence([1, 2], [1])).toThrow(RangeError)
    expect(() => klDivergence([], [])).toThrow(RangeError)
    expect(() => klDivergence([0, 0], [1, 1])).toThrow(/sums to 0/)
    expect(() => klDivergence([1, -1], [1, 1])).toThrow(RangeError)
    expect(() => klDivergence([1, NaN], [1, 1])).toThrow(RangeError)
  })
})

describe('tensorrt (slide level, default)', () => {
  it('H1: threshold 0.96826171875 at m = 991 with the oracle divergence', () => {
    const r = entropyCalibrate(H1)
    expect(r.threshold).toBe(calib.H1.tensorrt_slides.threshold)
    expect(r.candidates[r.best]).toBe(calib.H1.tensorrt_slides.m)
    expect(Math.abs(r.values[r.best] - calib.H1.tensorrt_slides.divergence_at_m)).toBeLessThan(1e-12)
    expect(r.values.length).toBe(1920)
    expect(r.candidates[0]).toBe(128)
    expect(r.thresholds[0]).toBe(128.5 / 1024)
    expect(r.note).toBeUndefined()
  })

  it('the fast sweep equals a plain implementation to 1e-12 on varied histograms', () => {
    const rnd = lcg(42)
    const cases: { counts: number[]; levels: number; startBin?: number }[] = []
    cases.push({ counts: Array.from(H1.counts), levels: 128 })
    // smooth random, sparse with zeros, heavy outliers, few levels (direct path), odd level counts
    cases.push({
      counts: Array.from({ length: 600 }, (_, k) => Math.round(5000 * Math.exp(-k / 80) * rnd())),
      levels: 128,
    })
    cases.push({
      counts: Array.from({ length: 700 }, () => (rnd() < 0.6 ? 0 : Math.floor(rnd() * 40))),
      levels: 128,
    })
    const outl = Array.from({ length: 500 }, (_, k) => (k < 200 ? Math.floor(1000 * rnd()) : 0))
    outl[499] = 5000
    outl[350] = 7
    cases.push({ counts: outl, levels: 128 })
    cases.push({ counts: Array.from({ length: 400 }, () => Math.floor(rnd() * 100)), levels: 16 })
    cases.push({
      counts: Array.from({ length: 400 }, () => Math.floor(rnd() * 100)),
      levels: 100,
      startBin: 37,
    })
    cases.push({ counts: Array.from({ length: 300 }, (_, k) => 1 + ((k * 31) % 17)), levels: 3, startBin: 1 })
    cases.push({ counts: Array.from({ length: 300 }, () => rnd() * 10), levels: 128 }) // non-integer counts
    // level sums beyond the small-integer logarithm table
    cases.push({ counts: Array.from({ length: 500 }, () => 40000 + Math.floor(rnd() * 30000)), levels: 128 })
    // odd level counts on the table path (the last level read on its own), candidates below `levels`
    cases.push({
      counts: Array.from({ length: 1000 }, (_, k) => Math.round(3000 * Math.exp(-k / 150) * rnd())),
      levels: 127,
    })
    cases.push({
      counts: Array.from({ length: 700 }, () => (rnd() < 0.3 ? 0 : Math.floor(rnd() * 60))),
      levels: 65,
      startBin: 10,
    })
    for (const c of cases) {
      const start = c.startBin ?? c.levels
      const opts: EntropyOptions = { levels: c.levels, startBin: start }
      const plain = plainTensorrt(c.counts, c.levels, start)
      const fast = entropyCalibrate(absHist(c.counts), opts)
      expectClose(fast.values, plain)
      expectClose(entropySweepReference(absHist(c.counts), opts).values, plain)
      // same choice as the plain first minimum
      const firstMin = plain.indexOf(Math.min(...plain))
      expect(fast.best).toBe(firstMin)
    }
  })

  it('gives exactly 0, never a rounding-negative value, where P equals Q', () => {
    // one bin per level and no outliers beyond the last candidates: P = Q, KL = 0 for those candidates
    const counts = [3, 1, 4, 1, 5, 9, 2, 6, 0, 0, 0, 0]
    const opts: EntropyOptions = { levels: 128, startBin: 1 }
    const fast = entropyCalibrate(absHist(counts), opts)
    const plain = plainTensorrt(counts, 128, 1)
    for (let k = 0; k < plain.length; k++) {
      expect(fast.values[k]).toBeGreaterThanOrEqual(0)
      if (plain[k] === 0) expect(fast.values[k]).toBe(0)
    }
    expect(fast.best).toBe(plain.indexOf(Math.min(...plain)))
  })

  it('puts +inf where the last kept bin is empty but outliers exist', () => {
    const counts = [5, 4, 0, 3, 0, 0, 2]
    const r = entropyCalibrate(absHist(counts), { levels: 2, startBin: 2 })
    expect(Array.from(r.candidates)).toEqual([2, 3, 4, 5, 6])
    expect(r.values[1]).toBe(Infinity) // i = 3: bin 2 empty, outliers 5
    expect(r.values[3]).toBe(Infinity) // i = 5
    expect(Number.isFinite(r.values[0])).toBe(true)
  })

  it('falls back to the full range when there are fewer bins than levels', () => {
    const r = entropyCalibrate(absHist(calib.kl_definition.P))
    expect(r.note).toBe('full-range-fallback')
    expect(r.threshold).toBe(8)
    expect(Array.from(r.candidates)).toEqual([8])
    expect(r.values[0]).toBe(0) // every bin is its own level
    // the slides' 8-bin example as the full-range candidate with 2 levels
    const s = entropyCalibrate(absHist(calib.kl_definition.P), { levels: 2, startBin: 8 })
    expect(s.values[0]).toBeCloseTo(calib.kl_definition.kl_natural_log, 15)
  })

  it('a constant tensor (all mass in the last bin) keeps the full range', () => {
    const counts = new Array(2048).fill(0)
    counts[2047] = 1000
    const r = entropyCalibrate({ counts: Float64Array.from(counts), edges: linspace(0, 3, 2049) })
    expect(r.note).toBe('all-infinite')
    expect(r.best).toBe(-1)
    expect(r.threshold).toBe(3)
    expect(r.values.every((v) => v === Infinity)).toBe(true)
  })

  it('a single non-empty bin inside the range is chosen just past it', () => {
    const counts = new Array(300).fill(0)
    counts[200] = 50
    const r = entropyCalibrate(absHist(counts, 0.5))
    expect(r.candidates[r.best]).toBe(201)
    expect(r.values[r.best]).toBe(0)
    expect(r.threshold).toBe(201.5 * 0.5)
  })
})

describe('pytorch-quantization variant', () => {
  const pq = (h: Histogram, o: EntropyOptions = {}) =>
    entropyCalibrate(h, { variant: 'pytorch-quantization', ...o })

  it('H1: 8-bit signed and unsigned', () => {
    expect(pq(H1).threshold).toBe(calib.H1.pytorch_quantization.entropy_8bit_signed)
    expect(pq(H1, { unsigned: true }).threshold).toBe(calib.H1.pytorch_quantization.entropy_8bit_unsigned)
    expect(pq(H1).values.length).toBe(1921) // i = 128 … 2048 inclusive
  })

  it('h16: thresholds and the whole divergence list (with inf)', () => {
    const r = pq(h16, { numBits: 3, startBin: 4 })
    expect(r.threshold).toBe(calib.h16.pytorch_quantization.entropy_3bit_signed_start4)
    const expected = calib.h16.pytorch_quantization.divergences_3bit_signed_i4_to_16
    expect(r.values.length).toBe(expected.length)
    expected.forEach((v, k) => {
      if (v === 'inf') expect(r.values[k]).toBe(Infinity)
      else expect(Math.abs(r.values[k] - Number(v))).toBeLessThan(5e-9)
    })
    expect(pq(h16, { numBits: 3, unsigned: true, startBin: 8 }).threshold).toBe(
      calib.h16.pytorch_quantization.entropy_3bit_unsigned_start8,
    )
    expect(pq(h16, { numBits: 4, startBin: 8 }).threshold).toBe(
      calib.h16.pytorch_quantization.entropy_4bit_signed_start8,
    )
  })

  it('does not mutate the caller’s histogram (the reference overwrites bins[0])', () => {
    const h = absHist(calib.h16.hist, 0.25)
    pq(h, { numBits: 3, startBin: 4 })
    expect(h.counts[0]).toBe(50)
  })

  it('edge cases: NaN-wins tie-break, all-zero tensor, all mass in bin 0', () => {
    const last = new Float64Array(2048)
    last[2047] = 1000
    const r = pq({ counts: last, edges: linspace(0, 3, 2049) })
    expect(r.threshold).toBe(calib.edge_cases['pq_entropy_all_mass_last_bin_edges_linspace_0_3_2049'])
    expect(Number.isNaN(r.values[0])).toBe(true)
    expect(r.values[r.values.length - 1]).toBe(0)
    expect(r.best).toBe(r.values.length - 2)
    // pytorch-quantization's all-zero tensor: torch.histc puts the zeros mid-range, edges are all 0
    const zero = new Float64Array(2048)
    zero[1024] = 1000
    expect(pq({ counts: zero, edges: new Float64Array(2049) }).threshold).toBe(
      calib.edge_cases.pq_entropy_all_zero,
    )
    const bin0 = new Float64Array(2048)
    bin0[0] = 1000
    expect(pq({ counts: bin0, edges: linspace(0, 1, 2049) }).threshold).toBe(
      calib.edge_cases['pq_entropy_all_mass_bin0_edges_linspace_0_1_2049'],
    )
  })
})

describe('tvm variant (float32 MinimizeKL)', () => {
  const tvm = (h: Histogram, levels: number) => entropyCalibrate(h, { variant: 'tvm', levels })

  it('H2 with 255, 127 and 15 levels', () => {
    for (const nq of [255, 127, 15] as const) {
      const got = tvm(H2, nq).threshold
      const want = calib.H2.tvm_mxnet_cpp[`nq${nq}`]
      expect(Math.abs(got - want) / want).toBeLessThan(1e-6)
      expect(got).toBe(Math.fround(want))
    }
  })

  it('h21 with 5 and 7 levels', () => {
    for (const nq of [5, 7] as const) {
      const got = tvm(h21, nq).threshold
      expect(got).toBe(Math.fround(calib.h21.tvm_mxnet_cpp[`nq${nq}`]))
    }
  })

  it('the MXNet adversarial case gives 2.0', () => {
    const counts = new Float64Array(999)
    counts[998] = 1000
    const edges = Float64Array.from({ length: 1000 }, (_, i) => (i < 999 ? -2 + (4 * i) / 999 : 2))
    expect(tvm({ counts, edges }, 5).threshold).toBe(calib.mxnet_adversarial.threshold)
  })

  it('edge cases from raw data: constant 3.0 and all zeros (8001 bins, 255 levels)', () => {
    const c = entropyCalibrate(tvmHistogram(new Float64Array(1000).fill(3)), { variant: 'tvm' })
    expect(c.threshold).toBe(calib.edge_cases['tvm_8001_255_constant_3.0_x1000'])
    expect(c.values.length).toBe(3874)
    const z = entropyCalibrate(tvmHistogram(new Float64Array(1000)), { variant: 'tvm' })
    expect(Math.abs(z.threshold - calib.edge_cases.tvm_8001_255_all_zeros) / 0.0159355085).toBeLessThan(1e-6)
    expect(z.threshold).toBe(Math.fround(calib.edge_cases.tvm_8001_255_all_zeros))
  })

  it('defaults to 255 levels (511 unsigned) and refuses even bin counts and fractional counts', () => {
    const r = entropyCalibrate(H2, { variant: 'tvm' })
    expect(r.candidates[0]).toBe(127)
    expect(entropyCalibrate(H2, { variant: 'tvm', unsigned: true }).candidates[0]).toBe(255)
    expect(() => entropyCalibrate(H1, { variant: 'tvm' })).toThrow(/odd number of bins/)
    expect(() => entropyCalibrate(absHist([1, 2.5, 3]), { variant: 'tvm', levels: 3 })).toThrow(/int32/)
  })
})

describe('degenerate and bad input', () => {
  it('an all-zero histogram gives threshold 0 and an empty curve for every variant', () => {
    for (const variant of ['tensorrt', 'pytorch-quantization', 'tvm'] as const) {
      const r = entropyCalibrate(absHist(new Array(301).fill(0)), { variant })
      expect(r.threshold).toBe(0)
      expect(r.note).toBe('empty-histogram')
      expect(r.best).toBe(-1)
      expect(r.values.length).toBe(0)
    }
  })

  it('throws at entry for malformed histograms and options', () => {
    const bad = (counts: number[], edges?: number[]) => ({
      counts: Float64Array.from(counts),
      edges: Float64Array.from(edges ?? counts.map((_, k) => k).concat(counts.length)),
    })
    expect(() => entropyCalibrate(bad([1, NaN, 3]))).toThrow(/NaN/)
    expect(() => entropyCalibrate(bad([1, -2, 3]))).toThrow(/negative/)
    expect(() => entropyCalibrate(bad([1, 2, 3], [0, 1, 2]))).toThrow(/entries/)
    expect(() => entropyCalibrate(bad([]))).toThrow(/no bins/)
    expect(() => entropyCalibrate(H1, { variant: 'kl' as 'tvm' })).toThrow(TypeError)
    expect(() => entropyCalibrate(H1, { levels: 0 })).toThrow(RangeError)
    expect(() => entropyCalibrate(H1, { startBin: 1.5 })).toThrow(TypeError)
    expect(() => entropyCalibrate(H1, { numBits: 40 })).toThrow(RangeError)
    expect(() => entropyCalibrate(bad([4]), { variant: 'pytorch-quantization' })).toThrow(/at least 2 bins/)
  })

  it('never returns a NaN threshold', () => {
    const rnd = lcg(9)
    for (let t = 0; t < 30; t++) {
      const n = 2 * Math.floor(rnd() * 60) + 3
      const counts = Array.from({ length: n }, () => (rnd() < 0.7 ? 0 : Math.floor(rnd() * 10)))
      for (const variant of ['tensorrt', 'pytorch-quantization', 'tvm'] as const) {
        const r = entropyCalibrate(absHist(counts), {
          variant,
          levels: 1 + Math.floor(rnd() * 9),
          startBin: 1,
        })
        expect(Number.isNaN(r.threshold)).toBe(false)
      }
    }
  })
})

describe('KL microscope', () => {
  it('tensorrt: its total is the sweep value, P holds the outliers, Q only non-empty bins', () => {
    const ref = entropySweepReference(H1)
    const fast = entropyCalibrate(H1)
    for (const k of [0, 100, 863, 1000, 1919]) {
      const m = klMicroscope(H1, k)
      expect(m.total).toBe(ref.values[k])
      expectClose([m.total], [fast.values[k]])
      expect(m.candidate).toBe(128 + k)
      expect(m.threshold).toBe(fast.thresholds[k])
      const total = Array.from(H1.counts).reduce((a, b) => a + b, 0)
      expect(m.p.reduce((a, b) => a + b, 0)).toBe(total)
      expect(m.outliers).toBe(
        total - Array.from(H1.counts.subarray(0, m.candidate)).reduce((a, b) => a + b, 0),
      )
      m.q.forEach((v, j) => expect(v === 0).toBe(H1.counts[j] === 0))
      expect(m.levelSums.reduce((a, b) => a + b, 0)).toBe(total - m.outliers)
      expect(m.terms.reduce((a, b) => a + b, 0)).toBe(m.total)
    }
    const inf = klMicroscope(H1, 2000 - 128)
    expect(inf.total).toBe(Infinity)
    expect(inf.terms[inf.size - 1]).toBe(Infinity)
  })

  it("reproduces the slides' 8-bin example", () => {
    const m = klMicroscope(absHist(calib.kl_definition.P), 0, { levels: 2, startBin: 8 })
    expect(Array.from(m.levelSums)).toEqual(calib.kl_definition.merged_levels)
    expect(Array.from(m.q)).toEqual(calib.kl_definition.Q)
    expect(Array.from(m.levelOf)).toEqual([0, 0, 0, 0, 1, 1, 1, 1])
    expect(m.total).toBeCloseTo(calib.kl_definition.kl_natural_log, 15)
  })

  it('pytorch-quantization: the sweep value (closed form, 1e-12), exactly at the chosen candidate; tvm exactly', () => {
    const pq = entropyCalibrate(h16, { variant: 'pytorch-quantization', numBits: 3, startBin: 4 })
    const totals = Array.from(
      pq.values,
      (_, k) => klMicroscope(h16, k, { variant: 'pytorch-quantization', numBits: 3, startBin: 4 }).total,
    )
    expectClose(pq.values, totals)
    expect(Object.is(totals[pq.best], pq.values[pq.best])).toBe(true)
    // tvm: the microscope equals the plain float32 sweep exactly; the fast sweep (float64 away from the
    // minimum, tvmFast.ts) equals it exactly at the chosen candidate and to 5e-5 + 1e-4·|value| elsewhere
    const t = entropyCalibrate(H2, { variant: 'tvm', levels: 15 })
    const tPlain = entropySweepReference(H2, { variant: 'tvm', levels: 15 })
    expect(t.best).toBe(tPlain.best)
    expect(Object.is(t.values[t.best], tPlain.values[t.best])).toBe(true)
    for (const k of [0, 50, t.best, t.values.length - 1]) {
      const m = klMicroscope(H2, k, { variant: 'tvm', levels: 15 })
      expect(m.total).toBe(tPlain.values[k])
      expect(Math.abs(t.values[k] - m.total)).toBeLessThanOrEqual(5e-5 + 1e-4 * Math.abs(m.total))
      expect(m.size).toBe(2 * m.candidate + 1)
      expect(m.windowStart).toBe(1000 - m.candidate)
      expect(m.pSmoothed?.every((v) => v > 0)).toBe(true)
      expect(m.sliced?.[0]).toBe(0)
      expect(m.terms.reduce((a, b) => Math.fround(a + b), 0)).toBe(m.total)
    }
  })

  it('refuses indices outside the curve and empty histograms', () => {
    expect(() => klMicroscope(H1, 1920)).toThrow(RangeError)
    expect(() => klMicroscope(H1, -1)).toThrow(RangeError)
    expect(() => klMicroscope(absHist([0, 0, 0]), 0)).toThrow(/empty/)
  })
})
