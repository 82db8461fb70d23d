// scratch review test: delete when done
import { describe, expect, it } from 'vitest'
import {
  absHistogram,
  entropyCalibrate,
  entropySweepReference,
  klMicroscope,
  mseCalibrate,
  mseSweepReference,
  mseThreshold,
  tvmHistogram,
  RandomState,
} from '../../src/core'
import { calibrationGridOf } from '../../src/engine/calibrationGrid'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'

const params = (p: Partial<LabParams>): LabParams => ({ ...defaultLabParams(), ...p })
const settings = (p: Partial<LabParams>) => quantSettingsOf(params(p))

function laplace(n: number, seed: number): Float64Array {
  return new RandomState(seed).laplace(0, 1, n)
}

describe('review', () => {
  it('grid rule', () => {
    const out: string[] = []
    for (const fmt of ['int', 'e2m1', 'nf4', 'e4m3'] as const)
      for (const conv of ['notes', 'pytorch', 'onnxruntime', 'tensorrt', 'tvm'] as const)
        for (const scheme of ['symmetric', 'asymmetric'] as const)
          for (const unsigned of [false, true])
            for (const min of [-1, 0])
              out.push(
                `${fmt} ${conv} ${scheme} u=${unsigned} min=${min} -> ${JSON.stringify(
                  calibrationGridOf(settings({ fmt, conv, scheme, unsigned }), min),
                )}`,
              )
    console.log(out.join('\n'))
  })

  it('fast vs reference sweeps at all widths', () => {
    const x = laplace(20000, 3)
    const h = absHistogram(x, 2048)
    const th = tvmHistogram(x)
    const log: string[] = []
    for (let b = 2; b <= 16; b++)
      for (const unsigned of [false, true]) {
        for (const variant of ['tensorrt', 'pytorch-quantization', 'tvm'] as const) {
          const hh = variant === 'tvm' ? th : h
          let t0 = performance.now()
          let fast
          try {
            fast = entropyCalibrate(hh, { variant, numBits: b, unsigned })
          } catch (e) {
            log.push(`${variant} b=${b} u=${unsigned} THROWS ${String(e)}`)
            continue
          }
          const tf = performance.now() - t0
          let msg = `${variant} b=${b} u=${unsigned} n=${fast.values.length} T=${fast.threshold} note=${fast.note} ${tf.toFixed(0)}ms`
          if (b >= 9 || b <= 3) {
            t0 = performance.now()
            const ref = entropySweepReference(hh, { variant, numBits: b, unsigned })
            const tr = performance.now() - t0
            let maxd = 0
            for (let k = 0; k < ref.values.length; k++) {
              const a = fast.values[k]
              const c = ref.values[k]
              if (Object.is(a, c)) continue
              if (!Number.isFinite(a) || !Number.isFinite(c)) {
                maxd = Infinity
                continue
              }
              maxd = Math.max(maxd, Math.abs(a - c) / Math.max(1e-12, Math.abs(c)))
            }
            msg += ` ref T=${ref.threshold} best ${fast.best}/${ref.best} maxrel=${maxd} ${tr.toFixed(0)}ms`
          }
          // microscope at best / 0 / last
          for (const k of [0, Math.max(0, fast.best), fast.values.length - 1]) {
            try {
              const m = klMicroscope(hh, k, { variant, numBits: b, unsigned })
              const v = fast.values[k]
              if (!(Object.is(m.total, v) || Math.abs(m.total - v) <= 1e-9 * Math.abs(v) + 1e-12))
                msg += ` micro[${k}] ${m.total} vs ${v}`
              if (m.levelSums.length > 1e5) msg += ` microLevels=${m.levelSums.length}`
            } catch (e) {
              msg += ` micro[${k}] THROWS ${String(e)}`
            }
          }
          log.push(msg)
        }
        let t0 = performance.now()
        const m = mseCalibrate(h, { numBits: b, unsigned })
        const tm = performance.now() - t0
        t0 = performance.now()
        const mt = mseThreshold(h, { numBits: b, unsigned })
        const tt = performance.now() - t0
        let extra = ''
        if (b >= 12) {
          const r = mseSweepReference(h, { numBits: b, unsigned })
          extra = ` ref=${r.threshold}`
        }
        log.push(`mse b=${b} u=${unsigned} T=${m.threshold} only=${mt} ${tm.toFixed(0)}ms/${tt.toFixed(0)}ms${extra}`)
      }
    console.log(log.join('\n'))
  }, 600_000)

  it('format path with unsigned / asymmetric', () => {
    const relu = { dist: 'relu-normal' as const, n: 20000, seed: 5 }
    const e = new LabEngine()
    e.generate(sourceSpecOf(params(relu)))
    const x = e.table(settings(relu)).x
    const h = absHistogram(x, 2048)
    const out: string[] = []
    for (const fmt of ['int', 'e2m1', 'nf4'] as const)
      for (const scheme of ['symmetric', 'asymmetric'] as const)
        for (const unsigned of [false, true]) {
          const q = settings({ ...relu, fmt, scheme, unsigned, calib: 'mse' })
          const r = e.quantize(q)
          out.push(
            `${fmt} ${scheme} u=${unsigned}: T=${r.threshold} grid=${JSON.stringify(e.calibrationGrid(q))} mse=${r.metrics.mse}`,
          )
        }
    out.push(`mse 4 signed ${mseCalibrate(h, { numBits: 4 }).threshold} unsigned ${mseCalibrate(h, { numBits: 4, unsigned: true }).threshold}`)
    console.log(out.join('\n'))
  }, 120_000)

  it('mirror data under asymmetric', () => {
    const out: string[] = []
    for (const [lo, hi, outlier] of [
      [0, 1, 10],
      [-1, 0, -10],
    ] as const) {
      const p = { dist: 'uniform' as const, lo, hi, n: 20000, seed: 1, outlier }
      const e = new LabEngine()
      e.generate(sourceSpecOf(params(p)))
      for (const calib of ['mse', 'entropy'] as const) {
        const q = settings({ ...p, calib, scheme: 'asymmetric' })
        const r = e.quantize(q)
        out.push(`[${lo},${hi}] ${calib}: T=${r.threshold} lo=${r.plan.lo} hi=${r.plan.hi} grid=${JSON.stringify(e.calibrationGrid(q))} mse=${r.metrics.mse}`)
      }
    }
    console.log(out.join('\n'))
  }, 120_000)
})
