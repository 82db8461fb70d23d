import { describe, expect, it } from 'vitest'
import { errorMetrics, formatValues, groupwiseQuantize, mxQuantize, quantizeToFormat } from '../../src/core'
import { FORMAT_REGISTRY, LAB_FORMATS, bitsPerWeight, largestLevel } from '../../src/registry/formats'
import {
  formatGranularity,
  formatQuantize,
  formatSweep,
  SWEEP_IDS,
  SWEEP_LIMIT,
  usesFormatPath,
} from '../../src/engine/formatQuant'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { clipShare } from '../../src/views/lab/ErrorPanel'
import { decodeLabParams, defaultLabParams, encodeLabParams, type LabParams } from '../../src/state/labParams'

const params = (p: Partial<LabParams>): LabParams => ({ ...defaultLabParams(), ...p })

function engineFor(p: LabParams) {
  const e = new LabEngine()
  e.generate(sourceSpecOf(p))
  return e
}

describe('the format registry', () => {
  it('every Lab format has a row with consistent bits, largest value and scale cost', () => {
    for (const id of LAB_FORMATS) {
      const f = FORMAT_REGISTRY[id]
      expect(f.id).toBe(id)
      expect(f.labelKey).toBe(`fmt.${id}`)
      if (f.element) expect(f.largest).toBe(formatValues(f.element).at(-1))
    }
    expect(FORMAT_REGISTRY.e4m3.largest).toBe(448)
    expect(FORMAT_REGISTRY.mxfp4.block).toBe(32)
    // the cost of the example: int4 with an fp16 scale per 128 values
    expect(bitsPerWeight(4, 128)).toBe(4.125)
    expect(bitsPerWeight(4, 32, 8)).toBe(4.25)
  })

  it('the link codec reads and writes fmt and group, clamping group into 8 … 256', () => {
    const { params: p, notices } = decodeLabParams(new URLSearchParams('fmt=nf4&gran=group&group=1000'))
    expect(p.fmt).toBe('nf4')
    expect(p.gran).toBe('group')
    expect(p.group).toBe(256)
    expect(notices.some((n) => n.key === 'group' && n.reason === 'clamped')).toBe(true)
    const bad = decodeLabParams(new URLSearchParams('fmt=fp16'))
    expect(bad.params.fmt).toBe('int')
    expect(bad.notices[0]).toMatchObject({ key: 'fmt', reason: 'invalid' })
    expect(encodeLabParams(params({ fmt: 'e5m2', group: 64 })).toString()).toContain('fmt=e5m2&group=64')
  })
})

