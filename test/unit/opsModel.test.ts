import { describe, expect, it } from 'vitest'
import calib from '../fixtures/calibration.json'
import seedNotes from '../fixtures/seed-notes.json'
import {
  absHistogram,
  calculateQuantParam,
  entropyCalibrate,
  mseCalibrate,
  dequantTensor,
  errorMetrics,
  fullyConnectedTrace,
  int8Add,
  int8AddMultipliers,
  int8AddTrace,
  int8FullyConnected,
  notesAddExperiment,
  notesAddRequant,
  notesAddRequantZp,
  notesDenseRequant,
  notesInputs,
  percentileKeep,
  quantizeMultiplier,
  quantTensor,
} from '../../src/core'
import {
  ADD_TIES,
  addElement,
  calibrateSym,
  computeAdd,
  computeDense,
  denseElement,
  denseFloat,
  denseInputs,
  OpsEngine,
  OVERFLOW_CODE,
  ZERO_POINT_CODE,
} from '../../src/engine/ops'
import {
  decodeAddParams,
  decodeDenseParams,
  defaultAddParams,
  defaultDenseParams,
  encodeAddParams,
  encodeDenseParams,
} from '../../src/state/opsParams'

const addQ = (s: string) => decodeAddParams(new URLSearchParams(s))
const denseQ = (s: string) => decodeDenseParams(new URLSearchParams(s))
/** `scheme=symmetric`: the add view as it was before the asymmetric default (the notes' symmetric formulas) */
const SYM = () => addQ('scheme=symmetric').params
const goldenAdd = seedNotes.add

describe('add view model: the notes’ add experiment (asymmetric, the default)', () => {
  it('gives the notes’ w1, b1, w2, b2, q1, q2 and assert_allclose verdict (golden)', () => {
    const g = goldenAdd.clean_asymmetric
    const st = computeAdd(defaultAddParams())
    const s = st.summary
    expect([s.a.scheme, s.b.scheme, s.c.scheme]).toEqual(['asymmetric', 'asymmetric', 'asymmetric'])
    expect(s.a.w).toBe(g.w1)
    expect(s.a.b).toBe(g.b1)
    expect(s.b.w).toBe(g.w2)
    expect(s.b.b).toBe(g.b2)
    expect(s.qaFirst).toEqual(g.q1_first5)
    expect(s.qbFirst).toEqual(g.q2_first5)
    const r = s.paths.float.allclose!
    expect(r.mismatched).toBe(g['allclose_atol0.01_rtol0.01'].mismatched)
    expect(r.maxAbsDiff).toBe(g['allclose_atol0.01_rtol0.01'].max_abs)
    expect(r.maxRelDiff).toBe(g['allclose_atol0.01_rtol0.01'].max_rel)
    expect(Array.from(st.floatPath.subarray(0, 3))).toEqual(g['allclose_atol0.01_rtol0.01'].actual_head)
  })

  it('with the traitor x1[0] = 10: w1 = 0.0431… and 1,981 mismatches (golden)', () => {
    const g = goldenAdd.traitor_asymmetric
    const s = computeAdd(addQ('aoutlier=10').params).summary
    expect(s.a.w).toBe(g.w1)
    expect(s.a.b).toBe(g.b1)
    expect(s.b.w).toBe(g.w2)
    expect(s.qaFirst).toEqual(g.q1_first5)
    expect(s.paths.float.allclose!.mismatched).toBe(g['allclose_atol0.01_rtol0.01'].mismatched)
    expect(s.paths.float.allclose!.maxAbsDiff).toBe(g['allclose_atol0.01_rtol0.01'].max_abs)
  })

  it('scheme=symmetric gives the notes’ symmetric traitor (with_bias=False, golden)', () => {
    const g = goldenAdd.traitor_symmetric_minmax
    const s = computeAdd(addQ('scheme=symmetric&aoutlier=10').params).summary
    expect([s.a.w, s.b.w]).toEqual([g.w1, g.w2])
    expect(s.qaFirst).toEqual(g.q1_first5)
    expect(s.paths.float.allclose!.mismatched).toBe(g['allclose_atol0.01_rtol0.01'].mismatched)
  })

  it('the notes’ form uses b_q = round(b_f/w) as the integer offset: z = −b_q, and the zero-point form agrees', () => {
    const st = computeAdd(defaultAddParams())
    const { a, b, c } = st.summary
    expect(a.z).toBe(-Math.round(a.b / a.w) + 0)
    expect(b.z).toBe(-Math.round(b.b / b.w) + 0)
    expect(b.z).not.toBe(0)
    expect(st.params).toEqual({ s1: a.w, z1: a.z, s2: b.w, z2: b.z, sOut: c.w, zOut: c.z })
    expect(st.intCodes).toEqual(int8Add(st.qa, st.qb, st.params))
    expect(st.notesCodes).toEqual(
      notesAddRequantZp(st.qa, st.qb, a.w, b.w, c.w, { za: a.z, zb: b.z, zc: c.z }),
    )
    // x1 spans 0, so the zero-point form has the same scale and the same zero point (b_q = −z)
    const zp = computeAdd(addQ('form=zp').params).summary
    expect(zp.a.w).toBe(a.w)
    expect(zp.a.z).toBe(a.z)
    expect(zp.a.b).toBe(0)
    // a one-sided range: the zero-point form stretches it to include 0, the notes' form does not
    const pos = computeAdd(addQ('adist=lognormal&form=zp').params).summary
    expect(pos.a.lo).toBeGreaterThan(0)
    expect(pos.a.z).toBe(-128)
  })

  it('every calibrator of the Lab, for A, B and the output, with its own settings', () => {
    const x = notesInputs({ seed: 42, size: 10000, traitor: 10 }).x1
    for (const variant of ['tensorrt', 'pytorch-quantization', 'tvm'] as const) {
      const st = computeAdd(addQ(`aoutlier=10&acalib=entropy&avariant=${variant}`).params)
      const T = calibrateSym(x, 'entropy', { variant, pct: 99.999 }).threshold
      expect(st.summary.a.threshold).toBe(T)
      // the clipping range [max(min, −T), min(max, T)]: the traitor 10 is the max, the bulk's min is about −1
      expect(st.summary.a.hi).toBe(Math.min(10, T))
      expect(st.summary.a.lo).toBe(Math.max(Math.min(...x), -T))
    }
    const pct = computeAdd(addQ('aoutlier=10&acalib=percentile&apct=99.9&out=mse&bcalib=entropy').params)
    // the notes' _find_scale_by_percentile: the largest |x| among the ⌊n·p⌋ smallest
    expect(pct.summary.a.threshold).toBe(Math.max(...percentileKeep(x, 0.999)))
    expect(pct.summary.c.method).toBe('mse')
    expect(pct.summary.b.method).toBe('entropy')
    expect(pct.qa[0]).toBe(127)
  })
})

