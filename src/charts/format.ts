/** Number formatting for charts and panels (never shows NaN: callers pass finite values or get "—"). */
export function formatTick(v: number): string {
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e')
  return String(Number(v.toPrecision(4)))
}

export function fmt(v: number | null | undefined, digits = 6): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—'
  if (v === Infinity) return '∞'
  if (v === -Infinity) return '−∞'
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a >= 1e6 || a < 1e-4) return v.toExponential(Math.max(1, digits - 2)).replace('e+', 'e')
  return String(Number(v.toPrecision(digits)))
}

// one formatter per language: `toLocaleString` builds a new Intl.NumberFormat on every call (~0.1 ms), which
// showed up as the largest cost of a threshold drag
const intFormats = new Map<string, Intl.NumberFormat>()

export function fmtInt(v: number, lang: string): string {
  const locale = lang === 'zh-CN' ? 'zh-CN' : 'en-US'
  let f = intFormats.get(locale)
  if (!f) {
    f = new Intl.NumberFormat(locale)
    intFormats.set(locale, f)
  }
  return f.format(v)
}

export function fmtPct(v: number, digits = 2): string {
  return `${(v * 100).toFixed(digits)}%`
}
