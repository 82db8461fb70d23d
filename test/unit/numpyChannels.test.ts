/**
 * "As numpy" per channel: the script, run with python3 and numpy, prints the Lab's per-channel figures (MSE,
 * SQNR and the codes used) for a 2-D tensor quantized per channel. It used to quantize with one scale for the
 * tensor whatever the granularity. python3 with numpy is needed: without it the test fails and says so.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { LabEngine, type QuantResult } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { numpySnippet } from '../../src/lab/numpySnippet'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'

function labResult(p: LabParams): QuantResult {
  const e = new LabEngine()
  e.generate(sourceSpecOf(p))
  return e.quantize(quantSettingsOf(p))
}

/** The script's output, run by python3 (a clear failure when python3 or numpy is missing). */
function runPython(script: string): string {
  const r = spawnSync('python3', ['-'], { input: script, encoding: 'utf8', timeout: 60_000 })
  if (r.error)
    throw new Error(
      `this test runs the numpy script with python3, which could not be started: ${r.error.message}`,
    )
  if (/No module named .?numpy/.test(r.stderr))
    throw new Error('this test runs the numpy script with python3 and numpy; numpy is not installed')
  if (r.status !== 0) throw new Error(`the script failed (exit ${r.status}):\n${r.stderr}\n${script}`)
  return r.stdout
}

/** A float as Python prints it (inf, -inf and nan included). */
function pyNumber(t: string): number {
  const special: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN }
  return t in special ? special[t] : Number(t)
}

/** MSE, SQNR and codes used as the script prints them. */
function printed(out: string): { mse: number; sqnr: number; used: number; total: number } {
  const m = /MSE (\S+) SQNR dB (\S+)/.exec(out)
  const c = /codes used (\d+) of (\d+)/.exec(out)
  if (!m || !c) throw new Error(`no figures in the script's output:\n${out}`)
  return { mse: pyNumber(m[1]), sqnr: pyNumber(m[2]), used: Number(c[1]), total: Number(c[2]) }
}

const base = (p: Partial<LabParams>): LabParams => ({
  ...defaultLabParams(),
  dist: 'normal',
  rows: 16,
  n: 16 * 512,
  spread: 1.5,
  gran: 'channel',
  ...p,
})

const CASES: [string, Partial<LabParams>][] = [
  ['min-max, symmetric, per row (computed in numpy)', {}],
  ['min-max, asymmetric, per column (computed in numpy)', { scheme: 'asymmetric', axis: 'col', bits: 4 }],
  [
    'min-max, zero-point form (scales and zero points as the Lab found them)',
    { scheme: 'asymmetric', form: 'zp' },
  ],
  ['MSE per row of 4096 values (thresholds as the Lab found them)', { calib: 'mse', rows: 8, n: 8 * 4096 }],
  [
    'TensorRT’s KL per row, the traitor in row 0',
    { calib: 'entropy', rows: 4, n: 4 * 4096, outlier: 40, at: 5 },
  ],
  ['PyTorch per channel (float32 scales)', { conv: 'pytorch', rows: 8, n: 8 * 300 }],
  // rows of zeros (a ReLU of a shifted normal, 3 values a row): their grid falls back to scale 1, in numpy too
  [
    'min-max with rows of zeros, symmetric',
    { dist: 'relu-normal', mu: -1.5, rows: 64, n: 64 * 3, spread: 0 },
  ],
  [
    'min-max with rows of zeros, asymmetric',
    { dist: 'relu-normal', mu: -1.5, rows: 64, n: 64 * 3, spread: 0, scheme: 'asymmetric' },
  ],
]

describe('the numpy script per channel reproduces the Lab', () => {
  for (const [name, over] of CASES) {
    it(name, () => {
      const p = base(over)
      const r = labResult(p)
      expect(r.perChannel).toBe(true)
      if (p.dist === 'relu-normal') expect(r.channels!.scales).toContain(1)
      const code = numpySnippet(p, r)
      const got = printed(runPython(code))
      expect(got.used).toBe(r.codesUsed)
      expect(got.total).toBe(r.codesTotal)
      // PyTorch's x̂ is float32 (dequantize_val) and the script's float64, as for one scale per tensor: the same
      // to float32's precision; every other grid's to a few units in the last place
      const tol = p.conv === 'pytorch' ? 1e-5 : 1e-9
      expect(Math.abs(got.mse - r.metrics.mse)).toBeLessThanOrEqual(tol * r.metrics.mse)
      if (r.metrics.sqnrDb === Infinity) expect(got.sqnr).toBe(Infinity)
      else expect(Math.abs(got.sqnr - r.metrics.sqnrDb)).toBeLessThan(tol * 10)
    })
  }

  it('differs from one scale for the tensor: the per-channel MSE is the smaller here', () => {
    const p = base({})
    const perTensor = labResult({ ...p, gran: 'tensor' })
    const perChannel = labResult(p)
    expect(perChannel.metrics.mse).toBeLessThan(perTensor.metrics.mse / 2)
    expect(numpySnippet(p, perChannel)).toContain('axis=1, keepdims=True')
  })
})
