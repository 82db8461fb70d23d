import { describe, expect, it } from 'vitest'
import {
  allclose,
  calculateQuantParam,
  dequantTensor,
  formatAllcloseFailure,
  notesAddExperiment,
  notesAsymmetricExample,
  notesInputs,
  notesSymmetricExample,
  percentileKeep,
  quantTensor,
} from '../../src/core/notes'
import golden from '../fixtures/seed-notes.json'

type AddKey = keyof typeof golden.add

describe('the notes add experiment reproduces all four goldens bit for bit', () => {
  const clean = notesInputs()
  const traitor = notesInputs({ traitor: 10 })
  const runs: Record<AddKey, Parameters<typeof notesAddExperiment>[0]> = {
    clean_asymmetric: { ...clean, withBias: true },
    traitor_asymmetric: { ...traitor, withBias: true },
    traitor_symmetric_minmax: { ...traitor, withBias: false },
    traitor_symmetric_percentile: { ...traitor, withBias: false, percentile: 0.99999 },
  }

  for (const key of Object.keys(runs) as AddKey[]) {
    it(key, () => {
      const g = golden.add[key]
      const a = g['allclose_atol0.01_rtol0.01']
      const r = notesAddExperiment(runs[key])
      expect([r.w1, r.b1, r.w2, r.b2]).toEqual([g.w1, g.b1, g.w2, g.b2])
      expect(Array.from(r.q1.slice(0, 5))).toEqual(g.q1_first5)
      expect(Array.from(r.q2.slice(0, 5))).toEqual(g.q2_first5)
      expect(r.report.mismatched).toBe(a.mismatched)
      expect(r.report.total).toBe(10000)
      expect(r.report.maxAbsDiff).toBe(a.max_abs)
      expect(r.report.maxRelDiff).toBe(a.max_rel)
      expect(Array.from(r.c.slice(0, 3))).toEqual(a.actual_head)
      expect(Array.from(r.c.slice(-3))).toEqual(a.actual_tail)
      expect(Array.from(r.exp.slice(0, 3))).toEqual(a.desired_head)
      expect(Array.from(r.exp.slice(-3))).toEqual(a.desired_tail)
      // q1 and q2 are int8 codes
      for (const q of [r.q1, r.q2]) expect(Math.min(...q) >= -128 && Math.max(...q) <= 127).toBe(true)
      expect(r.failureText === '').toBe(a.mismatched === 0)
    })
  }

  it('prints the notes’ two assert_allclose blocks character for character', () => {
    const t = golden.numpy_failure_text
    expect(notesAddExperiment(runs.traitor_symmetric_minmax).failureText).toBe(t.traitor_symmetric_minmax)
    expect(notesAddExperiment(runs.traitor_symmetric_percentile).failureText).toBe(
      t.traitor_symmetric_percentile,
    )
    const r = notesAddExperiment(runs.traitor_symmetric_minmax)
    expect(formatAllcloseFailure(r.c, r.exp, { atol: 0.01, rtol: 0.01 })).toBe(t.traitor_symmetric_minmax)
  })

  it('the notes’ w1 before and after dropping the traitor', () => {
    expect(calculateQuantParam(traitor.x1, false).w).toBe(0.07874015748031496)
    expect(calculateQuantParam(percentileKeep(traitor.x1), false).w).toBe(0.00787383252353754)
    expect(calculateQuantParam(clean.x1, true).w).toBe(0.007840831674751093)
    expect(calculateQuantParam(traitor.x1, true).w).toBe(0.04313716364897752)
  })
})

describe('worked examples', () => {
  const g = golden.worked_examples
  it('asymmetric [β = −3, α = 4]', () => {
    const e = notesAsymmetricExample(4, -3)
    const w = g['asymmetric_alpha4_beta-3']
    expect(e.w).toBe(w.w)
    expect(e.bF).toBe(w.b_f)
    expect(e.bQ).toBe(w.b_q)
    expect(e.dequantMin).toBe(w['dequant_of_-128'])
  })
  it('symmetric α = 3, and α = 4 vs 10 representing 0.5', () => {
    expect(notesSymmetricExample(3, 0).w).toBe(g.symmetric_alpha3.w)
    const c = g['alpha4_vs_alpha10_representing_0.5']
    expect(notesSymmetricExample(4, 0.5)).toEqual(c.alpha4)
    expect(notesSymmetricExample(10, 0.5)).toEqual(c.alpha10)
  })
  it('refuses degenerate examples', () => {
    expect(() => notesAsymmetricExample(1, 1)).toThrow(RangeError)
    expect(() => notesSymmetricExample(0, 0.5)).toThrow(RangeError)
  })
})

