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
  percentileKeep,
} from '../core'

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
    'asym.wRounded': wRounded,
    'asym.bFRounded': bFRounded,
    'asym.deqMinRounded': deqRounded,
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
    'traitor.wPct': calculateQuantParam(percentileKeep(bad.x1, 0.99999), false).w,
  }
}

/** Chapter 10's numbers: read off the core's value sets (formats.ts), never typed in. */
function computeFormats(): Record<string, number> {
  const e4 = formatValues('e4m3')
  const e5 = formatValues('e5m2')
  const e2 = formatValues('e2m1')
  const nf = formatValues('nf4')
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
  }
}

let cache: Record<string, number> | null = null

/** All live numbers by name. */
export function liveValues(): Record<string, number> {
  if (!cache) cache = { ...compute(), ...computeTraitor(), ...computeFormats() }
  return cache
}

/** How a live number is written: integers as they are, others with up to `digits` decimals (default 10). */
export function formatLive(v: number, digits: number | null): string {
  if (Number.isInteger(v)) return String(v)
  const s = v.toFixed(digits ?? 10)
  return String(Number(s))
}
