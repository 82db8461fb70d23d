/**
 * The calibrator registry: every calibration method the app offers, in one table. The link codec (the `calib`
 * values), the Lab engine (thresholds, curves, per-channel fallback), the add/dense engine, the controls, the
 * histogram markers, the curve charts and the tutorial widgets all read it, so a new method is one entry here,
 * its core function in src/core/ and its strings in src/i18n/ (docs/adding-a-calibrator.md).
 * Pure: no DOM, no React, no app state (the engine imports it).
 */
import {
  entropyCalibrate,
  ENTROPY_VARIANTS,
  mseCalibrate,
  mseThreshold,
  percentileCalibrate,
  percentileKeepSteps,
  runSteps,
  type Steps,
  tvmHistogram,
  type CurveResult,
  type EntropyVariant,
  type Histogram,
} from '../core'

export const CALIBRATOR_IDS = ['minmax', 'percentile', 'entropy', 'mse', 'manual'] as const
export type CalibratorId = (typeof CALIBRATOR_IDS)[number]
export const PCT_MODES = ['hist', 'notes'] as const
export type PctMode = (typeof PCT_MODES)[number]

/** What a calibrator sees of a tensor (or of one channel). */
export interface CalibrationInput {
  values: ArrayLike<number>
  absMax: number
  /** the 2048-bin |x| histogram over [0, max|x|] (made on first use; callers cache it) */
  absHist: () => Histogram
  /** TVM's signed 8001-bin histogram of the values, if the caller keeps one (else made from `values`) */
  tvmHist?: (() => Histogram) | undefined
}

/**
 * The integer grid a curve calibrator fits its candidates to: TensorRT's and pytorch-quantization's entropy
 * sweeps merge a candidate's bins into 2^(numBits − 1 + unsigned) levels and TVM's into 2^numBits − 1 (2·255 + 1
 * unsigned), pytorch-quantization's MSE sweep rounds the bin centres onto [−(2^(b−1) − 1), 2^(b−1) − 1] or
 * [0, 2^b − 1] (pytorch_quantization/calib/histogram.py, `_compute_amax_entropy` and `_compute_amax_mse`; TVM
 * src/relay/quantize/calibrate.cc). A 4-bit grid calibrated for 8 bits keeps a threshold chosen for 128 levels.
 */
export interface CalibrationGrid {
  numBits: number
  unsigned: boolean
}

/** int8, signed: the grid of the notes, the add and dense views and the tutorial's widgets. */
export const INT8_GRID: CalibrationGrid = { numBits: 8, unsigned: false }

const gridKey = (g: CalibrationGrid) => `${g.numBits}${g.unsigned ? 'u' : 's'}`

/** The settings calibrators read (a subset of the Lab's link parameters). */
export interface CalibrationOptions {
  variant: EntropyVariant
  /** percentile, 0.001 … 100 */
  pct: number
  pctmode: PctMode
  /** the threshold set by hand (null: none yet) */
  t: number | null
  /** the grid KL and MSE calibrate for (the others ignore it) */
  grid: CalibrationGrid
}

/** Where a calibrator is offered. */
export type Surface = 'lab' | 'ops' | 'learn'

export interface Calibrator<Id extends CalibratorId = CalibratorId> {
  id: Id
  /** the method's name in the Lab's controls and markers */
  labelKey: `calib.${Id}`
  /** a fixed short marker label (e.g. "KL"), else the translated name */
  short: string | null
  /** the one palette (Okabe–Ito, colour-blind safe) */
  color: string
  /** the marker's dash pattern on the histogram */
  dash: string
  /** what it needs: the |x| histogram, the raw values (for these options) */
  needs: (o: Omit<CalibrationOptions, 'grid'>) => { histogram: boolean; values: boolean }
  /** the variants a user can pick (entropy: TensorRT, pytorch-quantization, TVM) */
  variants: readonly EntropyVariant[]
  surfaces: readonly Surface[]
  /** the threshold's inputs besides the data: equal keys give equal thresholds (for caching) */
  cacheKey: (o: CalibrationOptions) => string
  /** the curve the threshold minimises (KL, MSE), if any; null for an all-zero tensor */
  curve?: (x: CalibrationInput, o: CalibrationOptions) => CurveResult | null
  /** the clipping threshold T ≥ 0 (curve methods: the curve's argmin; max|x| when there is no curve) */
  threshold: (x: CalibrationInput, o: CalibrationOptions, curve?: CurveResult | null) => number
  /**
   * threshold(x, o, curve(x, o)) without making the whole curve, for callers that need only the threshold (the
   * per-channel view calibrates every row); it throws the RangeError the curve would throw
   */
  thresholdOnly?: (x: CalibrationInput, o: CalibrationOptions) => number
}

const none = () => ({ histogram: false, values: false })

