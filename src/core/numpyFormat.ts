/**
 * numpy's printing of float64 values and 1-D arrays, character for character (numpy 1.24, default print options,
 * `legacy=False`), plus Python's `'{:.3g}'` formatting. Used to reproduce `np.testing.assert_allclose` failure
 * messages exactly as the notes print them.
 *
 * Sources (read, re-implemented): numpy/core/arrayprint.py — `array2string`, `_array2string`, `_formatArray`,
 * `_extendLine`, `_leading_trailing`, `FloatingFormat.fillFormat` / `__call__`, `_array_repr_implementation`;
 * numpy/core/src/multiarray/dragon4.c — `Dragon4` digit generation in "unique" mode with a cutoff
 * (`CutoffMode_TotalLength` / fractional), `FormatPositional`, `FormatScientific` (trim modes, padding, exponent
 * digits); CPython's float `__format__` ('g' presentation type).
 *
 * Digits: the shortest round-trip digits come from the JavaScript engine (the same shortest/closest choice as
 * Dragon4's unique mode); whenever those need more digits than allowed, the exact binary value is expanded with
 * BigInt and rounded half-to-even at the cutoff, which is what Dragon4 does when it stops at the cutoff digit.
 */

/** A decimal digit string with the position of its decimal point: value = 0.d1d2d3… × 10^point. */
interface Decimal {
  digits: string // no leading zeros, at least one digit ("0" for zero)
  point: number
}

const DV = new DataView(new ArrayBuffer(8))

/** Exact decimal expansion of a finite |v| > 0: |v| = D · 10^e10 with D a BigInt. */
function exactDecimal(v: number): { d: bigint; e10: number } {
  DV.setFloat64(0, Math.abs(v))
  const hi = DV.getUint32(0)
  const lo = DV.getUint32(4)
  const bexp = (hi >>> 20) & 0x7ff
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  let e2: number
  if (bexp === 0) {
    e2 = -1074
  } else {
    mant |= 1n << 52n
    e2 = bexp - 1075
  }
  if (e2 >= 0) return { d: mant << BigInt(e2), e10: 0 }
  // m · 2^e2 = m · 5^(−e2) · 10^e2
  return { d: mant * 5n ** BigInt(-e2), e10: e2 }
}

/** Round the integer d/div half-to-even (div > 0). */
function divRoundHalfEven(d: bigint, div: bigint): bigint {
  const q = d / div
  const r2 = (d % div) * 2n
  if (r2 > div || (r2 === div && (q & 1n) === 1n)) return q + 1n
  return q
}

function bigToDecimal(n: bigint, e10: number): Decimal {
  if (n === 0n) return { digits: '0', point: 1 }
  const s = n.toString()
  return { digits: s, point: s.length + e10 }
}

/** Shortest round-trip digits of |v| (v finite, non-zero). */
function shortestDecimal(v: number): Decimal {
  const s = Math.abs(v).toExponential() // "d.ddde±x": the engine's shortest, closest digits
  const ePos = s.indexOf('e')
  const digits = s.slice(0, ePos).replace('.', '')
  const x = Number(s.slice(ePos + 1))
  return { digits, point: x + 1 }
}

/** Strip trailing zeros from the digit string (keeping at least one digit). */
function trimZeros(d: Decimal): Decimal {
  let end = d.digits.length
  while (end > 1 && d.digits[end - 1] === '0') end--
  return { digits: d.digits.slice(0, end), point: d.point }
}

/**
 * Dragon4 unique-mode digits of |v| cut off after `fracDigits` digits right of the decimal point: the shortest
 * digits when they fit, else the exact value rounded half-to-even at the cutoff. Trailing zeros removed.
 */
function digitsFractional(v: number, fracDigits: number): Decimal {
  if (v === 0) return { digits: '0', point: 1 }
  const sh = shortestDecimal(v)
  if (sh.digits.length - sh.point <= fracDigits) return sh
  const { d, e10 } = exactDecimal(v)
  // N = round(|v| · 10^fracDigits)
  const shift = e10 + fracDigits
  const n = shift >= 0 ? d * 10n ** BigInt(shift) : divRoundHalfEven(d, 10n ** BigInt(-shift))
  return trimZeros(bigToDecimal(n, -fracDigits))
}