describe('calculateQuantParam / quantTensor / dequantTensor', () => {
  it('follows the notes’ formulas', () => {
    expect(calculateQuantParam([-3, 4], true)).toEqual({
      w: 7 / 255,
      b: 4 - (7 / 255) * 127,
      min: -3,
      max: 4,
    })
    expect(calculateQuantParam([-3, 2], false)).toEqual({ w: 3 / 127, b: 0, min: -3, max: 3 })
  })

  it('quantTensor rounds half to even and clips', () => {
    const q = quantTensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 200, -200], 1, 0)
    expect(Array.from(q)).toEqual([0, 2, 2, 0, -2, -2, 127, -128])
    expect(Array.from(quantTensor([3.5, -7], 1, 0.5, -4, 3))).toEqual([3, -4])
  })

  it('dequantTensor is w·q + b', () => {
    expect(Array.from(dequantTensor([-128, 0, 127], 0.5, 1))).toEqual([-63, 1, 64.5])
  })

  it('constant tensor: w = 0 (as numpy), and quantTensor refuses it with "zero range"', () => {
    const p = calculateQuantParam([2, 2, 2], true)
    expect(p).toEqual({ w: 0, b: 2, min: 2, max: 2 })
    expect(() => quantTensor([2, 2, 2], p.w, p.b)).toThrow(/zero range/)
    const z = calculateQuantParam([0, 0], false)
    expect(z.w).toBe(0)
    expect(() => quantTensor([0, 0], z.w, z.b)).toThrow(RangeError)
    // a constant non-zero tensor is fine symmetrically: a = |c|
    expect(calculateQuantParam([2, 2], false).w).toBe(2 / 127)
  })

  it('bad input: empty, NaN, ±Inf, bad w or ranges', () => {
    expect(() => calculateQuantParam([], true)).toThrow(RangeError)
    expect(() => calculateQuantParam([1, NaN], true)).toThrow(/x\[1\] is NaN/)
    expect(() => calculateQuantParam([Infinity], false)).toThrow(RangeError)
    expect(() => quantTensor([1, NaN], 1, 0)).toThrow(RangeError)
    expect(() => quantTensor([1], -1, 0)).toThrow(RangeError)
    expect(() => quantTensor([1], NaN, 0)).toThrow(RangeError)
    expect(() => quantTensor([1], 1, Infinity)).toThrow(RangeError)
    expect(() => quantTensor([1], 1, 0, 5, 4)).toThrow(RangeError)
    expect(() => quantTensor([1], 1, 0, 0.5, 4)).toThrow(TypeError)
    expect(quantTensor([], 1, 0)).toHaveLength(0)
    expect(() => dequantTensor([1], NaN, 0)).toThrow(RangeError)
  })
})

describe('percentileKeep (the notes’ _find_scale_by_percentile)', () => {
  it('keeps the k = floor(size·p) smallest |x|', () => {
    const x = [5, -1, 3, -9, 2, 0, -4, 8, 7, -6]
    const kept = Array.from(percentileKeep(x, 0.75)).sort((a, b) => a - b)
    expect(kept).toEqual([0, 1, 2, 3, 4, 5, 6])
    // default 0.99999 drops exactly the largest |x| of 10 000 values (the traitor)
    const t = notesInputs({ traitor: 10 }).x1
    const k = percentileKeep(t)
    expect(k).toHaveLength(9999)
    expect(Math.max(...k)).toBeLessThan(1)
  })

  it('agrees with a full sort on random data, with ties and duplicates', () => {
    const x = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 1013) - 506)
    for (const p of [0.1, 0.5, 0.9, 0.99999]) {
      const k = Math.floor(x.length * p)
      const expected = x
        .map(Math.abs)
        .sort((a, b) => a - b)
        .slice(0, k)
      expect(Array.from(percentileKeep(x, p)).sort((a, b) => a - b)).toEqual(expected)
    }
  })

  it('edge cases: p = 1 keeps all, tiny inputs keep nothing, bad p or values throw', () => {
    expect(percentileKeep([1, -2, 3], 1)).toHaveLength(3)
    expect(percentileKeep([4])).toHaveLength(0)
    expect(() => calculateQuantParam(percentileKeep([4]), false)).toThrow(RangeError)
    expect(() => percentileKeep([1, 2], 0)).toThrow(RangeError)
    expect(() => percentileKeep([1, 2], 1.5)).toThrow(RangeError)
    expect(() => percentileKeep([1, NaN], 0.5)).toThrow(RangeError)
  })
})