describe('add view model (scheme=symmetric: the notes’ symmetric formulas)', () => {
  it('uses the notes’ x1 and x2 (seed 42) and their min/max scales by default', () => {
    const st = computeAdd(SYM())
    const { x1, x2 } = notesInputs({ seed: 42, size: 10000 })
    expect(st.a).toEqual(x1)
    expect(st.b).toEqual(x2)
    expect(st.summary.a.w).toBe(calculateQuantParam(x1, false).w)
    expect(st.summary.b.w).toBe(calculateQuantParam(x2, false).w)
    const sum = x1.map((v, i) => v + x2[i])
    expect(st.summary.c.w).toBe(calculateQuantParam(sum, false).w)
  })

  it('reproduces the notes’ float path (dequantize, add) and its error', () => {
    const st = computeAdd(SYM())
    const notes = notesAddExperiment({ x1: st.a, x2: st.b, withBias: false })
    expect(st.qa).toEqual(notes.q1)
    expect(st.floatPath).toEqual(notes.c)
    expect(st.summary.paths.float.metrics).toEqual(errorMetrics(notes.exp, notes.c))
  })

  it('a range without 0 in the notes’ form: TFLite’s ADD is refused, the other paths stay exact', () => {
    // one value (n clamped to 1) of 10⁶: the notes' z = −b_q lands near −10⁶, far off the int8 grid
    const d = decodeAddParams(new URLSearchParams('n=-5&aoutlier=1e308'))
    const st = computeAdd(d.params)
    const s = st.summary
    expect(Math.abs(s.a.z)).toBeGreaterThan(65536)
    expect(s.intRefused).toBe(true)
    expect(st.intCodes).toBeNull()
    expect(s.paths.int).toBeNull()
    expect(s.multipliers).toBeNull()
    expect(s.diffCount).toBe(0)
    expect(s.rows.every((r) => r.int === null && r.intDeq === null)).toBe(true)
    expect(addElement(st, 0).trace).toBeNull()
    expect(Number.isFinite(s.paths.notes.metrics.mse)).toBe(true)
    // the zero-point form keeps the zero points on the int8 grid, and TFLite's ADD runs
    const zp = computeAdd({ ...d.params, form: 'zp' })
    expect(zp.summary.intRefused).toBe(false)
    for (const c of [zp.summary.a, zp.summary.b, zp.summary.c]) {
      expect(c.z).toBeGreaterThanOrEqual(-128)
      expect(c.z).toBeLessThanOrEqual(127)
    }
  })

  it('computes the requantized notes’ formula and TFLite int8 ADD with the core', () => {
    const st = computeAdd(SYM())
    const { a, b, c } = st.summary
    expect(st.notesCodes).toEqual(notesAddRequant(st.qa, st.qb, a.w, b.w, c.w))
    const p = { s1: a.w, z1: 0, s2: b.w, z2: 0, sOut: c.w, zOut: 0 }
    expect(st.intCodes).toEqual(int8Add(st.qa, st.qb, p))
    expect(st.summary.multipliers).toEqual(int8AddMultipliers(p))
    expect(st.summary.paths.int?.metrics).toEqual(errorMetrics(st.exact, dequantTensor(st.intCodes!, c.w, 0)))
    expect(st.summary.paths.notes.metrics).toEqual(
      errorMetrics(st.exact, dequantTensor(st.notesCodes, c.w, 0)),
    )
    expect(st.summary.ratioB).toBe(b.w / a.w)
    expect(st.summary.ratioOut).toBe(a.w / c.w)
  })

  it('puts the traitor at A[0]: w_a = 10/127 as in the notes', () => {
    const st = computeAdd(addQ('scheme=symmetric&aoutlier=10').params)
    expect(st.a[0]).toBe(10)
    expect(st.summary.a.w).toBe(10 / 127)
    expect(st.summary.b.w).toBe(computeAdd(SYM()).summary.b.w)
  })

  it('calibrates each input with its own method', () => {
    const x = notesInputs({ seed: 42, size: 10000, traitor: 10 }).x1
    expect(calibrateSym(x, 'minmax').threshold).toBe(10)
    expect(calibrateSym(x, 'percentile').w).toBe(calculateQuantParam(percentileKeep(x, 0.99999), false).w)
    expect(calibrateSym(x, 'entropy').threshold).toBeLessThan(2)
    // MSE keeps the traitor: clipping 10 to ~1 costs 81/10⁴ of squared error, more than the coarser grid
    expect(calibrateSym(x, 'mse').threshold).toBe(mseCalibrate(absHistogram(x, 2048)).threshold)
    expect(calibrateSym(x, 'entropy').threshold).toBe(
      entropyCalibrate(absHistogram(x, 2048), { variant: 'tensorrt' }).threshold,
    )
    expect(calibrateSym(new Float64Array(4), 'minmax')).toMatchObject({ w: 1, zeroRange: true })
    const st = computeAdd(addQ('scheme=symmetric&aoutlier=10&acalib=entropy').params)
    expect(st.summary.a.method).toBe('entropy')
    expect(st.qa[0]).toBe(127)
    expect(st.qa).toEqual(quantTensor(st.a, st.summary.a.w, 0))
  })

  it('finds the elements where the two requantizations differ (power-of-two scales, exact ties)', () => {
    const st = computeAdd({
      ...SYM(),
      aoutlier: ADD_TIES.a,
      boutlier: ADD_TIES.b,
      out: 'manual',
      wc: ADD_TIES.wc,
    })
    const { summary: s } = st
    expect([s.a.w, s.b.w, s.c.w]).toEqual([1 / 64, 1 / 32, 1 / 16])
    let diffs = 0
    for (let i = 0; i < s.n; i++) if (st.notesCodes[i] !== st.intCodes![i]) diffs++
    expect(s.diffCount).toBe(diffs)
    expect(diffs).toBeGreaterThan(0)
    const row = s.rows.find((r) => r.notes !== r.int)!
    const e = addElement(st, row.i)
    expect(e.trace).toEqual(int8AddTrace(row.qa, row.qb, st.params))
    expect(e.trace?.output).toBe(row.int)
    expect(e.notesCode).toBe(row.notes)
    // an exact tie: (w_a/w_c)(x_a + (w_b/w_a) x_b) ends in .5
    expect(Math.abs(e.notesScaled % 1)).toBe(0.5)
  })

  it('runs behind the engine interface, keeping recent results per parameters', () => {
    const eng = new OpsEngine()
    const p = { ...defaultAddParams(), n: 100 }
    const s = eng.add(p)
    expect(s.n).toBe(100)
    expect(eng.addElement(p, 99).row.i).toBe(99)
    expect(() => eng.addElement(p, 100)).toThrow(RangeError)
    // another view's parameters do not disturb the first one's elements
    const q = { ...p, aoutlier: 10 }
    eng.add(q)
    expect(eng.addElement(p, 0).row.a).toBe(computeAdd(p).a[0])
    expect(eng.addElement(q, 0).row.a).toBe(10)
    const d = { ...defaultDenseParams(), wgran: 'channel' as const }
    expect(eng.dense(defaultDenseParams()).wgran).toBe('tensor')
    expect(eng.dense(d)).toEqual(computeDense(d).summary)
    expect(eng.denseElement(d, 0, 4).trace).toEqual(denseElement(computeDense(d), 0, 4).trace)
  })
})

