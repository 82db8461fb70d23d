/**
 * The live numbers a chapter can cite with @{name}: every one is computed by the quant core when the chapter
 * renders, never typed into the prose. Pure (no DOM), so the unit and end-to-end tests use the same table.
 */
import {
  calculateQuantParam,
  notesAsymmetricExample,
  notesInputs,
  notesSymmetricExample,
  formatValues,
  MX_EMAX,
  mxQuantize,
  percentileKeep,
} from '../core'
import { fmtInt } from '../charts/format'
import { calibrated, calSpec, CALIBS } from './calibrators'
import {
  groupCostWeights,
  GROUP_COST_SHAPE,
  gridsModel,
  PC_DEFAULT_SPREAD,
  perChannelModel,
  RANGE_DEFAULT_BITS,
  rangeSweep,
} from './figures'
import { computeAdd, computeDense, denseElement } from '../engine/ops'
import { decodeAddParams, decodeDenseParams } from '../params/opsParams'
import { KL_MICRO_DEFAULT } from './klDefaults'
import { ACCURACY_PRESETS, defaultAccuracyParams, PRESET_TRAITOR, TRAIN_ROWS } from '../params/accuracyParams'
import { ADD_CHAPTER_LINK, ADD_TRAITOR_LINK, DENSE_CHAPTER_LINK } from './opsLinks'
import { defaultLabParams } from '../state/labParams'

/** The notes' worked examples: α = 4, β = −3; α = 3; α = 4 vs α = 10 for the value 0.5. */
export const NOTES_EXAMPLE = { alpha: 4, beta: -3, symAlpha: 3, value: 0.5, alphaSmall: 4, alphaLarge: 10 }

/** Round to `d` decimals the way the notes' author did when copying numbers by hand. */
function roundTo(v: number, d: number): number {
  return Number(v.toFixed(d))
}

function compute(): Record<string, number> {
  const e = NOTES_EXAMPLE
  const asym = notesAsymmetricExample(e.alpha, e.beta)
  // the notes wrote w with 10 decimals and then computed b_f and the dequantized −128 from that rounded w
  const wRounded = roundTo(asym.w, 10)
  const bFRounded = e.alpha - wRounded * 127
  const deqRounded = wRounded * -128 + roundTo(bFRounded, 10)
  const sym = notesSymmetricExample(e.symAlpha, 1)
  // β = −α in the affine widget: the asymmetric grid over [−4, 4] next to the symmetric one
  const even = notesAsymmetricExample(e.alpha, -e.alpha)
  const small = notesSymmetricExample(e.alphaSmall, e.value)
  const large = notesSymmetricExample(e.alphaLarge, e.value)
  return {
    'asym.alpha': e.alpha,
    'asym.beta': e.beta,
    'asym.w': asym.w,
    'asym.bF': asym.bF,
    'asym.bQ': asym.bQ,
    'asym.bFOverW': asym.bF / asym.w,
    'asym.deqMin': asym.dequantMin,
    'asym.deqMinQ': (-128 + asym.bQ) * asym.w,
    // the zero point's code in the notes' float form y = w·x_q + b_f (what the affine widget labels)
    'asym.zeroNotes': -asym.bQ * asym.w + asym.bF,
    'asym.wRounded': wRounded,
    'asym.bFRounded': bFRounded,
    'asym.deqMinRounded': deqRounded,
    'even.alpha': e.alpha,
    'even.w': even.w,
    'even.bF': even.bF,
    'even.bFOverW': even.bF / even.w,
    'even.bQ': even.bQ,
    'even.ws': e.alpha / 127,
    'sym.alpha': e.symAlpha,
    'sym.w': sym.w,
    'cmp.value': e.value,
    'cmp.alphaSmall': e.alphaSmall,
    'cmp.alphaLarge': e.alphaLarge,
    'cmp.wSmall': small.w,
    'cmp.qSmall': small.q,
    'cmp.deqSmall': small.dequant,
    'cmp.errSmall': Math.abs(small.dequant - e.value),
    'cmp.wLarge': large.w,
    'cmp.qLarge': large.q,
    'cmp.deqLarge': large.dequant,
    'cmp.errLarge': Math.abs(large.dequant - e.value),
  }
}