/** The notes' percentile: the largest |x| kept by percentileKeep (k = ⌊n·p⌋ smallest magnitudes). */
function notesPercentile(values: ArrayLike<number>, pct: number): number {
  return runSteps(notesPercentileSteps(values, pct))
}

/** `notesPercentile` in slices (core/steps.ts; the Lab's page engine): the same value. */
export function* notesPercentileSteps(values: ArrayLike<number>, pct: number): Steps<number> {
  const kept = yield* percentileKeepSteps(values, pct / 100)
  yield
  let v = 0
  for (let i = 0; i < kept.length; i++) if (kept[i] > v) v = kept[i]
  return v
}

export const CALIBRATORS: { readonly [Id in CalibratorId]: Calibrator<Id> } = {
  minmax: {
    id: 'minmax',
    labelKey: 'calib.minmax',
    short: null,
    color: '#0072b2',
    dash: '2 3',
    needs: none,
    variants: [],
    surfaces: ['lab', 'ops', 'learn'],
    cacheKey: () => '',
    threshold: (x) => x.absMax,
  },
  percentile: {
    id: 'percentile',
    labelKey: 'calib.percentile',
    short: null,
    color: '#009e73',
    dash: '6 3',
    needs: (o) => ({ histogram: o.pctmode === 'hist', values: o.pctmode === 'notes' }),
    variants: [],
    surfaces: ['lab', 'ops', 'learn'],
    cacheKey: (o) => `${o.pctmode}:${o.pct}`,
    // pytorch-quantization's histogram CDF, or the notes' _find_scale_by_percentile on the values
    threshold: (x, o) =>
      o.pctmode === 'notes'
        ? notesPercentile(x.values, o.pct)
        : x.absMax === 0
          ? 0
          : percentileCalibrate(x.absHist(), o.pct),
  },
  entropy: {
    id: 'entropy',
    labelKey: 'calib.entropy',
    short: 'KL',
    color: '#d55e00',
    dash: '8 2 2 2',
    // TVM's variant builds its own signed histogram from the values
    needs: (o) => ({ histogram: true, values: o.variant === 'tvm' }),
    variants: ENTROPY_VARIANTS,
    surfaces: ['lab', 'ops', 'learn'],
    cacheKey: (o) => `${o.variant}:${gridKey(o.grid)}`,
    curve: (x, o) => {
      if (x.absMax === 0) return null
      const opts = { variant: o.variant, numBits: o.grid.numBits, unsigned: o.grid.unsigned }
      if (o.variant === 'tvm') return entropyCalibrate(x.tvmHist ? x.tvmHist() : tvmHistogram(x.values), opts)
      return entropyCalibrate(x.absHist(), opts)
    },
    threshold: (x, o, curve) =>
      (curve === undefined ? CALIBRATORS.entropy.curve!(x, o) : curve)?.threshold ?? x.absMax,
  },
  mse: {
    id: 'mse',
    labelKey: 'calib.mse',
    short: 'MSE',
    color: '#cc79a7',
    dash: '4 2',
    needs: () => ({ histogram: true, values: false }),
    variants: [],
    surfaces: ['lab', 'ops', 'learn'],
    cacheKey: (o) => gridKey(o.grid),
    curve: (x, o) => (x.absMax === 0 ? null : mseCalibrate(x.absHist(), o.grid)),
    threshold: (x, o, curve) =>
      (curve === undefined ? CALIBRATORS.mse.curve!(x, o) : curve)?.threshold ?? x.absMax,
    thresholdOnly: (x, o) => (x.absMax === 0 ? x.absMax : mseThreshold(x.absHist(), o.grid)),
  },
  manual: {
    id: 'manual',
    labelKey: 'calib.manual',
    short: null,
    color: '#000000',
    dash: '',
    needs: none,
    variants: [],
    surfaces: ['lab'],
    cacheKey: (o) => String(o.t),
    threshold: (x, o) => o.t ?? x.absMax,
  },
}

/** The methods computed from the data (every one but "by hand"): the histogram's markers, the tutorial's rows. */
export const DATA_CALIBRATORS = CALIBRATOR_IDS.filter(
  (id): id is Exclude<CalibratorId, 'manual'> => id !== 'manual',
)
export type DataCalibratorId = (typeof DATA_CALIBRATORS)[number]

/** The calibrators offered on a surface, in registry order. */
export function calibratorsFor(surface: Surface): CalibratorId[] {
  return CALIBRATOR_IDS.filter((id) => CALIBRATORS[id].surfaces.includes(surface))
}

/** Whether a method needs the 2048-bin histogram (a channel with fewer values falls back to min-max). */
export function needsHistogram(id: CalibratorId, o: Omit<CalibrationOptions, 'grid'>): boolean {
  return CALIBRATORS[id].needs(o).histogram
}