describe('the Lab engine with a format', () => {
  it('per tensor, the calibrated threshold maps to the format’s largest value (E4M3: T/448)', () => {
    const p = params({ dist: 'normal', n: 5000, fmt: 'e4m3' })
    const e = engineFor(p)
    const r = e.quantize(quantSettingsOf(p))
    const x = e.table(quantSettingsOf(p)).x
    const T = r.threshold
    const xhat = quantizeToFormat(x, 'e4m3', T / 448)
    expect(r.format?.scale).toBe(T / 448)
    expect(r.metrics.mse).toBeCloseTo(errorMetrics(x, xhat).mse, 15)
    expect(r.format?.levels?.at(-1)).toBeCloseTo(T, 12)
    expect(r.codesTotal).toBe(253)
    expect(r.codeCounts).toBeNull()
    const counted = r.format!.levelCounts!.reduce((a, b) => a + b, 0)
    expect(counted).toBe(5000)
    expect(r.sample.xhat[3]).toBe(xhat[3])
  })

  it('group-wise int4 on a 2-D tensor: the core’s groupwise result, cost 4 + 16/g', () => {
    const p = params({ dist: 'normal', n: 64 * 256, rows: 64, spread: 1, gran: 'group', group: 32, bits: 4 })
    const e = engineFor(p)
    const r = e.quantize(quantSettingsOf(p))
    const x = e.table(quantSettingsOf(params({ ...p, gran: 'tensor' }))).x
    const ref = groupwiseQuantize(x, { shape: [64, 256], axis: 0, groupSize: 32, bits: 4 })
    expect(r.metrics.mse).toBeCloseTo(errorMetrics(x, ref.dequantized).mse, 15)
    expect(r.format?.bitsPerWeight).toBe(4.5)
    expect(r.format?.scaleCount).toBe(64 * 8)
  })

  it('a format per channel or per group: no levels at the tensor’s scale, nothing clipped, its own code count', () => {
    for (const [fmt, gran] of [
      ['e4m3', 'group'],
      ['nf4', 'group'],
      ['e2m1', 'channel'],
      ['int', 'group'],
    ] as const) {
      const p = params({ dist: 'laplace', n: 32 * 256, rows: 32, spread: 1, fmt, gran, group: 64, bits: 4 })
      const r = engineFor(p).quantize(quantSettingsOf(p))
      const what = `${fmt} per ${gran}`
      expect(r.format?.granularity, what).toBe(gran)
      expect(r.format?.calibrated, what).toBe(false)
      // each slice's scale is its own absmax / largest: no one set of levels, and the absmax lands on the largest
      expect(r.format?.levels, what).toBeNull()
      expect(r.metrics.clipped, what).toBe(0)
      expect(r.metrics.clipSse, what).toBe(0)
      expect(r.codeCounts, what).toBeNull()
      // the format's own number of values (int4: the symmetric grid's 15 of −7 … 7)
      expect(r.codesTotal, what).toBe(fmt === 'int' ? 15 : formatValues(fmt).length)
    }
  })

  it('MXFP4 ignores the threshold (each block has its own power of two)', () => {
    const p = params({ dist: 'laplace', n: 4096, fmt: 'mxfp4', calib: 'manual', t: 0.01 })
    const e = engineFor(p)
    const r = e.quantize(quantSettingsOf(p))
    const x = e.table(quantSettingsOf(params({ ...p, fmt: 'int' }))).x
    const ref = mxQuantize(x, { shape: [1, 4096], axis: 0, format: 'mxfp4' })
    expect(r.metrics.mse).toBe(errorMetrics(x, ref.dequantized).mse)
    expect(r.format?.calibrated).toBe(false)
    expect(r.format?.bitsPerWeight).toBe(4.25)
  })

  it('MXFP4 counts as clipped the values beyond their block’s ±6·X, and their error as the clipping error', () => {
    const p = params({ dist: 'normal', n: 4096, fmt: 'mxfp4' })
    const e = engineFor(p)
    const r = e.quantize(quantSettingsOf(p))
    const x = e.table(quantSettingsOf(params({ ...p, fmt: 'int' }))).x
    const ref = mxQuantize(x, { shape: [1, 4096], axis: 0, format: 'mxfp4' })
    // the count from the blocks' exponents, block b holding x[32b … 32b + 31]
    let count = 0
    let sse = 0
    for (let i = 0; i < x.length; i++) {
      const limit = 6 * 2 ** ref.exponents[Math.floor(i / 32)]
      if (Math.abs(x[i]) > limit) {
        count++
        sse += (x[i] - ref.dequantized[i]) ** 2
      }
    }
    // normal data: a block's largest |x| lies past 6·X in ~40 % of blocks (X comes from ⌊log₂ max⌋)
    expect(count).toBeGreaterThan(20)
    expect(r.metrics.clipped).toBe(count)
    expect(r.metrics.clipSse).toBeCloseTo(sse, 12)
    expect(r.metrics.clipSse + r.metrics.roundSse).toBeCloseTo(r.metrics.mse * r.metrics.n, 10)
    expect(r.metrics.roundSse).toBeGreaterThan(0)
  })
})

