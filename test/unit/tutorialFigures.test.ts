/**
 * What the chapters say about their widgets, checked against the widgets' default states. The prose quotes
 * these figures with @{…} (src/learn/live.ts), so a number cannot drift; these tests pin the claims around the
 * numbers ("isolated", "wins", "agree on every element"), which would silently turn false if a widget's
 * default or the core changed.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildTraitorModel, honestFailures } from '../../src/engine/traitor'
import { CAL_DISTS, CALIBS, calibrated, calSpec } from '../../src/learn/calibrators'
import {
  errorMetrics,
  groupwiseQuantize,
  NF4_CODE,
  notesInputs,
  notesSymmetricExample,
  quantizeToFormat,
  ROUNDING_MODES,
  roundWith,
  type EntropyVariant,
} from '../../src/core'
import { absMax, sample } from '../../src/learn/data'
import { KL_MICRO_DEFAULT } from '../../src/learn/klDefaults'
import { formatLive, liveValues } from '../../src/learn/live'
import {
  GRID_KINDS,
  GROUP_COST_SHAPE,
  gridsModel,
  groupCostWeights,
  PC_DEFAULT_SPREAD,
  PC_ROWS,
  perChannelModel,
  rangeData,
} from '../../src/learn/figures'
import { conventionRows } from '../../src/learn/conventionRows'
import { defaultLabParams } from '../../src/state/labParams'
import { ADD_CHAPTER_LINK, DENSE_CHAPTER_LINK } from '../../src/learn/opsLinks'
import seedNotes from '../fixtures/seed-notes.json'

const v = liveValues()

describe('calibration chapter', () => {
  it('KL on the traitor: every candidate from i = 206 on is +∞, so the full range is never finite', () => {
    // by hand: bin width Δ = 10/2048; the bulk ends below 1 = bin 204.8, so bins 205 … 2046 are empty and the
    // traitor sits in bin 2047. Candidate i keeps bins 0 … i−1; for i ≥ 206 the last kept bin is empty while the
    // traitor is folded into it, and Q = 0 where P > 0. That is i = 206 … 2047: 1842 of the 1920 candidates,
    // the first at threshold (206 + 0.5)·Δ = 1.00830078125.
    expect(v['kl.cands']).toBe(1920)
    expect(v['kl.traitor.inf']).toBe(2047 - 206 + 1)
    expect(v['kl.traitor.firstInf']).toBe((206 + 0.5) * (10 / 2048))
    expect(v['kl.traitor.best']).toBeLessThan(v['kl.traitor.firstInf'])
  })

  it('KL on Laplace: most candidates are +∞ and the minimum is an isolated point in the sparse tail', () => {
    expect(v['kl.laplace.inf']).toBeGreaterThan(v['kl.cands'] / 2)
    expect(v['kl.laplace.firstInf']).toBeLessThan(3)
    expect(v['kl.laplace.bestIsolated']).toBe(1)
    expect(v['kl.laplace.best']).toBeGreaterThan(v['kl.laplace.firstInf'])
    expect(v['kl.laplace.best']).toBeLessThan(v['kl.laplace.max'])
  })

  it('the microscope opens on a finite candidate where merging visibly flattens P', () => {
    const open = calibrated(calSpec(KL_MICRO_DEFAULT.dist)).engine
    const curve = open.entropyCurve('tensorrt')!
    const index = curve.candidates.indexOf(KL_MICRO_DEFAULT.candidate)
    expect(index).toBeGreaterThanOrEqual(0)
    expect(open.microscope('tensorrt', index).outliers / 10000).toBeLessThan(0.05)
    const m = open.microscope('tensorrt', index)
    expect(Number.isFinite(m.total)).toBe(true)
    expect(m.candidate / m.levelSums.length).toBeGreaterThanOrEqual(2)
    // the old default (the traitor's minimum, 1.6 bins per level on flat data) shows P ≈ Q; this one must not
    const tv = (mm: typeof m) => {
      let sp = 0
      let sq = 0
      for (let i = 0; i < mm.p.length; i++) {
        sp += mm.p[i]
        sq += mm.q[i]
      }
      let d = 0
      for (let i = 0; i < mm.p.length; i++) d += Math.abs(mm.p[i] / sp - mm.q[i] / sq)
      return d
    }
    const tr = calibrated(calSpec('traitor')).engine
    const old = tr.microscope('tensorrt', tr.entropyCurve('tensorrt')!.best)
    expect(tv(m)).toBeGreaterThan(2 * tv(old))
  })

  it('the calibrators table: by total MSE the wide ranges win, on the other values percentile and KL win', () => {
    expect(v['calib.mse.minmax']).toBeLessThan(v['calib.mse.percentile'])
    expect(v['calib.mse.mse']).toBeLessThan(v['calib.mse.entropy'])
    // "about a hundred times"
    expect(v['calib.inl.minmax'] / v['calib.inl.percentile']).toBeGreaterThan(50)
    expect(v['calib.inl.minmax'] / v['calib.inl.percentile']).toBeLessThan(200)
    expect(v['calib.inl.minmax'] / v['calib.inl.entropy']).toBeGreaterThan(50)
    expect(v['calib.t.mse']).toBeGreaterThan(9)
  })

  it('normal data: all four calibrators nearly agree; Student-t: KL clips far into the tail, at a higher MSE', () => {
    const normal = calibrated(calSpec('normal')).results
    const t = CALIBS.map((c) => normal[c].threshold)
    expect(Math.max(...t) / Math.min(...t)).toBeLessThan(1.05)
    const st = calibrated(calSpec('student-t'))
    const r = st.results
    expect(r.entropy.threshold).toBeLessThan(0.7 * r.mse.threshold)
    expect(r.entropy.threshold).toBeLessThan(0.7 * st.summary.stats.absMax)
    expect(r.entropy.metrics.clipped).toBeGreaterThan(r.mse.metrics.clipped)
    expect(r.entropy.metrics.mse).toBeGreaterThan(2 * r.mse.metrics.mse)
  })

  it('two percentiles: the histogram 99.99 % clips many values, the notes’ ⌊0.99999·N⌋ only the traitor', () => {
    // the widget runs the Lab's default percentile, in its histogram mode; k = 9,999 of N = 10,000
    expect(v['pct.hist']).toBe(99.99)
    expect(defaultLabParams().pctmode).toBe('hist')
    expect(Math.trunc(notesInputs({ traitor: 10 }).x1.length * 0.99999)).toBe(9999)
    expect(v['calib.clipped.percentile']).toBeGreaterThan(1)
    expect(v['pct.notesClipped']).toBe(1)
    expect(v['pct.notes']).toBeLessThan(1)
    expect(v['calib.t.percentile']).toBeLessThan(v['pct.notes'])
  })
})

describe('range chapter', () => {
  it('the best α on the traitor tensor is near 1 at 4 bits and near the traitor at 8 bits', () => {
    expect(v['range.bits']).toBe(4)
    expect(v['range.traitorBest4']).toBeLessThan(1.5)
    expect(v['range.traitorBest8']).toBeGreaterThan(9)
    expect(v['range.laplaceBest8']).toBeGreaterThan(v['range.laplaceBest4'])
  })

  it('the notes’ data in the widget: ten thousand values, one beyond 1 (the traitor at 10, moved by 9 when α ≈ 1)', () => {
    const x = rangeData('traitor')
    expect(x.length).toBe(10000)
    const beyond = Array.from(x).filter((u) => Math.abs(u) > 1)
    expect(beyond).toEqual([v['traitor.value']])
    expect((v['traitor.value'] - 1) ** 2 / x.length).toBeCloseTo(0.0081, 12)
  })

  it('α = 10 brings 0.5 back about seven times further off than α = 4', () => {
    expect(v['cmp.errLarge'] / v['cmp.errSmall']).toBeGreaterThan(6.5)
    expect(v['cmp.errLarge'] / v['cmp.errSmall']).toBeLessThan(7.5)
  })

  it('quotes the symmetric steps, ten times apart', () => {
    expect(v['traitor.wSym']).toBe(10 / 127)
    expect(v['traitor.wSym'] / v['traitor.wSymClean']).toBeCloseTo(10, 1)
  })

  it('the α comparison (α = 4 against α = 10, value slider 0 … 12 in steps of 0.01): lucky values below 4, the finer grid wins on average, α = 10 tracks up to 10', () => {
    const err = (alpha: number, value: number) => {
      const ex = notesSymmetricExample(alpha, value)
      return Math.abs(Math.min(127, Math.max(-128, ex.q)) * ex.w - value)
    }
    const below4 = Array.from({ length: 401 }, (_, k) => k / 100)
    const lucky = below4.filter((x) => err(10, x) < err(4, x))
    expect(lucky.length).toBeGreaterThan(0)
    const mean = (a: number) => below4.reduce((s, x) => s + err(a, x), 0) / below4.length
    expect(mean(4)).toBeLessThan(mean(10))
    // past 4 the α = 4 grid saturates; α = 10 stays within half its step up to 10, not beyond
    expect(err(4, 6)).toBeGreaterThan(1.9)
    expect(err(10, 9.99)).toBeLessThanOrEqual(10 / 127 / 2)
    expect(err(10, 11)).toBeGreaterThan(0.9)
  })
})

describe('granularity chapter', () => {
  it('the matrix has the rows the prose counts; at spread 0 the two curves are within a few dB', () => {
    expect(v['gran.rows']).toBe(PC_ROWS)
    const flat = perChannelModel(0)
    const gaps = flat.sqnrC.map((c, r) => Math.abs(c - flat.sqnrT[r]))
    expect(Math.max(...gaps)).toBeLessThan(6)
    // while at the default spread they are not
    const pc = perChannelModel(PC_DEFAULT_SPREAD)
    expect(Math.max(...pc.sqnrC.map((c, r) => c - pc.sqnrT[r]))).toBeGreaterThan(20)
  })

  it('the default state shows small rows drowning under one shared scale', () => {
    expect(v['gran.worstTc'] - v['gran.worstT']).toBeGreaterThan(20)
    expect(v['gran.worstC']).toBeGreaterThan(40)
  })

  it('spread 3 raises the per-tensor MSE and rounds whole rows to zero', () => {
    expect(v['gran.mse3']).toBeGreaterThan(10 * v['gran.mse'])
    expect(v['gran.zeroRows3']).toBeGreaterThanOrEqual(1)
  })

  it('the per-channel curve does not move with the spread (each row’s step grows with the row)', () => {
    const at = (spread: number) => Array.from(perChannelModel(spread).sqnrC)
    const base = at(PC_DEFAULT_SPREAD)
    for (const spread of [0, 3]) at(spread).forEach((db, row) => expect(db).toBeCloseTo(base[row], 6))
    // while the per-tensor curve does (the text's contrast)
    expect(Math.min(...perChannelModel(3).sqnrT)).toBeLessThan(Math.min(...perChannelModel(0).sqnrT) - 20)
  })
})

describe('calibration chapter: TVM’s own percentile rule', () => {
  it('np.partition(|x|, k)[k] with k = int(0.99999·N) is the largest value for N ≤ 100,000: the traitor', () => {
    for (const n of [10, 10_000, 99_999, 100_000]) expect(Math.trunc(n * 0.99999)).toBe(n - 1)
    expect(Math.trunc(100_001 * 0.99999)).toBe(100_001 - 2)
    // TVM's rule on the chapter's data (the notes' x1 with x1[0] = 10): the k-th smallest |x| is the traitor
    const { x1 } = notesInputs({ traitor: 10 })
    const sorted = Array.from(x1, Math.abs).sort((a, b) => a - b)
    expect(sorted[Math.trunc(x1.length * 0.99999)]).toBe(10)
    // and the notes' slice [0: k] keeps everything but it (the chapter's α)
    expect(Math.max(...sorted.slice(0, Math.trunc(x1.length * 0.99999)))).toBe(v['pct.notes'])
  })
})

describe('formats chapter: the two FP8 formats', () => {
  it('E4M3 cuts an octave into 8 steps, E5M2 into 4 (twice as wide), and E5M2 spans many more octaves', () => {
    expect(1 / v['fmt.e4m3Step']).toBe(8)
    expect(1 / v['fmt.e5m2Step']).toBe(4)
    expect(v['fmt.e5m2Step']).toBe(2 * v['fmt.e4m3Step'])
    const octaves = (max: number, min: number) => Math.log2(max / min)
    expect(octaves(v['fmt.e5m2Max'], v['fmt.e5m2Min'])).toBeGreaterThan(
      1.5 * octaves(v['fmt.e4m3Max'], v['fmt.e4m3Min']),
    )
  })
})

describe('formats chapter: NF4’s positive levels', () => {
  it('the steps widen away from 0, slowly at first and sharply toward 1', () => {
    const pos = Array.from(NF4_CODE).filter((v) => v > 0)
    const steps = pos.map((v, i) => v - (i === 0 ? 0 : pos[i - 1]))
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1])
    expect(steps[1] / steps[0]).toBeLessThan(1.1)
    expect(steps[steps.length - 1] / steps[0]).toBeGreaterThan(3)
  })

  it('the grid widget’s normal weights, scaled by their absmax: the outer levels catch few, the inner ones most', () => {
    // the widget's data (FormatGridWidget): 4096 normal draws, seed 3, one absmax. The prose says the shares
    // are far from equal and the outermost levels catch only a few weights, while the fine steps near 0 hold
    // most of them
    const w = sample({ dist: 'normal', n: 4096, seed: 3 })
    const scale = absMax(w)
    const q = quantizeToFormat(w, 'nf4', scale)
    const share = (level: number) => q.filter((x) => x === level * scale).length / w.length
    const levels = Array.from(NF4_CODE)
    expect(levels.reduce((s, l) => s + share(l), 0)).toBe(1)
    const equal = 1 / levels.length
    expect(share(1)).toBeLessThan(equal / 10)
    expect(share(-1)).toBeLessThan(equal / 10)
    const inner = levels.filter((l) => Math.abs(l) < 0.35)
    expect(inner.length).toBeLessThanOrEqual(levels.length / 2)
    expect(inner.reduce((s, l) => s + share(l), 0)).toBeGreaterThan(0.6)
  })
})

describe('formats chapter: the group-size chart', () => {
  it('from g = 256 down to 8 the SQNR climbs at every step, and so does the cost', () => {
    // the slider's group sizes (GroupCostWidget: 2^(3 … 8)), on the chart's weights
    const w = groupCostWeights()
    const sizes = [256, 128, 64, 32, 16, 8]
    const sqnr = sizes.map(
      (g) =>
        errorMetrics(w, groupwiseQuantize(w, { shape: GROUP_COST_SHAPE, axis: 0, groupSize: g }).dequantized)
          .sqnrDb,
    )
    for (let i = 1; i < sizes.length; i++) expect(sqnr[i], `g = ${sizes[i]}`).toBeGreaterThan(sqnr[i - 1])
  })
})

describe('conventions chapter', () => {
  it('the KL variants: TensorRT and pytorch-quantization close everywhere, TVM clearly lower on normal and Student-t', () => {
    const t = (d: (typeof CAL_DISTS)[number], v: EntropyVariant) =>
      calibrated(calSpec(d)).engine.entropyCurve(v)?.threshold ?? NaN
    for (const d of CAL_DISTS) {
      expect(Math.abs(t(d, 'pytorch-quantization') / t(d, 'tensorrt') - 1)).toBeLessThan(0.01)
    }
    for (const d of ['normal', 'student-t'] as const)
      expect(t(d, 'tvm')).toBeLessThan(0.95 * t(d, 'tensorrt'))
  })
})

describe('linear chapter', () => {
  it('power of two wins at 4 bits, log edges out linear at 8 bits', () => {
    expect(v['grids.laplace4.pow2']).toBeLessThan(v['grids.laplace4.linear'])
    expect(v['grids.laplace8.log']).toBeLessThan(v['grids.laplace8.linear'])
    expect(v['grids.laplace8.linear']).toBeLessThan(v['grids.laplace8.pow2'])
  })

  it('from 4 to 8 bits on Laplace: linear falls by orders of magnitude, power of two hardly moves', () => {
    expect(v['grids.laplace4.linear'] / v['grids.laplace8.linear']).toBeGreaterThan(100)
    expect(v['grids.laplace4.pow2'] / v['grids.laplace8.pow2']).toBeLessThan(1.01)
  })

  it('uniform data: the linear grid is best from 3 bits up; at 2 bits the three grids are one', () => {
    for (let bits = 3; bits <= 8; bits++)
      expect(gridsModel('uniform', bits).best, `${bits} bits`).toBe('linear')
    const two = gridsModel('laplace', 2)
    for (const k of GRID_KINDS) expect(Array.from(two.grids[k])).toEqual([-two.T, 0, two.T])
  })
})

describe('symmetric chapter', () => {
  it('the zero point −b_q: exactly 0 in the integer form, only the code nearest 0 in the notes’ float form', () => {
    expect(v['asym.bQ']).toBe(19)
    // (x_q + b_q)·w at x_q = −b_q is 0; w·x_q + b_f is not, but within half a step
    expect(v['asym.zeroNotes']).not.toBe(0)
    expect(Math.abs(v['asym.zeroNotes'])).toBeLessThan(v['asym.w'] / 2)
    for (const q of [-v['asym.bQ'] - 1, -v['asym.bQ'] + 1])
      expect(Math.abs(q * v['asym.w'] + v['asym.bF'])).toBeGreaterThan(Math.abs(v['asym.zeroNotes']))
  })

  it('β = −α: b_f = w/2, a tie on paper, and the steps differ', () => {
    // by hand: w = 8/255, b_f = 4 − 127·8/255 = 4/255 = w/2, so b_f/w = 0.5 exactly on paper
    expect(v['even.w']).toBe(8 / 255)
    expect(v['even.bF']).toBeCloseTo(4 / 255, 15)
    expect(v['even.bFOverW']).toBeCloseTo(0.5, 12)
    // …but the computer's ratio is just under the tie (the prose prints it with 16 decimals), so every tie rule
    // gives 0, not only half to even
    expect(v['even.bFOverW']).toBeLessThan(0.5)
    expect(formatLive(v['even.bFOverW'], 16)).not.toBe('0.5')
    for (const mode of ROUNDING_MODES) expect(roundWith(v['even.bFOverW'], mode)).toBe(0)
    for (const lang of ['en', 'zh-CN'])
      expect(readFileSync(new URL(`../../content/${lang}/symmetric.md`, import.meta.url), 'utf8')).toContain(
        '@{even.bFOverW:16}',
      )
    expect(v['even.bQ']).toBe(0)
    expect(v['even.ws']).toBe(4 / 127)
    expect(v['even.ws']).not.toBe(v['even.w'])
  })

  it('code −128: the notes and PyTorch keep it, TensorRT, ONNX Runtime and TVM use only −127 … 127', () => {
    // the conventions table's symmetric rows on its default tensor (the prose names these systems)
    const rows = conventionRows(sample({ dist: 'uniform', lo: -1, hi: 1, n: 10000, seed: 42 })).filter(
      (r) => r.symmetric,
    )
    const lowest = Object.fromEntries(rows.map((r) => [r.conv, r.p.qmin]))
    expect(lowest).toEqual({ notes: -128, pytorch: -128, tensorrt: -127, onnxruntime: -127, tvm: -127 })
    for (const r of rows) expect(r.p.qmax).toBe(127)
  })
})

describe('add and dense chapters', () => {
  const chapter = (lang: string, name: string) =>
    readFileSync(new URL(`../../content/${lang}/${name}.md`, import.meta.url), 'utf8')

  it('embed the Lab’s views with the links the live numbers are computed from', () => {
    for (const lang of ['en', 'zh-CN']) {
      expect(chapter(lang, 'add')).toContain(`::: widget add-view link=${ADD_CHAPTER_LINK}\n`)
      expect(chapter(lang, 'dense')).toContain(`::: widget dense-view link=${DENSE_CHAPTER_LINK}\n`)
    }
  })

  it('the notes’ add experiment: w, b and the assert_allclose verdict are the goldens', () => {
    const clean = seedNotes.add.clean_asymmetric
    const traitor = seedNotes.add.traitor_asymmetric
    expect(v['ops.add.w1']).toBe(clean.w1)
    expect(v['ops.add.b1']).toBe(clean.b1)
    expect(v['ops.add.w2']).toBe(clean.w2)
    expect(v['ops.add.b2']).toBe(clean.b2)
    expect(v['ops.add.mismatched']).toBe(clean['allclose_atol0.01_rtol0.01'].mismatched)
    expect(v['ops.add.traitorW1']).toBe(traitor.w1)
    expect(v['ops.add.traitorMismatched']).toBe(traitor['allclose_atol0.01_rtol0.01'].mismatched)
    // @{…:20} prints the shortest round-trip text, i.e. the notes' own digits
    expect(formatLive(v['ops.add.w1'], 20)).toBe('0.007840831674751093')
    expect(formatLive(v['ops.add.traitorW1'], 20)).toBe('0.04313716364897752')
    // b_q = round(b_f / w): by hand 0.00365/0.00784 ≈ 0.47 → 0 and −0.494/0.01176 ≈ −42.0 → −42
    expect(v['ops.add.bq1']).toBe(0)
    expect(v['ops.add.bq2']).toBe(-42)
  })

  it('the integer paths agree on every element, and miss the tolerance only through the output’s half step', () => {
    expect(v['ops.addN']).toBe(10000)
    expect(v['ops.addDiffer']).toBe(0)
    // "nearly the whole atol of 0.01", and the integer outputs do miss it where the float code passed
    expect(v['ops.add.halfStep']).toBeGreaterThan(0.009)
    expect(v['ops.add.halfStep']).toBeLessThan(0.01)
    expect(v['ops.add.intMismatched']).toBeGreaterThan(0)
  })

  it('dense: ReLU inputs put Z_x at −128, W symmetric; eq. 7 splits the accumulator as the prose says', () => {
    expect(v['ops.dense.zx']).toBe(-128)
    expect(v['ops.dense.k']).toBe(32)
    expect(v['ops.dense.macs']).toBe(4 * 8 * 32)
    expect(v['ops.dense.z1a2']).toBe(v['ops.dense.zx'] * v['ops.dense.a2'])
    expect(v['ops.dense.total']).toBe(v['ops.dense.sumqq'] - v['ops.dense.z1a2'])
    expect(v['ops.dense.folded']).toBe(v['ops.dense.bias'] - v['ops.dense.z1a2'])
    expect(v['ops.dense.acc']).toBe(v['ops.dense.total'] + v['ops.dense.bias'])
  })
})

describe('step-through', () => {
  const model = buildTraitorModel()

  it('the asymmetric traitor step: errors up to w/2 against a tolerance of 0.01 + 0.01·|y|, 19.8 % fail', () => {
    const r = model.traitorAsym
    expect(r.report.mismatched).toBe(1981)
    expect(r.w1 / 2).toBeCloseTo(0.0216, 4)
    let worst = 0
    for (let i = 1; i < r.c.length; i++) worst = Math.max(worst, Math.abs(r.c[i] - r.exp[i]))
    expect(worst).toBeLessThanOrEqual((r.w1 + r.w2) / 2 + 1e-12)
  })

  it('the notes’ percentile step: besides the traitor, elements 2100 and 2766 fail, within (w1 + w2)/2', () => {
    const r = model.traitorPct
    expect(r.report.mismatched).toBe(3)
    const f = honestFailures(r.c, r.exp)
    expect(f.map((x) => x.i)).toEqual([2100, 2766])
    expect(f[0].err).toBeCloseTo(0.0111, 4)
    expect(f[1].err).toBeCloseTo(0.0106, 4)
    const bound = (r.w1 + r.w2) / 2
    expect(bound).toBeCloseTo(0.0118, 4)
    for (const x of f) expect(x.err).toBeLessThanOrEqual(bound)
  })
})
