import { fmt, fmtInt } from '../../charts/format'

/**
 * A ratio of channel ranges as the model table writes it: "3.2×"; "1,055,447×" past 100 (a tenth of a unit
 * means nothing there); "3.4e38×" past a billion (a channel of zeros beside one of 1e38 wrote 39 digits);
 * "∞×" when a channel's range is 0, "—" for a weight holding NaN.
 */
export function spread(v: number, lang: string): string {
  if (Number.isNaN(v)) return '—'
  if (v === Infinity) return '∞×'
  if (v >= 1e9) return `${fmt(v, 3)}×`
  if (v >= 100) return `${fmtInt(Math.round(v), lang)}×`
  return `${v.toFixed(1)}×`
}
