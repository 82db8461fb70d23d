/**
 * Link parameters of the Lab's add and dense views (`#/lab/add`, `#/lab/dense`), following the pattern of
 * labParams.ts: every field is described by data, decoded with valibot, numbers clamped into range, invalid
 * values replaced by defaults, and every change reported as a notice (plain text, never HTML).
 */
import { ENTROPY_VARIANTS } from '../core'
import { CALIBRATORS, DATA_CALIBRATORS, type DataCalibratorId } from '../registry/calibrators'
import { decodeFields, encodeFields, defaultsOf, field, type ParamNotice, type ParamsOf } from './paramCodec'

export const OPS_SCHEMA_VERSION = 1

/** Sources for the add inputs: the notes' x1/x2 stream, or one of the Lab's generators. */
export const ADD_DISTS = [
  'notes',
  'loaded',
  'uniform',
  'normal',
  'laplace',
  'student-t',
  'bimodal',
  'lognormal',
  'relu-normal',
] as const
export const GEN_DISTS = [
  'uniform',
  'normal',
  'laplace',
  'student-t',
  'bimodal',
  'lognormal',
  'relu-normal',
] as const
/** Dense X and W: the generators or the tensor loaded in the Lab. */
export const DENSE_DISTS = [...GEN_DISTS, 'loaded'] as const
/** The calibrators the add view offers (registry surface 'ops'); the output may also be set by hand. */
export const OPS_CALIBS: readonly DataCalibratorId[] = DATA_CALIBRATORS.filter((id) =>
  (CALIBRATORS[id].surfaces as readonly string[]).includes('ops'),
)
export const OUT_MODES: readonly (DataCalibratorId | 'manual')[] = [...OPS_CALIBS, 'manual']
export const WGRANS = ['tensor', 'channel'] as const
export const OPS_SCHEMES = ['symmetric', 'asymmetric'] as const
/** The notes' float-offset form y = w·x_q + b_f (with b_q = round(b_f/w)) or the zero-point form x = S·(q − Z). */
export const OPS_FORMS = ['notes', 'zp'] as const
/** The percentile the views start from: the notes' _find_scale_by_percentile default, 0.99999. */
export const OPS_PCT = 99.999

export const ADD_MAX_N = 1_000_000
export const DENSE_MAX = { batch: 256, k: 1024, nout: 1024 } as const

const { en, optenum, int, num, optnum, optint, flag } = field

/** A calibrator's own settings: the KL variant and the percentile (registry: src/registry/calibrators.ts). */
const variantField = () => en(ENTROPY_VARIANTS, 'tensorrt')
const pctField = () => num(0.001, 100, OPS_PCT)

/**
 * `#/lab/add`: inputs A and B (prefix a/b), their calibrations, the output (prefix o, or `out` and `wc`), the
 * scheme and form, and the selected element. `scheme` sets A, B and C at once (default asymmetric, as the notes'
 * add experiment: calculate_quant_param with w and b); `ascheme`/`bscheme`/`cscheme` override one tensor.
 */
export const ADD_FIELDS = {
  n: int(1, ADD_MAX_N, 10_000),
  scheme: en(OPS_SCHEMES, 'asymmetric'),
  form: en(OPS_FORMS, 'notes'),
  adist: en(ADD_DISTS, 'notes'),
  aseed: int(0, 4294967295, 42),
  aoutlier: optnum(-1e6, 1e6),
  acalib: en(OPS_CALIBS, 'minmax'),
  ascheme: optenum(OPS_SCHEMES),
  avariant: variantField(),
  apct: pctField(),
  bdist: en(ADD_DISTS, 'notes'),
  bseed: int(0, 4294967295, 42),
  boutlier: optnum(-1e6, 1e6),
  bcalib: en(OPS_CALIBS, 'minmax'),
  bscheme: optenum(OPS_SCHEMES),
  bvariant: variantField(),
  bpct: pctField(),
  out: en(OUT_MODES, 'minmax'),
  cscheme: optenum(OPS_SCHEMES),
  ovariant: variantField(),
  opct: pctField(),
  wc: optnum(1e-9, 1e6),
  sel: optint(0, ADD_MAX_N - 1),
} as const