/** The traitor numbers (x1 from seed 42 with x1[0] = 10): computed on first use (10,000 values). */
function computeTraitor(): Record<string, number> {
  const clean = notesInputs({ seed: 42, size: 10000 })
  const bad = notesInputs({ seed: 42, size: 10000, traitor: 10 })
  return {
    'traitor.value': 10,
    'traitor.wClean': calculateQuantParam(clean.x1, true).w,
    'traitor.wBad': calculateQuantParam(bad.x1, true).w,
    'traitor.wSym': calculateQuantParam(bad.x1, false).w,
    'traitor.wSymClean': calculateQuantParam(clean.x1, false).w,
    'traitor.wPct': calculateQuantParam(percentileKeep(bad.x1, 0.99999), false).w,
  }
}

/** The calibration widgets' figures on their default tensors (the same cached engine the widgets use). */
function computeCalibration(): Record<string, number> {
  const out: Record<string, number> = {}
  const tr = calibrated(calSpec('traitor'))
  for (const c of CALIBS) {
    out[`calib.t.${c}`] = tr.results[c].threshold
    out[`calib.mse.${c}`] = tr.results[c].metrics.mse
    out[`calib.inl.${c}`] = tr.inlierMse[c]
    out[`calib.clipped.${c}`] = tr.results[c].metrics.clipped
  }
  // the percentile the calibrators widget runs (the Lab's default, in its histogram mode)
  out['pct.hist'] = defaultLabParams().pct
  out['pct.notes'] = tr.notesPct
  out['pct.notesClipped'] = tr.notesClipped
  for (const d of ['traitor', 'laplace'] as const) {
    const { engine, summary } = calibrated(calSpec(d))
    const curve = engine.entropyCurve('tensorrt')!
    let inf = 0
    let firstInf = -1
    for (let i = 0; i < curve.values.length; i++) {
      if (Number.isFinite(curve.values[i])) continue
      inf++
      if (firstInf < 0) firstInf = i
    }
    out['kl.cands'] = curve.values.length
    out[`kl.${d}.inf`] = inf
    out[`kl.${d}.firstInf`] = curve.thresholds[firstInf]
    out[`kl.${d}.best`] = curve.threshold
    out[`kl.${d}.max`] = summary.stats.absMax
    // the minimum is isolated when both neighbouring candidates are infinite
    const b = curve.best
    out[`kl.${d}.bestIsolated`] =
      !Number.isFinite(curve.values[b - 1]) && !Number.isFinite(curve.values[b + 1]) ? 1 : 0
  }
  const micro = calibrated(calSpec(KL_MICRO_DEFAULT.dist)).engine
  const mc = micro.entropyCurve('tensorrt')!
  out['kl.micro.candidate'] = KL_MICRO_DEFAULT.candidate
  out['kl.micro.threshold'] = mc.thresholds[mc.candidates.indexOf(KL_MICRO_DEFAULT.candidate)]
  out['kl.micro.binsPerLevel'] = KL_MICRO_DEFAULT.candidate / 128
  return out
}