/** As digitsFractional, but the cutoff is `sigDigits` significant digits (scientific notation). */
function digitsSignificant(v: number, sigDigits: number): Decimal {
  if (v === 0) return { digits: '0', point: 1 }
  const sh = shortestDecimal(v)
  if (sh.digits.length <= sigDigits) return sh
  const { d, e10 } = exactDecimal(v)
  const len = d.toString().length
  const drop = len - sigDigits
  if (drop <= 0) return trimZeros(bigToDecimal(d, e10))
  const n = divRoundHalfEven(d, 10n ** BigInt(drop))
  return trimZeros(bigToDecimal(n, e10 + drop))
}

/**
 * dragon4_positional(x, precision, unique=True, fractional=True, trim, min_digits, pad_left, pad_right) for
 * finite x, with numpy's sign rule (a '-' for negative numbers including −0.0).
 */
function positional(
  x: number,
  precision: number,
  trim: '.' | 'k',
  minDigits: number,
  padLeft: number,
  padRight: number,
): string {
  const dec = digitsFractional(x, precision)
  let intPart: string
  let frac: string
  if (dec.point <= 0) {
    intPart = '0'
    frac = '0'.repeat(-dec.point) + dec.digits
  } else if (dec.point >= dec.digits.length) {
    intPart = dec.digits + '0'.repeat(dec.point - dec.digits.length)
    frac = ''
  } else {
    intPart = dec.digits.slice(0, dec.point)
    frac = dec.digits.slice(dec.point)
  }
  if (trim === '.') frac = frac.replace(/0+$/, '')
  if (frac.length < minDigits) frac = frac + '0'.repeat(minDigits - frac.length)
  const sign = x < 0 || Object.is(x, -0) ? '-' : ''
  const left = sign + intPart
  return left.padStart(padLeft, ' ') + '.' + frac.padEnd(padRight, ' ')
}

/** dragon4_scientific(x, precision, unique=True, trim, min_digits, pad_left, exp_digits) for finite x. */
function scientific(
  x: number,
  precision: number,
  trim: '.' | 'k',
  minDigits: number,
  padLeft: number,
  expDigits: number,
): string {
  const dec = digitsSignificant(x, precision + 1)
  const exp10 = x === 0 ? 0 : dec.point - 1
  let frac = dec.digits.slice(1)
  if (trim === '.') frac = frac.replace(/0+$/, '')
  if (frac.length < minDigits) frac = frac + '0'.repeat(minDigits - frac.length)
  const sign = x < 0 || Object.is(x, -0) ? '-' : ''
  const left = (sign + dec.digits[0]).padStart(padLeft, ' ')
  const ed = Math.max(expDigits < 0 ? 2 : expDigits, 1)
  const expStr = (exp10 < 0 ? '-' : '+') + String(Math.abs(exp10)).padStart(ed, '0')
  return left + '.' + frac + 'e' + expStr
}

/**
 * numpy's FloatingFormat (floatmode 'maxprec', sign '-', suppress_small False, legacy False): computes the
 * common layout from `data` and returns the per-element formatter.
 */
