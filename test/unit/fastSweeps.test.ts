// The fast pytorch-quantization entropy and MSE sweeps against plain implementations of the same
// algorithms, on random histograms (fast-check): every value to 1e-12 (relative, or absolute near 0), the
// same chosen candidate and threshold.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { entropyCalibrate, entropySweepReference } from '../../src/core/entropy'
import { mseCalibrate, mseSweepReference } from '../../src/core/mse'
import type { Histogram } from '../../src/core/histogram'

function close(a: number, b: number): boolean {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return true
  const d = Math.abs(a - b)
  return d <= 1e-12 || d <= 1e-12 * Math.abs(b)
}

function expectSameCurve(
  fast: ReturnType<typeof entropyCalibrate>,
  plain: ReturnType<typeof entropyCalibrate>,
) {
  expect(fast.values.length).toBe(plain.values.length)
  for (let k = 0; k < fast.values.length; k++) {
    if (!close(fast.values[k], plain.values[k])) {
      throw new Error(`candidate ${k}: ${fast.values[k]} vs ${plain.values[k]}`)
    }
  }
  expect(fast.best).toBe(plain.best)
  expect(fast.threshold).toBe(plain.threshold)
}

/** Histograms of |x| from 0 with integer counts: smooth, sparse, with a far outlier, or with empty heads. */
const histogramArb = fc
  .record({
    bins: fc.integer({ min: 130, max: 2048 }),
    shape: fc.constantFrom('smooth', 'sparse', 'outlier', 'head-empty', 'flat'),
    decay: fc.double({ min: 5, max: 800, noNaN: true }),
    scale: fc.integer({ min: 1, max: 200000 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    width: fc.double({ min: 1e-6, max: 10, noNaN: true }),
  })
  .map(({ bins, shape, decay, scale, seed, width }): Histogram => {
    let s = seed
    const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296
    const counts = new Float64Array(bins)
    for (let k = 0; k < bins; k++) {
      const smooth = Math.round(scale * Math.exp(-k / decay) * (0.5 + rnd()))
      if (shape === 'smooth') counts[k] = smooth
      else if (shape === 'sparse') counts[k] = rnd() < 0.6 ? 0 : smooth
      else if (shape === 'outlier') counts[k] = k < bins / 3 ? smooth : 0
      else if (shape === 'head-empty') counts[k] = k < 150 ? 0 : smooth
      else counts[k] = 7
    }
    if (shape === 'outlier') counts[bins - 1] = 3
    const edges = Float64Array.from({ length: bins + 1 }, (_, k) => k * width)
    return { counts, edges }
  })

describe('pytorch-quantization entropy: fast sweep = plain sweep', () => {
  it('on random histograms', () => {
    fc.assert(
      fc.property(histogramArb, fc.constantFrom(6, 7, 8), (h, numBits) => {
        const o = { variant: 'pytorch-quantization' as const, numBits }
        expectSameCurve(entropyCalibrate(h, o), entropySweepReference(h, o))
      }),
      { numRuns: 40 },
    )
  }, 120_000)

  it('a histogram whose first bins are all empty gives NaN there, as scipy does', () => {
    const counts = new Float64Array(400)
    for (let k = 300; k < 400; k++) counts[k] = 5
    const h = { counts, edges: Float64Array.from({ length: 401 }, (_, k) => k) }
    const o = { variant: 'pytorch-quantization' as const }
    const fast = entropyCalibrate(h, o)
    expect(Number.isNaN(fast.values[0])).toBe(true)
    expectSameCurve(fast, entropySweepReference(h, o))
  })
})

describe('MSE: fast sweep = plain sweep', () => {
  it('on random histograms, signed and unsigned', () => {
    fc.assert(
      fc.property(histogramArb, fc.constantFrom(4, 8), fc.boolean(), (h, numBits, unsigned) => {
        const o = { numBits, unsigned }
        expectSameCurve(mseCalibrate(h, o), mseSweepReference(h, o))
      }),
      { numRuns: 40 },
    )
  }, 120_000)

  it('on a signed histogram with uneven edges and fractional counts', () => {
    const edges = Float64Array.from({ length: 601 }, (_, k) => -3 + k * 0.01 + (k % 7) * 1e-9)
    const counts = Float64Array.from({ length: 600 }, (_, k) => Math.exp(-((k - 300) ** 2) / 5000) * 1000.25)
    const h = { counts, edges }
    expectSameCurve(mseCalibrate(h), mseSweepReference(h))
  })
})