/** Chapter 10's numbers: read off the core's value sets (formats.ts), never typed in. */
function computeFormats(): Record<string, number> {
  const e4 = formatValues('e4m3')
  const e5 = formatValues('e5m2')
  const e2 = formatValues('e2m1')
  const nf = formatValues('nf4')
  // the group-size chart's weights, the chapter's MX figures
  const w = groupCostWeights()
  const firstPositive = (v: Float64Array) => v[v.indexOf(0) + 1]
  // the spacing between 1 and the next value up: 2^−mantissa bits
  const stepAfterOne = (v: Float64Array) => v[v.indexOf(1) + 1] - 1
  return {
    'fmt.e4m3Max': e4[e4.length - 1],
    'fmt.e5m2Max': e5[e5.length - 1],
    'fmt.e4m3Count': e4.length,
    'fmt.e5m2Count': e5.length,
    'fmt.e2m1Count': e2.length,
    'fmt.e4m3Min': firstPositive(e4),
    'fmt.e5m2Min': firstPositive(e5),
    'fmt.e4m3Step': stepAfterOne(e4),
    'fmt.e5m2Step': stepAfterOne(e5),
    'fmt.e2m1Max': e2[e2.length - 1],
    'fmt.nf4First': firstPositive(nf),
    'fmt.nf4Second': nf[nf.indexOf(0) + 2],
    'fmt.int4g128': 4 + 16 / 128,
    'fmt.int4g32': 4 + 16 / 32,
    'fmt.mxfp4Bits': 4 + 8 / 32,
    // a block's largest |x| over its scale lies in [2^emax, 2^(emax+1)) (OCP MX v1.0 §6.3)
    'fmt.mxfp4Low': 2 ** MX_EMAX.mxfp4,
    'fmt.mxfp4High': 2 ** (MX_EMAX.mxfp4 + 1),
    'fmt.groupCostN': w.length,
    'fmt.mxfp4Saturated': mxQuantize(w, { shape: GROUP_COST_SHAPE, axis: 0, format: 'mxfp4' }).saturated
      .count,
  }
}

/** The range, granularity and grids widgets' figures in their default states (and the states the text names). */
function computeWidgets(): Record<string, number> {
  const out: Record<string, number> = { 'range.bits': RANGE_DEFAULT_BITS }
  for (const kind of ['traitor', 'laplace'] as const) {
    for (const bits of [RANGE_DEFAULT_BITS, 8]) {
      const s = rangeSweep(kind, bits)
      out[`range.${kind}Best${bits}`] = s.alphas[s.best]
    }
  }
  const pc = perChannelModel(PC_DEFAULT_SPREAD)
  const pc3 = perChannelModel(3)
  out['gran.spread'] = PC_DEFAULT_SPREAD
  out['gran.rows'] = pc.sqnrT.length
  out['gran.worstRow'] = pc.worstRow
  // decibels go through Math.log10, whose last bit differs between JavaScript engines: keep 9 decimals
  out['gran.worstT'] = roundTo(pc.worstSqnrT, 9)
  out['gran.worstTc'] = roundTo(pc.worstSqnrTc, 9)
  out['gran.worstC'] = roundTo(pc.worstSqnrC, 9)
  // the normal draws go through Math.log and Math.cos, whose last bit differs between JavaScript engines
  out['gran.mse'] = Number(pc.tensor.mse.toPrecision(12))
  out['gran.mse3'] = Number(pc3.tensor.mse.toPrecision(12))
  out['gran.zeroRows3'] = pc3.sqnrT.filter((v) => v <= 0.5).length
  for (const bits of [4, 8]) {
    const g = gridsModel('laplace', bits)
    for (const k of ['linear', 'pow2', 'log'] as const) out[`grids.laplace${bits}.${k}`] = g.mse[k]
  }
  return out
}

/**
 * The add and dense chapters: the figures of the Lab's views as the chapters embed them (src/learn/opsLinks.ts),
 * computed by the same engine: the notes' add experiment (w, b, the assert_allclose verdict, clean and with
 * the traitor) and one dense output's zero-point terms (Jacob et al. 2018 eq. 7).
 */