describe('allclose / formatAllcloseFailure (numpy.testing.assert_allclose)', () => {
  // expected texts assembled from numpy's own printing functions exactly as numpy 1.24's assert_array_compare does
  it('a small failure', () => {
    expect(formatAllcloseFailure([1, 2, 3], [1, 2, 3.1])).toBe(
      'Mismatched elements: 1 / 3 (33.3%)\nMax absolute difference: 0.1\nMax relative difference: 0.03225806\n' +
        ' x: array([1., 2., 3.])\n y: array([1. , 2. , 3.1])',
    )
    expect(formatAllcloseFailure([1, 2, 3], [1.01, 2, 3.5], { rtol: 0.01, atol: 0.01 })).toBe(
      'Mismatched elements: 1 / 3 (33.3%)\nMax absolute difference: 0.5\nMax relative difference: 0.14285714\n' +
        ' x: array([1., 2., 3.])\n y: array([1.01, 2.  , 3.5 ])',
    )
  })

  it('passing comparisons give an empty text and a zero report', () => {
    expect(formatAllcloseFailure([1, 2], [1, 2])).toBe('')
    expect(allclose([1, 2], [1, 2])).toEqual({
      mismatched: 0,
      total: 2,
      maxAbsDiff: 0,
      maxRelDiff: 0,
      locationMismatch: null,
    })
    expect(allclose([], [])).toMatchObject({ mismatched: 0, total: 0, maxAbsDiff: 0 })
  })

  it('NaN and ±Inf: same positions are equal, different positions are numpy’s location mismatch', () => {
    expect(formatAllcloseFailure([1, NaN], [1, 2])).toBe(
      'x and y nan location mismatch:\n x: array([ 1., nan])\n y: array([1., 2.])',
    )
    expect(formatAllcloseFailure([Infinity, 1], [1, 1])).toBe(
      'x and y +inf location mismatch:\n x: array([inf,  1.])\n y: array([1., 1.])',
    )
    expect(formatAllcloseFailure([NaN, 1], [NaN, 2])).toBe(
      'Mismatched elements: 1 / 2 (50%)\nMax absolute difference: 1.\nMax relative difference: 0.5\n' +
        ' x: array([nan,  1.])\n y: array([nan,  2.])',
    )
    expect(formatAllcloseFailure([-Infinity, 5], [-Infinity, 5.5])).toBe(
      'Mismatched elements: 1 / 2 (50%)\nMax absolute difference: 0.5\nMax relative difference: 0.09090909\n' +
        ' x: array([-inf,   5.])\n y: array([-inf,  5.5])',
    )
    const r = allclose([1, NaN, 3], [1, 2, 3])
    expect(r.mismatched).toBe(1)
    expect(r.locationMismatch).toBe('nan')
    expect(Number.isNaN(r.maxAbsDiff) || Number.isNaN(r.maxRelDiff)).toBe(false)
  })

  it('all-zero desired: the relative difference is inf, as numpy prints it', () => {
    expect(formatAllcloseFailure([1e-3, 0], [0, 0])).toBe(
      'Mismatched elements: 1 / 2 (50%)\nMax absolute difference: 0.001\nMax relative difference: inf\n' +
        ' x: array([0.001, 0.   ])\n y: array([0., 0.])',
    )
    expect(allclose([1e-3, 0], [0, 0]).maxRelDiff).toBe(Infinity)
  })

  it('uses |a − d| <= atol + rtol·|d| (relative to desired only)', () => {
    expect(allclose([1.1], [1], { rtol: 0.1 }).mismatched).toBe(1) // 0.10000000000000009 > 0.1
    expect(allclose([1], [1.1], { rtol: 0.1 }).mismatched).toBe(0) // 0.1 <= 0.11
    expect(allclose([0.5], [0], { atol: 0.5 }).mismatched).toBe(0)
    // a difference that overflows is an infinite error, not NaN
    expect(allclose([1e308, 1], [-1e308, 1])).toMatchObject({
      mismatched: 1,
      maxAbsDiff: Infinity,
      maxRelDiff: Infinity,
    })
  })

  it('bad input', () => {
    expect(() => allclose([1, 2], [1])).toThrow(RangeError)
    expect(() => allclose([1], [1], { rtol: -1 })).toThrow(RangeError)
    expect(() => allclose([1], [1], { atol: NaN })).toThrow(RangeError)
    expect(() => formatAllcloseFailure(null as unknown as number[], [1])).toThrow(TypeError)
  })
})

describe('notesInputs', () => {
  it('is the notes’ x1, x2 and puts the traitor at x1[0] only', () => {
    const a = notesInputs()
    const b = notesInputs({ traitor: 10 })
    expect(a.x1[0]).toBe(golden.rng.x1_first5[0])
    expect(b.x1[0]).toBe(10)
    expect(b.x1[1]).toBe(a.x1[1])
    expect(b.x2).toEqual(a.x2)
    expect(() => notesInputs({ traitor: NaN })).toThrow(RangeError)
    expect(() => notesInputs({ seed: -1 })).toThrow(RangeError)
  })
})
