/**
 * Link parameters of the Lab's add and dense views (`#/lab/add`, `#/lab/dense`), following the pattern of
 * labParams.ts: every field is described by data, decoded with valibot, numbers clamped into range, invalid
 * values replaced by defaults, and every change reported as a notice (plain text, never HTML).
 */
import * as v from 'valibot'
import { SHELL_PARAMS, type ParamNotice } from './labParams'

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
export const OPS_CALIBS = ['minmax', 'percentile', 'entropy', 'mse'] as const
export const OUT_MODES = ['minmax', 'percentile', 'entropy', 'mse', 'manual'] as const
export const WGRANS = ['tensor', 'channel'] as const
export const OPS_SCHEMES = ['symmetric', 'asymmetric'] as const

export const ADD_MAX_N = 1_000_000
export const DENSE_MAX = { batch: 256, k: 1024, nout: 1024 } as const

type EnumField<T extends readonly string[]> = { kind: 'enum'; values: T; default: T[number] }
type NumField = { kind: 'int' | 'num'; min: number; max: number; default: number }
type OptNumField = { kind: 'optnum'; min: number; max: number }
type FlagField = { kind: 'flag'; default: boolean }
type Field = EnumField<readonly string[]> | NumField | OptNumField | FlagField

const en = <T extends readonly string[]>(values: T, d: T[number]): EnumField<T> => ({
  kind: 'enum',
  values,
  default: d,
})
const int = (min: number, max: number, d: number): NumField => ({ kind: 'int', min, max, default: d })
const num = (min: number, max: number, d: number): NumField => ({ kind: 'num', min, max, default: d })
const optnum = (min: number, max: number): OptNumField => ({ kind: 'optnum', min, max })
const flag = (d: boolean): FlagField => ({ kind: 'flag', default: d })

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
  sel: optnum(0, ADD_MAX_N - 1),
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
  sel: optnum(0, DENSE_MAX.batch * DENSE_MAX.nout - 1),
} as const

type ValueOf<F> =
  F extends EnumField<infer T>
    ? T[number]
    : F extends NumField
      ? number
      : F extends OptNumField
        ? number | null
        : F extends FlagField
          ? boolean
          : never

export type AddParams = { -readonly [K in keyof typeof ADD_FIELDS]: ValueOf<(typeof ADD_FIELDS)[K]> }
export type DenseParams = { -readonly [K in keyof typeof DENSE_FIELDS]: ValueOf<(typeof DENSE_FIELDS)[K]> }

function defaultsOf(fields: Record<string, Field>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, f] of Object.entries(fields)) out[k] = 'default' in f ? f.default : null
  return out
}

export const defaultAddParams = (): AddParams => defaultsOf(ADD_FIELDS) as AddParams
export const defaultDenseParams = (): DenseParams => defaultsOf(DENSE_FIELDS) as DenseParams

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i
const numberSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(NUMBER_TEXT),
  v.transform(Number),
  v.number(),
  v.finite(),
)

function decodeField(key: string, raw: string, f: Field, notices: ParamNotice[]): unknown {
  const fallback = 'default' in f ? f.default : null
  const invalid = () => {
    notices.push({ key, value: raw, reason: 'invalid', used: fallback === null ? '' : String(fallback) })
    return fallback
  }
  switch (f.kind) {
    case 'enum': {
      const r = v.safeParse(v.picklist(f.values), raw)
      return r.success ? r.output : invalid()
    }
    case 'flag':
      if (raw === '1' || raw === 'true') return true
      if (raw === '0' || raw === 'false') return false
      return invalid()
    default: {
      const r = v.safeParse(numberSchema, raw)
      if (!r.success) return invalid()
      let x = r.output
      const integer = f.kind === 'int' || key === 'sel'
      if (integer && !Number.isInteger(x)) {
        const rounded = Math.round(x)
        notices.push({ key, value: raw, reason: 'clamped', used: String(rounded) })
        x = rounded
      }
      if (x < f.min || x > f.max) {
        const c = Math.min(f.max, Math.max(f.min, x))
        notices.push({ key, value: raw, reason: 'clamped', used: String(c) })
        return c
      }
      return x
    }
  }
}

function decode(
  fields: Record<string, Field>,
  query: URLSearchParams,
): { params: Record<string, unknown>; notices: ParamNotice[] } {
  const params = defaultsOf(fields)
  const notices: ParamNotice[] = []
  const ver = query.get('v')
  if (ver !== null && ver !== String(OPS_SCHEMA_VERSION))
    notices.push({ key: 'v', value: ver, reason: 'version', used: String(OPS_SCHEMA_VERSION) })
  for (const [key, raw] of query.entries()) {
    if (Object.hasOwn(fields, key)) params[key] = decodeField(key, raw, fields[key], notices)
    else if (!(SHELL_PARAMS as readonly string[]).includes(key))
      notices.push({ key, value: raw, reason: 'unknown' })
  }
  return { params, notices }
}

function encode(fields: Record<string, Field>, p: Record<string, unknown>): URLSearchParams {
  const q = new URLSearchParams()
  q.set('v', String(OPS_SCHEMA_VERSION))
  const d = defaultsOf(fields)
  for (const key of Object.keys(fields)) {
    const val = p[key]
    if (val === null || val === undefined || val === d[key]) continue
    q.set(key, typeof val === 'boolean' ? (val ? '1' : '0') : String(val))
  }
  return q
}

/** Decode `#/lab/add`'s parameters; the selected element is clamped to the tensor length. */
export function decodeAddParams(query: URLSearchParams): { params: AddParams; notices: ParamNotice[] } {
  const { params, notices } = decode(ADD_FIELDS, query)
  const p = params as AddParams
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
  const p = params as DenseParams
  const last = p.batch * p.nout - 1
  if (p.sel !== null && p.sel > last) {
    notices.push({ key: 'sel', value: String(p.sel), reason: 'clamped', used: String(last) })
    p.sel = last
  }
  return { params: p, notices }
}

export const encodeAddParams = (p: AddParams): URLSearchParams =>
  encode(ADD_FIELDS, p as unknown as Record<string, unknown>)
export const encodeDenseParams = (p: DenseParams): URLSearchParams =>
  encode(DENSE_FIELDS, p as unknown as Record<string, unknown>)
