/**
 * The Lab's link parameters (a public interface: teachers' links must keep working).
 * One typed, versioned, validated codec: every field is described by data below; decoding validates each
 * value with valibot, clamps numbers into range, replaces invalid values by defaults and reports every
 * change as a notice. Nothing decoded here is ever rendered as HTML.
 */
import * as v from 'valibot'

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
export const CALIBS = ['minmax', 'percentile', 'entropy', 'mse', 'manual'] as const
export const VARIANTS = ['tensorrt', 'pytorch-quantization', 'tvm'] as const
export const ROUNDINGS = ['half-even', 'half-away', 'half-up'] as const
export const CONVENTIONS = ['notes', 'pytorch', 'onnxruntime', 'tensorrt', 'tvm'] as const
export const RANGES = ['full', 'restricted'] as const
export const FORMS = ['notes', 'zp'] as const
export const GRANULARITIES = ['tensor', 'channel'] as const
export const AXES = ['row', 'col'] as const
export const PCT_MODES = ['hist', 'notes'] as const

export const MAX_N = 10_000_000

type EnumField<T extends readonly string[]> = { kind: 'enum'; values: T; default: T[number] }
type NumField = { kind: 'int' | 'num'; min: number; max: number; default: number }
type OptNumField = { kind: 'optnum'; min: number; max: number }
type FlagField = { kind: 'flag'; default: boolean }
type TextField = { kind: 'text'; pattern: RegExp; maxLength: number }

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
  range: { kind: 'enum', values: RANGES, default: 'restricted' } as EnumField<typeof RANGES>,
  gran: { kind: 'enum', values: GRANULARITIES, default: 'tensor' } as EnumField<typeof GRANULARITIES>,
  axis: { kind: 'enum', values: AXES, default: 'row' } as EnumField<typeof AXES>,
  round: { kind: 'enum', values: ROUNDINGS, default: 'half-even' } as EnumField<typeof ROUNDINGS>,
  conv: { kind: 'enum', values: CONVENTIONS, default: 'notes' } as EnumField<typeof CONVENTIONS>,
  calib: { kind: 'enum', values: CALIBS, default: 'minmax' } as EnumField<typeof CALIBS>,
  variant: { kind: 'enum', values: VARIANTS, default: 'tensorrt' } as EnumField<typeof VARIANTS>,
  pct: { kind: 'num', min: 0, max: 100, default: 99.99 } as NumField,
  pctmode: { kind: 'enum', values: PCT_MODES, default: 'hist' } as EnumField<typeof PCT_MODES>,
  t: { kind: 'optnum', min: 0, max: 1e30 } as OptNumField,
  log: { kind: 'flag', default: false } as FlagField,
  sel: { kind: 'optnum', min: 0, max: 100_000 } as OptNumField,
} as const

type Fields = typeof FIELDS
type ValueOf<F> =
  F extends EnumField<infer T>
    ? T[number]
    : F extends NumField
      ? number
      : F extends OptNumField
        ? number | null
        : F extends FlagField
          ? boolean
          : F extends TextField
            ? string | null
            : never

export type LabParams = { -readonly [K in keyof Fields]: ValueOf<Fields[K]> }
export type LabParamKey = keyof LabParams

/** Params that are not lab fields but still known (so they are not reported as unknown). */
export const SHELL_PARAMS = ['v', 'lang', 'present', 'hide', 'step', 'a', 'b', 'x', 'w'] as const

export function defaultLabParams(): LabParams {
  const out: Record<string, unknown> = {}
  for (const [k, f] of Object.entries(FIELDS)) {
    out[k] = 'default' in f ? f.default : null
  }
  return out as LabParams
}

export type NoticeReason = 'unknown' | 'invalid' | 'clamped' | 'version'
export interface ParamNotice {
  key: string
  /** the raw value from the link (plain text; shown with textContent only) */
  value: string
  reason: NoticeReason
  /** the value used instead (for clamped/invalid) */
  used?: string
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i
const numberSchema = v.pipe(
  v.string(),
  v.trim(),
  v.regex(NUMBER_TEXT),
  v.transform(Number),
  v.number(),
  v.finite(),
)

function decodeField(key: string, raw: string, f: Fields[keyof Fields], notices: ParamNotice[]): unknown {
  const fallback = 'default' in f ? f.default : null
  const invalid = () => {
    notices.push({ key, value: raw, reason: 'invalid', used: fallback === null ? '' : String(fallback) })
    return fallback
  }
  switch (f.kind) {
    case 'enum': {
      const r = v.safeParse(v.picklist(f.values as readonly string[]), raw)
      return r.success ? r.output : invalid()
    }
    case 'flag': {
      if (raw === '1' || raw === 'true') return true
      if (raw === '0' || raw === 'false') return false
      return invalid()
    }
    case 'text': {
      const r = v.safeParse(v.pipe(v.string(), v.maxLength(f.maxLength), v.regex(f.pattern)), raw)
      return r.success ? r.output : invalid()
    }
    case 'int':
    case 'num':
    case 'optnum': {
      const r = v.safeParse(numberSchema, raw)
      if (!r.success) return invalid()
      let x = r.output
      if (f.kind === 'int' && !Number.isInteger(x)) {
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

/** Decode the lab state from a query string. Returns the params and a notice for everything changed. */
export function decodeLabParams(query: URLSearchParams): { params: LabParams; notices: ParamNotice[] } {
  const params = defaultLabParams() as Record<string, unknown>
  const notices: ParamNotice[] = []
  const ver = query.get('v')
  if (ver !== null && ver !== String(SCHEMA_VERSION)) {
    notices.push({ key: 'v', value: ver, reason: 'version', used: String(SCHEMA_VERSION) })
  }
  for (const [key, raw] of query.entries()) {
    if (Object.hasOwn(FIELDS, key)) {
      params[key] = decodeField(key, raw, FIELDS[key as keyof Fields], notices)
    } else if (!(SHELL_PARAMS as readonly string[]).includes(key)) {
      notices.push({ key, value: raw, reason: 'unknown' })
    }
  }
  const p = params as LabParams
  if (p.lo >= p.hi) {
    notices.push({ key: 'hi', value: String(p.hi), reason: 'invalid', used: String(p.lo + 1) })
    p.hi = p.lo + 1
  }
  if (p.dlo >= p.dhi) p.dhi = p.dlo + 1
  return { params: p, notices }
}

function formatNumber(x: number): string {
  return String(x)
}

/** Encode the lab state: the version, then every field that differs from its default. */
export function encodeLabParams(p: LabParams): URLSearchParams {
  const q = new URLSearchParams()
  q.set('v', String(SCHEMA_VERSION))
  const defaults = defaultLabParams()
  for (const key of Object.keys(FIELDS) as LabParamKey[]) {
    const val = p[key]
    if (val === null || val === undefined) continue
    if (val === defaults[key] && key !== 'dist') continue
    if (typeof val === 'boolean') q.set(key, val ? '1' : '0')
    else if (typeof val === 'number') q.set(key, formatNumber(val))
    else q.set(key, val)
  }
  return q
}