describe('the ops engine codes an overflow', () => {
  it('loaded values near 1e300: the MSE sweep’s squares and the float X·Wᵀ overflow, with a coded message', () => {
    const big = {
      name: 'big.npy',
      data: Float64Array.from({ length: 64 }, (_, i) => 1e300 * Math.sin(i + 1)),
      shape: [8, 8] as [number, number],
    }
    const eng = new OpsEngine()
    eng.setLoaded('add', big)
    eng.setLoaded('dense', big)
    const coded = new RegExp(`^${OVERFLOW_CODE}: `)
    expect(() => eng.add({ ...defaultAddParams(), adist: 'loaded', acalib: 'entropy', out: 'mse' })).toThrow(
      coded,
    )
    expect(() => eng.dense({ ...defaultDenseParams(), xdist: 'loaded', wdist: 'loaded' })).toThrow(coded)
    // the same data where nothing overflows still computes
    expect(eng.add({ ...defaultAddParams(), adist: 'loaded' }).n).toBe(64)
  })
})

describe('dense view model', () => {
  it('runs TFLite FULLY_CONNECTED through the core on the default 1 × 16 × 8', () => {
    const st = computeDense(defaultDenseParams())
    const s = st.summary
    expect([s.batch, s.k, s.nout]).toEqual([1, 16, 8])
    expect(s.x.zeroPoint).toBe(0)
    const fc = int8FullyConnected(st.qx, st.qw, st.qbias, {
      batch: 1,
      depth: 16,
      outputs: 8,
      sIn: s.x.scale,
      zIn: 0,
      sW: s.w[0].scale,
      zW: 0,
      sOut: s.out.scale,
      zOut: 0,
    })
    expect(st.out).toEqual(fc.outputs)
    expect(s.multipliers).toEqual(fc.multipliers)
    const m = quantizeMultiplier((s.x.scale * s.w[0].scale) / s.out.scale)
    expect([s.multipliers[0], s.shifts[0]]).toEqual([m.multiplier, m.shift])
    // ops.dense.intro: M = S_x·S_w/S_out = M0·2^(shift−31), M0 a Q31 number in [2^30, 2^31)
    expect(s.multipliers[0]).toBeGreaterThanOrEqual(2 ** 30)
    expect(s.multipliers[0]).toBeLessThan(2 ** 31)
    const real = (s.x.scale * s.w[0].scale) / s.out.scale
    expect(Math.abs(s.multipliers[0] * 2 ** (s.shifts[0] - 31) - real)).toBeLessThanOrEqual(real * 2 ** -30)
    expect(s.cells!.out).toEqual(fc.outputs)
    expect(s.metrics).toEqual(errorMetrics(st.ref, st.deq))
    expect(s.acc.min).toBe(Math.min(...fc.accumulators))
    expect(s.acc.max).toBe(Math.max(...fc.accumulators))
  })

  it('quantizes the bias to int32 at S_x·S_w and compares with the float X·Wᵀ + b', () => {
    const st = computeDense(defaultDenseParams())
    const s = st.summary
    for (let o = 0; o < 8; o++)
      expect(st.qbias![o]).toBe(Math.round(st.biasF![o] / (s.x.scale * s.w[0].scale)))
    const y = denseFloat(st.xf, st.wf, st.biasF, 1, 16, 8)
    expect(st.ref).toEqual(y)
    let manual = st.biasF![3]
    for (let d = 0; d < 16; d++) manual += st.xf[d] * st.wf[3 * 16 + d]
    expect(y[3]).toBeCloseTo(manual, 12)
  })

  it('shows one output’s computation, the same as the core’s trace', () => {
    const st = computeDense(defaultDenseParams())
    const s = st.summary
    const e = denseElement(st, 0, 5)
    const p = {
      batch: 1,
      depth: 16,
      outputs: 8,
      sIn: s.x.scale,
      zIn: 0,
      sW: s.w[0].scale,
      zW: 0,
      sOut: s.out.scale,
      zOut: 0,
    }
    expect(e.trace).toEqual(fullyConnectedTrace(st.qx, st.qw, st.qbias, p, 0, 5))
    expect(e.trace.output).toBe(st.out[5])
    expect(e.deq).toBe(s.out.scale * st.out[5])
    expect(e.ref).toBe(st.ref[5])
    expect(() => denseElement(st, 1, 0)).toThrow(RangeError)
  })

  it('uses per-channel weight scales: one multiplier per output', () => {
    const st = computeDense(denseQ('wgran=channel&nout=6&k=32&batch=3').params)
    const s = st.summary
    expect(s.w).toHaveLength(6)
    for (let o = 0; o < 6; o++) {
      const row = st.wf.subarray(o * 32, o * 32 + 32)
      const T = Math.max(...Array.from(row, Math.abs))
      expect(s.w[o].scale).toBe(T / 127)
      expect(s.realMultipliers[o]).toBe((s.x.scale * s.w[o].scale) / s.out.scale)
    }
    const fc = int8FullyConnected(st.qx, st.qw, st.qbias, {
      batch: 3,
      depth: 32,
      outputs: 6,
      sIn: s.x.scale,
      zIn: 0,
      sW: st.sW,
      zW: 0,
      sOut: s.out.scale,
      zOut: 0,
    })
    expect(st.out).toEqual(fc.outputs)
    // with spread between channels, per-channel scales beat one scale for the whole tensor
    const perTensor = computeDense(denseQ('nout=6&k=32&batch=3').params).summary
    expect(s.metrics.mse).toBeLessThan(perTensor.metrics.mse)
    expect(s.wMetrics.mse).toBeLessThan(perTensor.wMetrics.mse)
    expect(s.wMetrics).toEqual(
      errorMetrics(
        st.wf,
        Float64Array.from(st.qw, (q, i) => st.sW[Math.floor(i / 32)] * q),
      ),
    )
  })

  it('handles zero points with the terms of Jacob et al. 2018 eq. 7', () => {
    const st = computeDense(denseQ('scheme=asymmetric&wscheme=asymmetric&xdist=relu-normal').params)
    const s = st.summary
    expect(s.x.zeroPoint).not.toBe(0)
    expect(s.w[0].zeroPoint).not.toBe(0)
    for (let o = 0; o < s.nout; o++) {
      const e = denseElement(st, 0, o)
      expect(e.eq7.total).toBe(e.trace.dot)
      expect(e.eq7.folded + e.eq7.runtime).toBe(e.trace.accumulator)
      expect(e.trace.output).toBe(st.out[o])
    }
    expect(s.notesSkipped).toBe('asymmetric')
    expect(s.eq7Cost).toEqual({
      macs: s.batch * s.nout * s.k,
      rowSums: s.batch * s.k,
      colSums: s.nout * s.k,
      z1: s.x.zeroPoint,
      z2: s.w[0].zeroPoint,
    })
  })

  it('asymmetric X with KL (each variant) and every calibrator for the output; W symmetric', () => {
    for (const variant of ['tensorrt', 'pytorch-quantization', 'tvm'] as const) {
      const p = denseQ(
        `scheme=asymmetric&xcalib=entropy&xvariant=${variant}&ocalib=percentile&opct=99`,
      ).params
      const st = computeDense(p)
      const s = st.summary
      const T = calibrateSym(st.xf, 'entropy', { variant, pct: 99.999 }).threshold
      expect(s.x.threshold).toBe(T)
      expect(s.x.method).toBe('entropy')
      expect(s.out.method).toBe('percentile')
      expect(s.w[0].zeroPoint).toBe(0)
      expect(s.eq7Cost.rowSums).toBe(0)
      const e = denseElement(st, 0, 1)
      expect(e.eq7.z2a1).toBe(0)
      expect(e.eq7.folded + e.eq7.runtime).toBe(e.trace.accumulator)
    }
  })

  it('the zero-point terms of eq. 7 reproduce the fixed-point golden FULLY_CONNECTED (z_in = 7, z_out = −4)', () => {
    const fc = calib.fixed_point.tflite_int8_fully_connected
    const w = fc.weights.flat()
    const r = int8FullyConnected(fc.input, w, fc.bias, {
      batch: 1,
      depth: 4,
      outputs: 2,
      sIn: fc.s_in,
      zIn: fc.z_in,
      sW: fc.s_w,
      zW: fc.z_w,
      sOut: fc.s_out,
      zOut: fc.z_out,
    })
    expect(Array.from(r.accumulators)).toEqual(fc.accumulators)
    expect(Array.from(r.outputs)).toEqual(fc.outputs)
    // eq. 7 by hand, Z1 = z_in, Z2 = z_w = 0: acc = bias + N·Z1·Z2 − Z1·Σq_w − Z2·Σq_x + Σ q_x·q_w
    fc.weights.forEach((row, o) => {
      const sumW = row.reduce((t, v) => t + v, 0)
      const sumX = fc.input.reduce((t, v) => t + v, 0)
      const sumQQ = row.reduce((t, v, d) => t + v * fc.input[d], 0)
      expect(fc.bias[o] + 4 * fc.z_in * fc.z_w - fc.z_in * sumW - fc.z_w * sumX + sumQQ).toBe(
        fc.accumulators[o],
      )
    })
  })

  it('computes the notes’ float-scale dense form where it applies', () => {
    const st = computeDense(denseQ('bias=0').params)
    const s = st.summary
    const nd = notesDenseRequant(st.qx, st.qw, s.x.scale, s.w[0].scale, s.out.scale, {
      batch: 1,
      depth: 16,
      outputs: 8,
    })
    expect(s.notesMetrics).toEqual(errorMetrics(st.ref, dequantTensor(nd.outputs, s.out.scale, 0)))
    expect(computeDense(defaultDenseParams()).summary.notesSkipped).toBe('bias')
  })

  it('reports the accumulator range and the longest k that cannot overflow int32', () => {
    const s = computeDense(denseQ('k=1024&nout=16&batch=4').params).summary
    expect(s.acc.worst).toBe(1024 * s.acc.maxX * s.acc.maxW + s.acc.maxBias)
    expect(s.acc.safeK).toBe(Math.floor((2147483647 - s.acc.maxBias) / (s.acc.maxX * s.acc.maxW)))
    expect(s.acc.max).toBeLessThan(2147483647)
    expect(s.acc.safeK).toBeGreaterThan(100_000)
  })

  it('downsamples the error heatmap to at most 64 × 128 cells (max per block)', () => {
    const st = computeDense(denseQ('batch=100&k=8&nout=300').params)
    const s = st.summary
    expect([s.heat.rows, s.heat.cols]).toEqual([64, 128])
    expect(s.cells).toBeNull()
    let max = 0
    for (let i = 0; i < st.ref.length; i++) max = Math.max(max, Math.abs(st.deq[i] - st.ref[i]))
    expect(s.heat.max).toBe(max)
    expect(Math.max(...s.heat.values)).toBeCloseTo(max, 6)
  })
})