function floatingFormat(data: ArrayLike<number>, precision: number): (x: number) => string {
  const finite: number[] = []
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i])) finite.push(data[i])
  let expFormat = false
  let maxVal = -Infinity
  let minVal = Infinity
  for (const v of finite) {
    const a = Math.abs(v)
    if (a === 0) continue
    if (a > maxVal) maxVal = a
    if (a < minVal) minVal = a
  }
  if (maxVal !== -Infinity) {
    if (maxVal >= 1e8 || minVal < 0.0001 || maxVal / minVal > 1000) expFormat = true
  }
  let padLeft = 0
  let padRight = 0
  let prec = precision
  let minDigits = 0
  let trim: '.' | 'k' = '.'
  let expSize = -1
  if (finite.length === 0) {
    padLeft = 0
    padRight = 0
  } else if (expFormat) {
    let maxFrac = 0
    let maxInt = 0
    let maxExp = 0
    for (const v of finite) {
      const s = scientific(v, precision, '.', 0, 0, -1)
      const ePos = s.indexOf('e')
      const [ip, fp] = s.slice(0, ePos).split('.')
      maxInt = Math.max(maxInt, ip.length)
      maxFrac = Math.max(maxFrac, fp.length)
      maxExp = Math.max(maxExp, s.length - ePos - 2) // digits after "e±"
    }
    expSize = maxExp
    trim = 'k'
    prec = maxFrac
    minDigits = maxFrac
    padLeft = maxInt
    padRight = expSize + 2 + prec
  } else {
    for (const v of finite) {
      const s = positional(v, precision, '.', 0, 0, 0)
      const dot = s.indexOf('.')
      padLeft = Math.max(padLeft, dot)
      padRight = Math.max(padRight, s.length - dot - 1)
    }
    trim = '.'
    minDigits = 0
  }
  if (finite.length !== data.length) {
    let negInf = false
    for (let i = 0; i < data.length; i++) if (data[i] === -Infinity) negInf = true
    const offset = padRight + 1
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset)
  }
  return (x: number): string => {
    if (!Number.isFinite(x)) {
      const ret = Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf'
      return ' '.repeat(Math.max(0, padLeft + padRight + 1 - ret.length)) + ret
    }
    if (expFormat) return scientific(x, prec, trim, minDigits, padLeft, expSize)
    return positional(x, prec, trim, minDigits, padLeft, padRight)
  }
}

/** numpy `_extendLine` (legacy=False). */
function extendLine(
  state: { s: string; line: string },
  word: string,
  lineWidth: number,
  nextLinePrefix: string,
): void {
  let needsWrap = state.line.length + word.length > lineWidth
  if (state.line.length <= nextLinePrefix.length) needsWrap = false
  if (needsWrap) {
    state.s += state.line.replace(/\s+$/, '') + '\n'
    state.line = nextLinePrefix
  }
  state.line += word
}

export interface NumpyPrintOptions {
  /** digits after the decimal point (numpy default 8; assert_allclose passes 6) */
  precision?: number
  /** arrays with more elements than this are summarised (default 1000) */
  threshold?: number
  /** items shown at each end of a summarised array (default 3) */
  edgeItems?: number
  /** line width (default 75) */
  lineWidth?: number
}

function checkPrecision(p: unknown): number {
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 50) {
    throw new RangeError(`precision must be an integer between 0 and 50 (got ${String(p)})`)
  }
  return p
}

/**
 * `np.array2string(a, precision=…, separator=', ', prefix=…, suffix=…)` for a 1-D float64 array: numpy's
 * `_array2string` + `_formatArray` (summary with '...', alignment, wrapping with a hanging indent).
 */
function array2string1D(
  a: ArrayLike<number>,
  opts: Required<NumpyPrintOptions>,
  prefix: string,
  suffix: string,
): string {
  const n = a.length
  if (n === 0) return '[]'
  const lineWidth = opts.lineWidth - suffix.length
  const edge = opts.edgeItems
  const summarise = n > opts.threshold
  let data: ArrayLike<number> = a
  if (summarise) {
    const t: number[] = []
    for (let i = 0; i < Math.min(edge, n); i++) t.push(a[i])
    for (let i = Math.max(n - edge, edge); i < n; i++) t.push(a[i])
    data = t
  }
  const fmt = floatingFormat(data, opts.precision)
  const separator = ', '
  const hanging = ' ' + ' '.repeat(prefix.length)
  const showSummary = summarise && 2 * edge < n
  const leading = showSummary ? edge : 0
  const trailing = showSummary ? edge : n
  const elemWidth = lineWidth - Math.max(separator.trimEnd().length, 1)
  const st = { s: '', line: hanging }
  for (let i = 0; i < leading; i++) {
    extendLine(st, fmt(a[i]), elemWidth, hanging)
    st.line += separator
  }
  if (showSummary) {
    extendLine(st, '...', elemWidth, hanging)
    st.line += separator
  }
  for (let i = trailing; i > 1; i--) {
    extendLine(st, fmt(a[n - i]), elemWidth, hanging)
    st.line += separator
  }
  extendLine(st, fmt(a[n - 1]), elemWidth, hanging)
  st.s += st.line
  return '[' + st.s.slice(hanging.length) + ']'
}

