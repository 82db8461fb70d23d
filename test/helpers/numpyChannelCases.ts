/**
 * The per-channel cases of the "As numpy" script (test/unit/numpyChannels.test.ts) and how to read the script's
 * printed figures; scripts/make-numpy-channels-fixture.ts runs these scripts with python3 and numpy and pins their
 * output in test/fixtures/numpy-channels.json.
 */
import { LabEngine, type QuantResult } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'

export function labResult(p: LabParams): QuantResult {
  const e = new LabEngine()
  e.generate(sourceSpecOf(p))
  return e.quantize(quantSettingsOf(p))
}

/** A float as Python prints it (inf, -inf and nan included). */
export function pyNumber(t: string): number {
  const special: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN }
  return t in special ? special[t] : Number(t)
}

/** MSE, SQNR and codes used as the script prints them. */
export function printed(out: string): { mse: number; sqnr: number; used: number; total: number } {
  const m = /MSE (\S+) SQNR dB (\S+)/.exec(out)
  const c = /codes used (\d+) of (\d+)/.exec(out)
  if (!m || !c) throw new Error(`no figures in the script's output:\n${out}`)
  return { mse: pyNumber(m[1]), sqnr: pyNumber(m[2]), used: Number(c[1]), total: Number(c[2]) }
}

export const base = (p: Partial<LabParams>): LabParams => ({
  ...defaultLabParams(),
  dist: 'normal',
  rows: 16,
  n: 16 * 512,
  spread: 1.5,
  gran: 'channel',
  ...p,
})

export const CASES: [string, Partial<LabParams>][] = [
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