describe('loaded tensors', () => {
  const data = Float64Array.from({ length: 3 * 2000 }, (_, i) => Math.sin(i) * (1 + (i % 7)))
  const loaded = { name: 'w.npy', data, shape: [3, 2000] as [number, number] }

  it('narrow data far from 0 in the notes’ form: zero points past int32 still give the notes’ paths; past 2^53 a coded error', () => {
    const narrow = (lo: number, span: number) => ({
      name: 'n.npy',
      data: Float64Array.from({ length: 100 }, (_, i) => lo + (i / 99) * span),
      shape: [1, 100] as [number, number],
    })
    const st = computeAdd({ ...defaultAddParams(), adist: 'loaded', n: 100 }, narrow(1000, 1e-4))
    expect(st.summary.a.z).toBeLessThan(-2147483648)
    expect(st.summary.intRefused).toBe(true)
    expect(Number.isFinite(st.summary.paths.notes.metrics.mse)).toBe(true)
    expect(() => computeAdd({ ...defaultAddParams(), adist: 'loaded', n: 100 }, narrow(1e6, 1e-9))).toThrow(
      new RegExp(`^${ZERO_POINT_CODE}: `),
    )
    // the zero-point form keeps its zero points on the grid: nothing to refuse
    const zp = computeAdd({ ...defaultAddParams(), adist: 'loaded', n: 100, form: 'zp' }, narrow(1e6, 1e-9))
    expect(Math.abs(zp.summary.a.z)).toBeLessThanOrEqual(128)
  })

  it('adds the first n loaded values (n cut to the tensor)', () => {
    const st = computeAdd({ ...defaultAddParams(), adist: 'loaded', n: 10_000 }, loaded)
    expect(st.summary.n).toBe(6000)
    expect(st.a).toEqual(data)
    expect(st.b).toEqual(notesInputs({ seed: 42, size: 6000 }).x2)
    expect(() => computeAdd({ ...defaultAddParams(), bdist: 'loaded' })).toThrow(RangeError)
  })

  it('takes W from a loaded out × in matrix: its rows are the outputs, its columns k (cut to 1024)', () => {
    const st = computeDense(
      { ...defaultDenseParams(), wdist: 'loaded', batch: 2 },
      denseInputs({ ...defaultDenseParams(), wdist: 'loaded', batch: 2 }, loaded),
    )
    const s = st.summary
    expect([s.batch, s.k, s.nout]).toEqual([2, 1024, 3])
    expect(st.wf.subarray(1024, 2048)).toEqual(data.subarray(2000, 3024))
    const e = denseElement(st, 1, 2)
    expect(e.w).toEqual(data.subarray(4000, 5024))
    expect(e.trace.output).toBe(st.out[1 * 3 + 2])
  })

  it('keeps the loaded tensor per view in the engine', () => {
    const eng = new OpsEngine()
    const p = { ...defaultAddParams(), adist: 'loaded' as const }
    expect(() => eng.add(p)).toThrow(RangeError)
    eng.setLoaded('add', loaded)
    expect(eng.add(p).n).toBe(6000)
    eng.setLoaded('add', { ...loaded, data: data.subarray(0, 50), shape: [1, 50] })
    expect(eng.add(p).n).toBe(50)
    expect(() => eng.dense({ ...defaultDenseParams(), xdist: 'loaded' })).toThrow(RangeError)
  })
})

