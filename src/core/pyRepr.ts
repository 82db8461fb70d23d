/**
 * How Python prints numbers, for showing the notes' code output as the notes' reader would see it.
 * - `pyFloatRepr`: repr(float) / str(np.float64) in numpy ≥ 1.14: the shortest digits that round-trip
 *   (JavaScript's Number→String finds the same digits), written in positional form when the decimal exponent
 *   is −4 ≤ e < 16 and in scientific form ('1e-05', '1.5e+16') otherwise (CPython float_repr_style 'short').
 * - `numpyIntArrayStr`: str() of a 1-D integer array: '[-32 115  59  25 -88]' (right-aligned to the widest).
 */
export function pyFloatRepr(v: number): string {
  if (typeof v !== 'number') throw new TypeError(`pyFloatRepr: expected a number (got ${typeof v})`)
  if (Number.isNaN(v)) return 'nan'
  if (v === Infinity) return 'inf'
  if (v === -Infinity) return '-inf'
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0'
  const exp = v.toExponential() // shortest round-trip digits, e.g. "-2.50919762305275e-1"
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exp)!
  const sign = m[1]
  const digits = m[2] + (m[3] ?? '')
  const e = Number(m[4])
  if (e < -4 || e >= 16) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    const es = Math.abs(e) < 10 ? `0${Math.abs(e)}` : String(Math.abs(e))
    return `${sign}${mant}e${e < 0 ? '-' : '+'}${es}`
  }
  if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`
  if (digits.length <= e + 1) return `${sign}${digits}${'0'.repeat(e + 1 - digits.length)}.0`
  return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`
}

export function numpyIntArrayStr(a: ArrayLike<number>): string {
  const s = Array.from(a, (v) => String(v))
  const w = Math.max(0, ...s.map((x) => x.length))
  return `[${s.map((x) => x.padStart(w)).join(' ')}]`
}

/** Python's print(a, b, …) of floats: their reprs joined by spaces. */
export function pyPrintFloats(...vs: number[]): string {
  return vs.map(pyFloatRepr).join(' ')
}