/** `#/lab/dense`: shapes, generators, bias, weight granularity, scheme and the selected output element. */
export const DENSE_FIELDS = {
  batch: int(1, DENSE_MAX.batch, 1),
  k: int(1, DENSE_MAX.k, 16),
  nout: int(1, DENSE_MAX.nout, 8),
  xdist: en(DENSE_DISTS, 'uniform'),
  wdist: en(DENSE_DISTS, 'normal'),
  seed: int(0, 4294967295, 42),
  spread: num(0, 3, 1),
  bias: flag(true),
  wgran: en(WGRANS, 'tensor'),
  // X and the output (the activations); W is symmetric unless `wscheme` says otherwise (per tensor only)
  scheme: en(OPS_SCHEMES, 'symmetric'),
  wscheme: en(OPS_SCHEMES, 'symmetric'),
  xcalib: en(OPS_CALIBS, 'minmax'),
  xvariant: variantField(),
  xpct: pctField(),
  ocalib: en(OPS_CALIBS, 'minmax'),
  ovariant: variantField(),
  opct: pctField(),
  sel: optint(0, DENSE_MAX.batch * DENSE_MAX.nout - 1),
  // activation outlier channels and SmoothQuant (issue 15): `xoutk` columns of X times `xout`
  xout: optnum(1, 1000),
  xoutk: int(1, DENSE_MAX.k, 4),
  alpha: num(0, 1, 0.5),
  xtok: flag(false),
} as const

export type AddParams = ParamsOf<typeof ADD_FIELDS>
export type DenseParams = ParamsOf<typeof DENSE_FIELDS>

export const defaultAddParams = (): AddParams => defaultsOf(ADD_FIELDS)
export const defaultDenseParams = (): DenseParams => defaultsOf(DENSE_FIELDS)

const decode = <Fs extends typeof ADD_FIELDS | typeof DENSE_FIELDS>(fields: Fs, query: URLSearchParams) =>
  decodeFields(fields, query, OPS_SCHEMA_VERSION)
const encode = <Fs extends typeof ADD_FIELDS | typeof DENSE_FIELDS>(fields: Fs, p: ParamsOf<Fs>) =>
  encodeFields(fields, p, OPS_SCHEMA_VERSION)

/** Decode `#/lab/add`'s parameters; the selected element is clamped to the tensor length. */
export function decodeAddParams(query: URLSearchParams): { params: AddParams; notices: ParamNotice[] } {
  const { params, notices } = decode(ADD_FIELDS, query)
  const p = params
  if (p.sel !== null && p.sel > p.n - 1) {
    notices.push({ key: 'sel', value: String(p.sel), reason: 'clamped', used: String(p.n - 1) })
    p.sel = p.n - 1
  }
  if (p.out === 'manual' && p.wc === null) {
    notices.push({ key: 'wc', value: '', reason: 'invalid', used: 'minmax' })
    p.out = 'minmax'
  }
  return { params: p, notices }
}

/** Decode `#/lab/dense`'s parameters; the selected output is clamped to batch × nout. */
export function decodeDenseParams(query: URLSearchParams): { params: DenseParams; notices: ParamNotice[] } {
  const { params, notices } = decode(DENSE_FIELDS, query)
  const p = params
  const last = p.batch * p.nout - 1
  if (p.sel !== null && p.sel > last) {
    notices.push({ key: 'sel', value: String(p.sel), reason: 'clamped', used: String(last) })
    p.sel = last
  }
  return { params: p, notices }
}

/** The scheme of one add tensor: its own (`ascheme`, …) or the view's `scheme`. */
export const addSchemeOf = (p: AddParams, t: 'a' | 'b' | 'c'): (typeof OPS_SCHEMES)[number] =>
  (t === 'a' ? p.ascheme : t === 'b' ? p.bscheme : p.cscheme) ?? p.scheme

export const encodeAddParams = (p: AddParams): URLSearchParams => encode(ADD_FIELDS, p)
export const encodeDenseParams = (p: DenseParams): URLSearchParams => encode(DENSE_FIELDS, p)
