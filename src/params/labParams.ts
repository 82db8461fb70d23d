/**
 * The Lab's link parameters (a public interface: teachers' links must keep working).
 * One typed, versioned, validated codec: every field is described by data below; decoding validates each
 * value with valibot, clamps numbers into range, replaces invalid values by defaults and reports every
 * change as a notice. Nothing decoded here is ever rendered as HTML.
 */
import {
  decodeFields,
  defaultsOf,
  encodeFields,
  type EnumField,
  type FlagField,
  type NumField,
  type OptEnumField,
  type OptNumField,
  type ParamNotice,
  type ParamsOf,
  type TextField,
} from './paramCodec'

import { CONVENTIONS as CORE_CONVENTIONS, type EntropyVariant, type RoundingMode } from '../core'
import { CALIBRATOR_IDS, PCT_MODES } from '../registry/calibrators'
import { LAB_FORMATS } from '../registry/formats'

export { SHELL_PARAMS, type NoticeReason, type ParamNotice } from './paramCodec'

/**
 * The links' schema version (`v`). A link of another version is read with a notice. A new parameter whose
 * default is what links without it showed (fmt, group, variants, nonlinear) leaves the version as it is: links
 * made before it read the same, with no notice.
 */
export const SCHEMA_VERSION = 1

export const DISTS = [
  'uniform',
  'normal',
  'laplace',
  'student-t',
  'bimodal',
  'lognormal',
  'relu-normal',
  'drawn',
  'loaded',
] as const
export const SCHEMES = ['symmetric', 'asymmetric'] as const
// the calibrators and conventions come from their registries (src/registry/, src/core/conventions.ts)
export const CALIBS = CALIBRATOR_IDS
export const VARIANTS = [
  'tensorrt',
  'pytorch-quantization',
  'tvm',
] as const satisfies readonly EntropyVariant[]
export const ROUNDINGS = ['half-even', 'half-away', 'half-up'] as const satisfies readonly RoundingMode[]
export const CONVENTIONS = CORE_CONVENTIONS
export const RANGES = ['full', 'restricted'] as const
export const FORMS = ['notes', 'zp'] as const
export const GRANULARITIES = ['tensor', 'channel', 'group'] as const
export const AXES = ['row', 'col'] as const
export { PCT_MODES }

export const MAX_N = 10_000_000

/** Every parameter: its kind, range and default. Order here is the order links are written in. */
export const FIELDS = {
  dist: { kind: 'enum', values: DISTS, default: 'uniform' } as EnumField<typeof DISTS>,
  lo: { kind: 'num', min: -1e6, max: 1e6, default: -1 } as NumField,
  hi: { kind: 'num', min: -1e6, max: 1e6, default: 1 } as NumField,
  mu: { kind: 'num', min: -1e6, max: 1e6, default: 0 } as NumField,
  sigma: { kind: 'num', min: 1e-9, max: 1e6, default: 1 } as NumField,
  df: { kind: 'num', min: 0.1, max: 1000, default: 3 } as NumField,
  sep: { kind: 'num', min: 0, max: 1e6, default: 3 } as NumField,
  mix: { kind: 'num', min: 0, max: 1, default: 0.5 } as NumField,
  draw: { kind: 'text', pattern: /^[0-9a-z]{8,128}$/, maxLength: 128 } as TextField,
  dlo: { kind: 'num', min: -1e6, max: 1e6, default: -1 } as NumField,
  dhi: { kind: 'num', min: -1e6, max: 1e6, default: 1 } as NumField,
  n: { kind: 'int', min: 1, max: MAX_N, default: 10_000 } as NumField,
  rows: { kind: 'int', min: 1, max: 4096, default: 1 } as NumField,
  spread: { kind: 'num', min: 0, max: 5, default: 0 } as NumField,
  seed: { kind: 'int', min: 0, max: 4294967295, default: 42 } as NumField,
  outlier: { kind: 'optnum', min: -1e30, max: 1e30 } as OptNumField,
  outliers: { kind: 'int', min: 0, max: MAX_N, default: 1 } as NumField,
  at: { kind: 'int', min: 0, max: MAX_N - 1, default: 0 } as NumField,
  scheme: { kind: 'enum', values: SCHEMES, default: 'symmetric' } as EnumField<typeof SCHEMES>,
  form: { kind: 'enum', values: FORMS, default: 'notes' } as EnumField<typeof FORMS>,
  bits: { kind: 'int', min: 2, max: 16, default: 8 } as NumField,
  unsigned: { kind: 'flag', default: false } as FlagField,
  // absent = the convention's own range and rounding (src/core/conventions.ts), so that `conv=pytorch` alone
  // gives PyTorch's numbers; a value in the link overrides it and the controls say when the reference lacks it
  range: { kind: 'optenum', values: RANGES } as OptEnumField<typeof RANGES>,
  gran: { kind: 'enum', values: GRANULARITIES, default: 'tensor' } as EnumField<typeof GRANULARITIES>,
  axis: { kind: 'enum', values: AXES, default: 'row' } as EnumField<typeof AXES>,
  round: { kind: 'optenum', values: ROUNDINGS } as OptEnumField<typeof ROUNDINGS>,
  conv: { kind: 'enum', values: CONVENTIONS, default: 'notes' } as EnumField<typeof CONVENTIONS>,
  calib: { kind: 'enum', values: CALIBS, default: 'minmax' } as EnumField<typeof CALIBS>,
  variant: { kind: 'enum', values: VARIANTS, default: 'tensorrt' } as EnumField<typeof VARIANTS>,
  pct: { kind: 'num', min: 0.001, max: 100, default: 99.99 } as NumField,
  pctmode: { kind: 'enum', values: PCT_MODES, default: 'hist' } as EnumField<typeof PCT_MODES>,
  t: { kind: 'optnum', min: 0, max: 1e30 } as OptNumField,
  log: { kind: 'flag', default: false } as FlagField,
  // formats beyond int8 (issue 15): the grid's number format and the group size of `gran=group`
  fmt: { kind: 'enum', values: LAB_FORMATS, default: 'int' } as EnumField<typeof LAB_FORMATS>,
  group: { kind: 'int', min: 8, max: 256, default: 128 } as NumField,
  sel: { kind: 'optnum', min: 0, max: 100_000 } as OptNumField,
  // what the view shows, not what is computed: the KL curves of the three variants overlaid, and the grid
  // compared with the power-of-two, log and same-width format grids (absent = off, as before they were kept)
  variants: { kind: 'flag', default: false } as FlagField,
  nonlinear: { kind: 'flag', default: false } as FlagField,
} as const

