import { describe, expect, it } from 'vitest'
import {
  absHistogram,
  CONVENTION_FACTS,
  CONVENTIONS,
  entropyCalibrate,
  ENTROPY_VARIANTS,
  mseCalibrate,
  percentileCalibrate,
  RandomState,
  tvmHistogram,
} from '../../src/core'
import { LabEngine } from '../../src/engine/labEngine'
import { calibrateSym } from '../../src/engine/ops'
import { sourceSpecOf } from '../../src/engine/sources'
import { MESSAGES } from '../../src/i18n'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import {
  INT8_GRID,
  type CalibrationGrid,
  CALIBRATOR_IDS,
  CALIBRATORS,
  calibratorsFor,
  DATA_CALIBRATORS,
  type CalibrationOptions,
} from '../../src/registry/calibrators'
import { CALIBS, CONVENTIONS as LINK_CONVENTIONS, decodeLabParams, FIELDS } from '../../src/state/labParams'
import { OPS_CALIBS } from '../../src/state/opsParams'

const FOUR_BITS: CalibrationGrid = { numBits: 4, unsigned: false }
const UNSIGNED8: CalibrationGrid = { numBits: 8, unsigned: true }

describe('the calibrator registry', () => {
  it('is what the link codec, the ops view and the markers offer', () => {
    expect(CALIBS).toEqual(CALIBRATOR_IDS)
    expect(FIELDS.calib.values).toEqual(CALIBRATOR_IDS)
    expect(OPS_CALIBS).toEqual(calibratorsFor('ops'))
    expect(DATA_CALIBRATORS).toEqual(CALIBRATOR_IDS.filter((c) => c !== 'manual'))
    expect(LINK_CONVENTIONS).toEqual(CONVENTIONS)
  })

  it('has an entry, a name in both languages and a distinct colour for every id', () => {
    const colors = new Set<string>()
    for (const id of CALIBRATOR_IDS) {
      const c = CALIBRATORS[id]
      expect(c.id).toBe(id)
      expect(MESSAGES.en[c.labelKey]).toBeTruthy()
      expect(MESSAGES['zh-CN'][c.labelKey]).toBeTruthy()
      expect(c.color).toMatch(/^#[0-9a-f]{6}$/)
      colors.add(c.color)
    }
    expect(colors.size).toBe(CALIBRATOR_IDS.length)
    for (const conv of CONVENTIONS) {
      expect(CONVENTION_FACTS[conv].id).toBe(conv)
      expect(MESSAGES.en[`conv.name.${conv}`]).toBeTruthy()
      expect(MESSAGES['zh-CN'][`conv.name.${conv}`]).toBeTruthy()
    }
  })

  it('gives the core functions’ thresholds (the registry only wires them)', () => {
    const { params } = decodeLabParams(new URLSearchParams('dist=laplace&n=4000&seed=11'))
    const e = new LabEngine()
    e.generate(sourceSpecOf(params))
    const x = e.table(quantSettingsOf(params)).x
    const h = absHistogram(x, 2048)
    const o: CalibrationOptions = {
      variant: 'tensorrt',
      pct: 99.9,
      pctmode: 'hist',
      t: null,
      grid: INT8_GRID,
    }
    expect(e.threshold('percentile', o)).toBe(percentileCalibrate(h, 99.9))
    expect(e.threshold('mse', o)).toBe(mseCalibrate(h).threshold)
    for (const variant of ENTROPY_VARIANTS) {
      const want =
        variant === 'tvm' ? entropyCalibrate(tvmHistogram(x), { variant }) : entropyCalibrate(h, { variant })
      expect(e.threshold('entropy', { ...o, variant })).toBe(want.threshold)
      // the grid's width and signedness reach the sweep (and key the cache: no int8 threshold comes back)
      for (const grid of [FOUR_BITS, UNSIGNED8]) {
        const opts = { variant, ...grid }
        const own = variant === 'tvm' ? entropyCalibrate(tvmHistogram(x), opts) : entropyCalibrate(h, opts)
        expect(e.threshold('entropy', { ...o, variant, grid }), `${variant} ${JSON.stringify(grid)}`).toBe(
          own.threshold,
        )
      }
    }
    expect(e.threshold('mse', { ...o, grid: FOUR_BITS })).toBe(mseCalibrate(h, FOUR_BITS).threshold)
    expect(e.threshold('mse', { ...o, grid: FOUR_BITS })).not.toBe(e.threshold('mse', o))
    expect(e.threshold('manual', { ...o, t: 0.5 })).toBe(0.5)
    // the add view's symmetric calibration reads the same entries
    expect(calibrateSym(x, 'entropy').threshold).toBe(entropyCalibrate(h, { variant: 'tensorrt' }).threshold)
    expect(calibrateSym(x, 'mse').threshold).toBe(mseCalibrate(h).threshold)
  }, 60_000)

  it('a threshold without its curve (thresholdOnly) is the curve’s threshold, and fails as the curve does', () => {
    const o: CalibrationOptions = {
      variant: 'tensorrt',
      pct: 99.9,
      pctmode: 'hist',
      t: null,
      grid: INT8_GRID,
    }
    const rows = [
      new RandomState(5).normal(0, 3, 10_000),
      new RandomState(6).laplace(0, 1, 700),
      Float64Array.from({ length: 50 }, (_, i) => (i % 7) - 3),
      new Float64Array(8),
    ]
    const withIt = CALIBRATOR_IDS.filter((id) => CALIBRATORS[id].thresholdOnly)
    expect(withIt).toContain('mse')
    for (const id of withIt) {
      const c = CALIBRATORS[id]
      for (const values of rows)
        for (const grid of [INT8_GRID, FOUR_BITS, UNSIGNED8]) {
          const absMax = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
          const x = { values, absMax, absHist: () => absHistogram(values, 2048) }
          const og = { ...o, grid }
          expect(c.thresholdOnly!(x, og), `${id}, ${values.length} values, ${JSON.stringify(grid)}`).toBe(
            c.threshold(x, og, c.curve?.(x, og)),
          )
        }
      // squared errors past float64: the curve's RangeError, from both
      const huge = Float64Array.from({ length: 100 }, (_, i) => (i - 50) * 1e306)
      const x = { values: huge, absMax: 50e306, absHist: () => absHistogram(huge, 2048) }
      expect(() => c.curve?.(x, o)).toThrow(RangeError)
      expect(() => c.thresholdOnly!(x, o)).toThrow(RangeError)
    }
  })

  it('an all-zero tensor has no curves and zero thresholds', () => {
    const zero = {
      values: new Float64Array(8),
      absMax: 0,
      absHist: () => absHistogram(new Float64Array(8), 2048),
    }
    const o: CalibrationOptions = {
      variant: 'tensorrt',
      pct: 99.9,
      pctmode: 'hist',
      t: null,
      grid: INT8_GRID,
    }
    for (const id of DATA_CALIBRATORS) {
      expect(CALIBRATORS[id].curve?.(zero, o) ?? null).toBeNull()
      expect(CALIBRATORS[id].threshold(zero, o)).toBe(0)
    }
  })
})