function fullOptions(opts: NumpyPrintOptions): Required<NumpyPrintOptions> {
  return {
    precision: checkPrecision(opts.precision ?? 8),
    threshold: opts.threshold ?? 1000,
    edgeItems: opts.edgeItems ?? 3,
    lineWidth: opts.lineWidth ?? 75,
  }
}

/**
 * `repr(np.asarray(arr, dtype=float64))` under the given print options (numpy `array_repr`), e.g.
 * `array([1., 2.])`, `array([ 9.118319, -0.141494, …,\n       -2.031146])`, `array([], dtype=float64)`.
 */
export function formatFloatArrayNumpy(arr: ArrayLike<number>, opts: NumpyPrintOptions = {}): string {
  if (arr == null || typeof arr.length !== 'number') throw new TypeError('arr must be an array of numbers')
  const o = fullOptions(opts)
  if (arr.length === 0) return 'array([], dtype=float64)'
  return 'array(' + array2string1D(arr, o, 'array(', ')') + ')'
}

/**
 * `np.array2string(np.float64(v), precision=precision)`: a 0-d array printed with FloatingFormat, e.g.
 * 0.0465828745796788 → '0.04658287', 38.434930703462754 → '38.4349307', 1.0 → '1.', 1.5e-5 → '1.5e-05',
 * inf → 'inf'. This is how assert_allclose prints the max abs/rel differences.
 */
export function formatScalarNumpy(v: number, precision = 8): string {
  if (typeof v !== 'number') throw new TypeError(`v must be a number (got ${typeof v})`)
  return floatingFormat([v], checkPrecision(precision))(v)
}

/**
 * Python's `format(v, '.{p}g')` (CPython float formatting, correctly rounded, ties to even on the exact binary
 * value): '51', '0.03', '1e-05', '100', 'inf', 'nan'.
 */
export function formatG(v: number, p = 3): string {
  if (typeof v !== 'number') throw new TypeError(`v must be a number (got ${typeof v})`)
  if (!Number.isInteger(p) || p < 1 || p > 50) throw new RangeError(`precision must be 1 … 50 (got ${p})`)
  if (Number.isNaN(v)) return 'nan'
  if (!Number.isFinite(v)) return v < 0 ? '-inf' : 'inf'
  const sign = v < 0 || Object.is(v, -0) ? '-' : ''
  if (v === 0) return sign + '0'
  // the exponent of the value rounded to p significant digits
  const { d, e10 } = exactDecimal(v)
  const len = d.toString().length
  let n = d
  let e = e10
  if (len > p) {
    n = divRoundHalfEven(d, 10n ** BigInt(len - p))
    e = e10 + len - p
  }
  let digits = n.toString()
  if (digits.length > p) {
    // carry to a new power of ten (e.g. 9.995 → 10.0)
    digits = digits.slice(0, p)
    e += 1
  }
  const exp = digits.length - 1 + e
  if (exp >= -4 && exp < p) {
    // fixed notation with p − 1 − exp decimals, trailing zeros removed
    const point = exp + 1
    let s: string
    if (point <= 0) s = '0.' + '0'.repeat(-point) + digits
    else if (point >= digits.length) s = digits + '0'.repeat(point - digits.length)
    else s = digits.slice(0, point) + '.' + digits.slice(point)
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '')
    return sign + s
  }
  let mant = digits[0]
  const rest = digits.slice(1).replace(/0+$/, '')
  if (rest) mant += '.' + rest
  return sign + mant + 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0')
}

/** Python's `'{:.3g}'.format(v)` (the percentage in "Mismatched elements: 3 / 10000 (0.03%)"). */
export function formatG3(v: number): string {
  return formatG(v, 3)
}

/**
 * numpy.testing `build_err_msg` line for one array: ` x: array(...)`, where a repr of more than four lines is cut
 * to its first three lines followed by '...'.
 */
export function formatErrMsgArray(name: string, arr: ArrayLike<number>, precision = 6): string {
  let r = formatFloatArrayNumpy(arr, { precision })
  const lines = r.split('\n')
  if (lines.length - 1 > 3) r = lines.slice(0, 3).join('\n') + '...'
  return ` ${name}: ${r}`
}