describe('ops link parameters', () => {
  it('round-trips the defaults to a short link', () => {
    expect(encodeAddParams(defaultAddParams()).toString()).toBe('v=1')
    expect(encodeDenseParams(defaultDenseParams()).toString()).toBe('v=1')
    const p = { ...defaultDenseParams(), wgran: 'channel' as const, sel: 3, bias: false }
    expect(decodeDenseParams(encodeDenseParams(p)).params).toEqual(p)
    const a = { ...defaultAddParams(), aoutlier: 10, out: 'manual' as const, wc: 0.02 }
    expect(decodeAddParams(encodeAddParams(a)).params).toEqual(a)
  })

  it('clamps, replaces and reports bad values, and clamps the selection to the tensor', () => {
    const { params, notices } = denseQ('k=5000&batch=0&xdist=%3Cimg%3E&sel=99&zz=1&lang=en')
    expect(params.k).toBe(1024)
    expect(params.batch).toBe(1)
    expect(params.xdist).toBe('uniform')
    expect(params.sel).toBe(7)
    expect(notices.map((n) => `${n.key}:${n.reason}`)).toEqual([
      'k:clamped',
      'batch:clamped',
      'xdist:invalid',
      'zz:unknown',
      'sel:clamped',
    ])
    expect(notices[2].value).toBe('<img>')
    const add = addQ('n=2.5&out=manual&bcalib=kl')
    expect(add.params.n).toBe(3)
    expect(add.params.out).toBe('minmax')
    expect(add.params.bcalib).toBe('minmax')
    expect(add.notices.map((n) => n.key)).toEqual(['n', 'bcalib', 'wc'])
  })
})
