/**
 * The link-parameter codec shared by every view (the Lab, add, dense, accuracy, model): each parameter is
 * described by data (its kind, range and default); decoding validates each value with valibot, clamps numbers
 * into range, rounds integers, replaces invalid values by defaults and reports every change as a notice.
 * Unknown names are reported too. Nothing decoded here is ever rendered as HTML.
 */
import * as v from 'valibot'
import { langNotices } from './langParam'
import { lastParam } from './lastParam'

export type EnumField<T extends readonly string[]> = { kind: 'enum'; values: T; default: T[number] }
/** optional choice (absent = null, e.g. "the convention's own") */
export type OptEnumField<T extends readonly string[]> = { kind: 'optenum'; values: T }
export type NumField = { kind: 'int' | 'num'; min: number; max: number; default: number }
/** optional number (absent = null); 'optint' must be an integer */
export type OptNumField = { kind: 'optnum' | 'optint'; min: number; max: number }
export type FlagField = { kind: 'flag'; default: boolean }
export type TextField = { kind: 'text'; pattern: RegExp; maxLength: number }
/**
 * A parameter given once per item (`axis=a:1&axis=b:0`): every value checked as a TextField's, in link order;
 * an invalid one is dropped with a notice. Absent = [].
 */
export type ListField = { kind: 'list'; pattern: RegExp; maxLength: number }
export type Field =
  | EnumField<readonly string[]>
  | OptEnumField<readonly string[]>
  | NumField
  | OptNumField
  | FlagField
  | TextField
  | ListField

export type ValueOf<F> =
  F extends EnumField<infer T>
    ? T[number]
    : F extends OptEnumField<infer T>
      ? T[number] | null
      : F extends NumField
        ? number
        : F extends OptNumField
          ? number | null
          : F extends FlagField
            ? boolean
            : F extends TextField
              ? string | null
              : F extends ListField
                ? string[]
                : never

export type ParamsOf<Fs> = { -readonly [K in keyof Fs]: ValueOf<Fs[K]> }

/** Parameters every view knows (the shell's and the step-through's), so they are not reported as unknown. */
export const SHELL_PARAMS = ['v', 'lang', 'present', 'hide', 'step', 'sec'] as const

/**
 * `order`: one end of a range crossed the other (`other` names it); `repeated`: a parameter of one value given
 * again, whose later value is read (`value` is the one ignored, `used` the one read); `language`: a `lang` the
 * app does not speak (langParam.ts), the page shown in the browser's language, which the view names
 */
export type NoticeReason = 'unknown' | 'invalid' | 'clamped' | 'version' | 'order' | 'repeated' | 'language'
export interface ParamNotice {
  key: string
  /** the raw value from the link (plain text; shown with textContent only) */
  value: string
  reason: NoticeReason
  /** the value used instead (for clamped/invalid) */
  used?: string
  /** the other end of the range (for order) */
  other?: string
}

export const field = {
  en: <T extends readonly string[]>(values: T, d: T[number]): EnumField<T> => ({
    kind: 'enum',
    values,
    default: d,
  }),
  optenum: <T extends readonly string[]>(values: T): OptEnumField<T> => ({ kind: 'optenum', values }),
  int: (min: number, max: number, d: number): NumField => ({ kind: 'int', min, max, default: d }),
  num: (min: number, max: number, d: number): NumField => ({ kind: 'num', min, max, default: d }),
  optnum: (min: number, max: number): OptNumField => ({ kind: 'optnum', min, max }),
  optint: (min: number, max: number): OptNumField => ({ kind: 'optint', min, max }),
  flag: (d: boolean): FlagField => ({ kind: 'flag', default: d }),
  text: (pattern: RegExp, maxLength: number): TextField => ({ kind: 'text', pattern, maxLength }),
  list: (pattern: RegExp, maxLength: number): ListField => ({ kind: 'list', pattern, maxLength }),
}

