/**
 * Reading decimal numbers out of a large text without making a string per value: `scanNumber(text, start,
 * end)` reads the token text[start, end) and equals `Number(text.slice(start, end))` exactly, for every token
 * (NaN for a token that is not a decimal number).
 *
 * The common token (at most 15 significant digits, a decimal exponent within ±22 of the digits) is computed
 * with Clinger's fast path (W. D. Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990, §6;
 * the same path as V8's and David Gay's strtod): the digits as an integer m < 10¹⁵ < 2⁵³ and 10^|k| ≤ 10²²
 * are both exact doubles, so the single IEEE multiplication or division m·10^k, m/10^-k is the correctly
 * rounded value of the decimal, which is what `Number()` returns. Every other token (long mantissas, far
 * exponents, anything unusual) is handed to `Number()` itself.
 */

/**
 * Fullwidth digits, signs and points (an input method left in fullwidth mode: "－１．５") and the minus sign U+2212
 * (a number copied from a web page or a typeset document: "−1") as their ASCII forms; other characters unchanged.
 * The Lab's text loader and its number fields read numbers through it, so both take the same text.
 */
export function asciiNumberText(s: string): string {
  return /[０-９＋－．\u2212]/.test(s)
    ? s.replace(/[０-９＋－．\u2212]/g, (c) =>
        c === '\u2212' ? '-' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
      )
    : s
}

/** 10⁰ … 10²²: every one an exact double (10²² = 2²² · 5²², and 5²² < 2⁵³) */
const POW10 = Float64Array.from({ length: 23 }, (_, i) => Number(`1e${i}`))

/** `Number(text.slice(start, end))` for a token in [start, end) (start < end), without the slice when it can */
export function scanNumber(text: string, start: number, end: number): number {
  let i = start
  let c = text.charCodeAt(i)
  const neg = c === 45 // '-'
  if (neg || c === 43) i++ // '+'
  let m = 0
  let sig = 0
  let digits = 0
  let scale = 0
  while (i < end) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) break
    if (m !== 0 || d !== 0) sig++
    m = m * 10 + d
    digits++
    i++
  }
  if (i < end && text.charCodeAt(i) === 46) {
    // '.'
    i++
    while (i < end) {
      const d = text.charCodeAt(i) - 48
      if (d < 0 || d > 9) break
      if (m !== 0 || d !== 0) sig++
      m = m * 10 + d
      digits++
      scale--
      i++
    }
  }
  if (digits === 0) return Number(text.slice(start, end))
  if (i < end) {
    c = text.charCodeAt(i)
    if (c !== 101 && c !== 69) return Number(text.slice(start, end)) // not 'e'/'E'
    i++
    let eneg = false
    if (i < end) {
      c = text.charCodeAt(i)
      if (c === 45 || c === 43) {
        eneg = c === 45
        i++
      }
    }
    let x = 0
    let xd = 0
    while (i < end) {
      const d = text.charCodeAt(i) - 48
      if (d < 0 || d > 9) return Number(text.slice(start, end))
      // a capped exponent is far outside ±22 anyway: the token goes to Number()
      if (x < 1e6) x = x * 10 + d
      xd++
      i++
    }
    if (xd === 0) return Number(text.slice(start, end))
    scale += eneg ? -x : x
  }
  if (sig > 15) return Number(text.slice(start, end))
  let v: number
  if (m === 0) v = 0
  else if (scale === 0) v = m
  else if (scale > 0 && scale <= 22) v = m * POW10[scale]
  else if (scale < 0 && scale >= -22) v = m / POW10[-scale]
  else return Number(text.slice(start, end))
  return neg ? -v : v
}
