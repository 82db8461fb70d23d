/** How the view writes its figures: accuracies as `98.06 %` (two decimals, a space before the sign). */
export const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(2)}\u00a0%` : '—')
/** dB with one decimal; ∞ for an exact layer (kept in float, or error 0). */
export const db = (v: number): string =>
  v === Infinity ? '∞' : Number.isFinite(v) ? `${v.toFixed(1)} dB` : '—'