describe('what the controls say of a format’s scales', () => {
  // QuantControls words its note from formatGranularity and largestLevel: they must be the round trip's own
  it('formatGranularity is the granularity formatQuantize takes, for every format, granularity and shape', () => {
    const x = Float64Array.from({ length: 8 * 64 }, (_, i) => Math.sin(i) * (1 + (i % 7)))
    for (const fmt of LAB_FORMATS)
      for (const gran of ['tensor', 'channel', 'group'] as const)
        for (const shape of [
          [8, 64],
          [1, 512],
        ] as [number, number][]) {
          const q = { fmt, gran, bits: 4, group: 32, axis: 'row' as const }
          if (!usesFormatPath(q)) continue
          const { view } = formatQuantize(x, shape, q, 3)
          expect(formatGranularity(q, shape[0] > 1), `${fmt} ${gran} ${shape.join('×')}`).toBe(
            view.granularity,
          )
        }
  })
  it('largestLevel is what a threshold maps onto: the format’s largest value, or 2^(b−1) − 1', () => {
    const x = Float64Array.from({ length: 512 }, (_, i) => Math.cos(i))
    for (const fmt of ['e4m3', 'e5m2', 'e2m1', 'nf4'] as const) {
      const { view } = formatQuantize(
        x,
        [1, 512],
        { fmt, gran: 'tensor', bits: 8, group: 32, axis: 'row' },
        3,
      )
      expect(view.levels!.at(-1)! / view.scale!).toBe(largestLevel(fmt, 8))
    }
    expect(largestLevel('int', 4)).toBe(7)
    expect(largestLevel('int', 8)).toBe(127)
    // a format's own width, whatever the bits setting holds
    expect(largestLevel('e4m3', 4)).toBe(448)
  })
})

describe('the clipping share of the squared error', () => {
  it('MXFP4 past ~1e154: the saturated values’ sum overflows, and clipping causes all of the error', () => {
    // normal values of σ = 1e153: every block's exponent clamps at 127 (X = 2^127), so nearly every value
    // saturates at ±6·2^127 and errs by about itself
    const p = params({ dist: 'normal', sigma: 1e153, n: 4096, fmt: 'mxfp4' })
    const r = engineFor(p).quantize(quantSettingsOf(p))
    expect(r.metrics.clipped).toBeGreaterThan(4000)
    expect(Number.isFinite(r.metrics.mse)).toBe(true)
    expect(r.metrics.clipSse).toBe(Infinity)
    expect(clipShare(r.metrics.clipSse, r.metrics.roundSse)).toBe(1)
  })

  it('is the clipping sum over both, or 1, 0 or unknown (null) when sums overflowed', () => {
    expect(clipShare(1, 3)).toBe(0.25)
    expect(clipShare(0, 0)).toBe(0)
    // two finite sums whose total overflows
    expect(clipShare(1.5e308, 1.5e308)).toBe(0.5)
    expect(clipShare(Infinity, 1e300)).toBe(1)
    expect(clipShare(1e300, Infinity)).toBe(0)
    expect(clipShare(Infinity, Infinity)).toBeNull()
    expect(clipShare(NaN, 1)).toBeNull()
  })
})

describe('the export table through a format', () => {
  it('holds the format’s round trip (the one the metrics come from) and no integer codes', () => {
    const p = params({ dist: 'normal', n: 3000, fmt: 'e4m3' })
    const e = engineFor(p)
    const r = e.quantize(quantSettingsOf(p))
    const tab = e.table(quantSettingsOf(p))
    expect(tab.format).toBe('e4m3')
    expect(tab.q).toBeNull()
    expect(errorMetrics(tab.x, tab.xhat).mse).toBeCloseTo(r.metrics.mse, 15)
    expect(Array.from(tab.xhat.slice(0, 20))).toEqual(Array.from(r.sample.xhat.slice(0, 20)))
    const int = e.table(quantSettingsOf(params({ ...p, fmt: 'int' })))
    expect(int.format).toBe('int')
    expect(int.q).not.toBeNull()
    expect(Array.from(int.xhat.slice(0, 50))).not.toEqual(Array.from(tab.xhat.slice(0, 50)))
  })
})