type Fields = typeof FIELDS
export type LabParams = ParamsOf<Fields>
export type LabParamKey = keyof LabParams

/**
 * The notes' "traitor": x1 = uniform(−1, 1) of 10,000 values (seed 42) with x1[0] = 10. The one definition the
 * Lab's default, its preset, the home page, the step-through and the tutorial use.
 */
export const TRAITOR_SOURCE = {
  dist: 'uniform',
  lo: -1,
  hi: 1,
  n: 10_000,
  seed: 42,
  outlier: 10,
} as const satisfies Partial<LabParams>

export function defaultLabParams(): LabParams {
  return defaultsOf(FIELDS)
}

/**
 * The shape a generated source takes: `rows` rows of ⌊n / rows⌋ values (rows at most n), so n = 10,000 in 3 rows
 * holds 9,999 values. The generator, the link codec and the outlier fields all read it here.
 */
export function generatedShape(n: number, rows: number): { rows: number; cols: number; length: number } {
  const r = Math.max(1, Math.min(rows, n))
  const cols = Math.max(1, Math.floor(n / r))
  return { rows: r, cols: r === 1 ? n : cols, length: r === 1 ? n : r * cols }
}

/** Decode the lab state from a query string. Returns the params and a notice for everything changed. */
export function decodeLabParams(query: URLSearchParams): { params: LabParams; notices: ParamNotice[] } {
  const { params, notices } = decodeFields(FIELDS, query, SCHEMA_VERSION)
  const p = params
  // a drawing of no height anywhere is no density: the default sketch was drawn instead, and the link said nothing
  if (p.draw !== null && /^0+$/.test(p.draw)) {
    notices.push({ key: 'draw', value: p.draw, reason: 'invalid', used: '' })
    p.draw = null
  }
  uncross(p, 'lo', 'hi', notices)
  // injected outliers go at `at`, `at + 1`, …: those past the generated tensor's end are not injected, and the
  // outlier fields say so (OutlierFit). The link keeps `at` and `outliers` as they are: the Lab's fields keep
  // them when the size is lowered under them, so a link (or a saved preset) of that state must read back the same
  // numbers, not move the outlier inside
  uncross(p, 'dlo', 'dhi', notices)
  return { params: p, notices }
}

/**
 * A range whose ends cross (low ≥ high): the high end moves to low + 1, or, where that would leave its field's
 * limits (low at the top), the low end to high − 1, or, where neither fits, both go back to their defaults; a
 * notice names each end that moved.
 */
function uncross(p: LabParams, low: 'lo' | 'dlo', high: 'hi' | 'dhi', notices: ParamNotice[]): void {
  if (p[low] < p[high]) return
  const move = (key: 'lo' | 'dlo' | 'hi' | 'dhi', to: number) => {
    const other = key === low ? high : low
    notices.push({ key, value: String(p[key]), reason: 'order', used: String(to), other })
    p[key] = to
  }
  if (p[low] + 1 <= FIELDS[high].max) move(high, p[low] + 1)
  else if (p[high] - 1 >= FIELDS[low].min) move(low, p[high] - 1)
  else {
    move(low, FIELDS[low].default)
    move(high, FIELDS[high].default)
  }
}

/** Encode the lab state: the version, the source, then every field that differs from its default. */
export function encodeLabParams(p: LabParams): URLSearchParams {
  return encodeFields(FIELDS, p, SCHEMA_VERSION, ['dist'])
}