function computeOps(): Record<string, number> {
  const add = computeAdd(decodeAddParams(new URLSearchParams(ADD_CHAPTER_LINK)).params).summary
  const tr = computeAdd(decodeAddParams(new URLSearchParams(ADD_TRAITOR_LINK)).params).summary
  const dn = computeDense(decodeDenseParams(new URLSearchParams(DENSE_CHAPTER_LINK)).params)
  const e = denseElement(dn, 0, 0)
  const d = dn.summary
  return {
    'ops.addN': add.n,
    'ops.addDiffer': add.diffCount,
    'ops.add.w1': add.a.w,
    'ops.add.b1': add.a.b,
    'ops.add.w2': add.b.w,
    'ops.add.b2': add.b.b,
    'ops.add.bq1': -add.a.z + 0,
    'ops.add.bq2': -add.b.z + 0,
    'ops.add.wc': add.c.w,
    'ops.add.zc': add.c.z,
    'ops.add.halfStep': add.c.w / 2,
    'ops.add.mismatched': add.paths.float.allclose?.mismatched ?? NaN,
    'ops.add.intMismatched': add.paths.int?.allclose?.mismatched ?? NaN,
    'ops.add.traitorW1': tr.a.w,
    'ops.add.traitorMismatched': tr.paths.float.allclose?.mismatched ?? NaN,
    'ops.dense.n': d.batch * d.nout,
    'ops.dense.k': d.k,
    'ops.dense.zx': d.x.zeroPoint,
    'ops.dense.zout': d.out.zeroPoint,
    'ops.dense.sumqq': e.eq7.sumQQ,
    'ops.dense.a2': e.eq7.a2,
    'ops.dense.z1a2': e.eq7.z1a2,
    'ops.dense.total': e.eq7.total,
    'ops.dense.bias': e.trace.bias,
    'ops.dense.folded': e.eq7.folded,
    'ops.dense.acc': e.trace.accumulator,
    'ops.dense.macs': d.eq7Cost.macs,
    'ops.dense.colSums': d.eq7Cost.colSums,
  }
}

/** Chapter 9's settings: the link codec's defaults and the presets' values (the accuracies themselves are shown
 *  by the widgets, computed from the shipped weights, never typed into the prose). */
function computeNetwork(): Record<string, number> {
  const d = defaultAccuracyParams()
  const traitor = ACCURACY_PRESETS.find((p) => p.id === 'traitorMinmax')!.params
  return {
    'net.train': TRAIN_ROWS,
    'net.ncal': d.ncal,
    'net.traitor': PRESET_TRAITOR,
    'net.traitorBits': traitor.abits ?? d.abits,
    'net.traitorLevels': 2 ** (traitor.abits ?? d.abits),
  }
}

const GROUPS: [string[], () => Record<string, number>][] = [
  [['net.'], computeNetwork],
  [['calib.', 'pct.', 'kl.'], computeCalibration],
  [['range.', 'gran.', 'grids.'], computeWidgets],
  [['traitor.'], computeTraitor],
  [['ops.'], computeOps],
  [['fmt.'], computeFormats],
]

let cache: Record<string, number> | null = null
const groupCache = new Map<() => Record<string, number>, Record<string, number>>()

function lookup(name: string): number | undefined {
  if (!cache) cache = compute()
  if (name in cache) return cache[name]
  for (const [prefixes, fn] of GROUPS) {
    if (!prefixes.some((p) => name.startsWith(p))) continue
    let g = groupCache.get(fn)
    if (!g) {
      g = fn()
      groupCache.set(fn, g)
    }
    return g[name]
  }
  return undefined
}

/**
 * All live numbers by name. Groups are computed on first use (a chapter that cites no calibration figure never
 * runs a KL sweep), so the object is a read-only view that looks each name up.
 */
export function liveValues(): Record<string, number> {
  return new Proxy<Record<string, number>>(
    {},
    {
      get: (_t, name) => (typeof name === 'string' ? lookup(name) : undefined),
      has: (_t, name) => typeof name === 'string' && lookup(name) !== undefined,
    },
  )
}

/** How a live number is written: integers as they are, others with up to `digits` decimals (default 10). */
export function formatLive(v: number, digits: number | null): string {
  if (Number.isInteger(v)) return String(v)
  const s = v.toFixed(digits ?? 10)
  return String(Number(s))
}

/**
 * A live number in the prose: as formatLive, with an integer's digits grouped ("1,920 candidates"), as the
 * chapters' own text and every view write counts (both languages group with commas). Formulas keep
 * formatLive: a comma there reads as a separator.
 */
export function formatLiveProse(v: number, digits: number | null): string {
  return Number.isInteger(v) ? fmtInt(v, 'en') : formatLive(v, digits)
}