describe('the trade-off sweep', () => {
  it('one row per format; on heavy-tailed rows smaller groups cost more and lose less', () => {
    const p = params({ dist: 'student-t', df: 3, n: 32 * 512, rows: 32 })
    const e = engineFor(p)
    const { rows, used } = e.formatSweep('row')
    expect(used).toBe(32 * 512)
    expect(rows.map((r) => r.id)).toEqual([...SWEEP_IDS])
    const by = Object.fromEntries(rows.map((r) => [r.id, r]))
    expect(by['int4-g128'].bitsPerWeight).toBe(4.125)
    expect(by['int4-g32'].bitsPerWeight).toBe(4.5)
    expect(by['int8-ch'].bitsPerWeight).toBe(8 + 16 / 512)
    // finer groups nest in coarser ones: each absmax, so each step, can only shrink; over 16k values the error follows
    expect(by['int4-g32'].mse).toBeLessThanOrEqual(by['int4-g64'].mse)
    expect(by['int4-g64'].mse).toBeLessThanOrEqual(by['int4-g128'].mse)
    expect(by['int8-ch'].sqnrDb).toBeGreaterThan(by['int4-ch'].sqnrDb + 20)
    // E5M2 has one mantissa bit fewer than E4M3: about 6 dB worse on the same weights
    expect(by['e4m3-ch'].sqnrDb).toBeGreaterThan(by['e5m2-ch'].sqnrDb + 3)
  })

  it('a 1-D tensor is one channel', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i))
    const { rows } = formatSweep(x, [1, 1000], 'row')
    expect(rows.find((r) => r.id === 'int4-ch')!.bitsPerWeight).toBe(4 + 16 / 1000)
  })

  it('past SWEEP_LIMIT values takes the first rows, or the first SWEEP_LIMIT values of a longer row', () => {
    const n = SWEEP_LIMIT + 3
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * (1 + (i % 7)))
    // a 1-D tensor is one row longer than the limit: it used to be swept whole
    const one = formatSweep(x, [1, n], 'row')
    expect(one.used).toBe(SWEEP_LIMIT)
    const first = formatSweep(x.subarray(0, SWEEP_LIMIT), [1, SWEEP_LIMIT], 'row')
    expect(one.rows).toEqual(first.rows)
    // whole rows when they fit: rows of 1000 values
    const m = 1000 * (Math.floor(SWEEP_LIMIT / 1000) + 5)
    const y = Float64Array.from({ length: m }, (_, i) => Math.cos(i))
    expect(formatSweep(y, [m / 1000, 1000], 'row').used).toBe(1000 * Math.floor(SWEEP_LIMIT / 1000))
  })
})

describe('a format on a tensor of a few subnormals', () => {
  it('takes the calibrated threshold, not the range of the integer grid that fell back', () => {
    // the integer grid's scale 1e-323/127 underflows and falls back to 1 (its range ±127); the format makes its
    // own scale from T = 1e-323 in float64, and NF4's levels ±1 and −0.5 hold both values exactly
    const x = Float64Array.of(1e-323, -5e-324)
    const e = new LabEngine()
    e.setLoaded(x, [1, 2])
    const r = e.quantize(quantSettingsOf(params({ fmt: 'nf4' })))
    expect(r.threshold).toBe(1e-323)
    expect(Array.from(r.sample.xhat)).toEqual(Array.from(quantizeToFormat(x, 'nf4', 1e-323)))
    expect(Array.from(r.sample.xhat)).toEqual([1e-323, -5e-324])
    expect(r.metrics.maxAbsError).toBe(0)
  })

  it('keeps the error of a small value next to a huge one (MSE 0 and SQNR ∞ before)', () => {
    const e = new LabEngine()
    e.setLoaded(Float64Array.of(1e200, 0.5, -0.3, 0.7), [1, 4])
    const r = e.quantize(quantSettingsOf(params({ fmt: 'e4m3' })))
    // 1e200 is the scale's own level; 0.5, −0.3 and 0.7 are far below E4M3's smallest step there and round to 0
    expect(Array.from(r.sample.xhat)).toEqual([1e200, 0, 0, 0])
    expect(r.metrics.mse).toBeCloseTo((0.25 + 0.09 + 0.49) / 4, 14)
    expect(r.metrics.sqnrDb).toBeCloseTo(4000 - 10 * Math.log10(0.83 / 1), 6)
  })
})
