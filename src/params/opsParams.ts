/**
 * Link parameters of the Lab's add and dense views (`#/lab/add`, `#/lab/dense`), following the pattern of
 * labParams.ts: every field is described by data, decoded with valibot, numbers clamped into range, invalid
 * values replaced by defaults, and every change reported as a notice (plain text, never HTML).
 */
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

export const ADD_MAX_N = 1_000_000
export const DENSE_MAX = { batch: 256, k: 1024, nout: 1024 } as const

const { en, int, num, optnum, optint, flag } = field

/** `#/lab/add`: inputs A and B (prefix a/b), their calibrations, the output scale and the selected element. */
export const ADD_FIELDS = {
  n: int(1, ADD_MAX_N, 10_000),
  adist: en(ADD_DISTS, 'notes'),
  aseed: int(0, 4294967295, 42),
  aoutlier: optnum(-1e6, 1e6),
  acalib: en(OPS_CALIBS, 'minmax'),
  bdist: en(ADD_DISTS, 'notes'),
  bseed: int(0, 4294967295, 42),
  boutlier: optnum(-1e6, 1e6),
  bcalib: en(OPS_CALIBS, 'minmax'),
  out: en(OUT_MODES, 'minmax'),
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
  scheme: en(OPS_SCHEMES, 'symmetric'),
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

export const encodeAddParams = (p: AddParams): URLSearchParams => encode(ADD_FIELDS, p)
export const encodeDenseParams = (p: DenseParams): URLSearchParams => encode(DENSE_FIELDS, p)