export function defaultsOf<Fs extends Record<string, Field>>(fields: Fs): ParamsOf<Fs> {
  const out: Record<string, unknown> = {}
  for (const [k, f] of Object.entries(fields))
    out[k] = f.kind === 'list' ? [] : 'default' in f ? f.default : null
  return out as ParamsOf<Fs>
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

/**
 * A field's valibot schema, built once per field: `v.picklist` builds its `expects` text from its options when
 * it is made, which a CPU profile of a cold Lab page put at ~5 ms of decoding its first new link.
 */
const schemas = new WeakMap<Field, v.GenericSchema<string>>()
function schemaOf(f: Field, make: () => v.GenericSchema<string>): v.GenericSchema<string> {
  let s = schemas.get(f)
  if (!s) schemas.set(f, (s = make()))
  return s
}

function decodeField(key: string, raw: string, f: Field, notices: ParamNotice[]): unknown {
  const fallback = 'default' in f ? f.default : null
  const invalid = () => {
    notices.push({ key, value: raw, reason: 'invalid', used: fallback === null ? '' : String(fallback) })
    return fallback
  }
  switch (f.kind) {
    case 'enum':
    case 'optenum': {
      const r = v.safeParse(
        schemaOf(f, () => v.picklist(f.values)),
        raw,
      )
      return r.success ? r.output : invalid()
    }
    case 'flag':
      if (raw === '1' || raw === 'true') return true
      if (raw === '0' || raw === 'false') return false
      return invalid()
    case 'text':
    case 'list': {
      const r = v.safeParse(
        schemaOf(f, () => v.pipe(v.string(), v.maxLength(f.maxLength), v.regex(f.pattern))),
        raw,
      )
      return r.success ? r.output : invalid()
    }
    default: {
      const r = v.safeParse(numberSchema, raw)
      if (!r.success) return invalid()
      let x = r.output
      if ((f.kind === 'int' || f.kind === 'optint') && !Number.isInteger(x)) {
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

/** Decode a query against a field table: defaults for what is absent, a notice for everything changed. */
export function decodeFields<Fs extends Record<string, Field>>(
  fields: Fs,
  query: URLSearchParams,
  version: number,
  alsoKnown: readonly string[] = [],
): { params: ParamsOf<Fs>; notices: ParamNotice[] } {
  const params = defaultsOf(fields) as Record<string, unknown>
  // (the shell's `lang` first: it applies to the whole page)
  const notices: ParamNotice[] = langNotices(query)
  const ver = lastParam(query, 'v')
  if (ver !== null && ver !== String(version))
    notices.push({ key: 'v', value: ver, reason: 'version', used: String(version) })
  // the raw value read for each single-valued parameter so far: a parameter given twice (a link edited by hand)
  // read its last value and dropped the others without a word
  const given = new Map<string, string>()
  for (const [key, raw] of query.entries()) {
    if (Object.hasOwn(fields, key)) {
      const f = fields[key]
      const before = given.get(key)
      if (before !== undefined && before !== raw)
        notices.push({ key, value: before, reason: 'repeated', used: raw })
      if (f.kind !== 'list') given.set(key, raw)
      const x = decodeField(key, raw, f, notices)
      if (f.kind !== 'list') params[key] = x
      else if (x !== null) (params[key] as string[]).push(x as string)
    } else if ((SHELL_PARAMS as readonly string[]).includes(key)) {
      // the shell's own, read by the shell as its last value (lastParam); `lang`'s notices are langNotices'
      const before = given.get(key)
      if (key !== 'lang' && before !== undefined && before !== raw)
        notices.push({ key, value: before, reason: 'repeated', used: raw })
      given.set(key, raw)
    } else if (!alsoKnown.includes(key)) {
      notices.push({ key, value: raw, reason: 'unknown' })
    }
  }
  return { params: params as ParamsOf<Fs>, notices }
}

/**
 * Encode: the version, then every field that differs from its default (and those in `always`); a list field's
 * items one parameter each, in order.
 */
export function encodeFields<Fs extends Record<string, Field>>(
  fields: Fs,
  p: ParamsOf<Fs>,
  version: number,
  always: readonly string[] = [],
): URLSearchParams {
  const q = new URLSearchParams()
  q.set('v', String(version))
  const d = defaultsOf(fields) as Record<string, unknown>
  // every field's value is one of ValueOf's cases
  const values = p as Record<string, ValueOf<Field> | undefined>
  for (const key of Object.keys(fields)) {
    const val = values[key]
    if (val === null || val === undefined) continue
    if (Array.isArray(val)) {
      for (const item of val) q.append(key, item)
      continue
    }
    if (val === d[key] && !always.includes(key)) continue
    q.set(key, typeof val === 'boolean' ? (val ? '1' : '0') : String(val))
  }
  return q
}
