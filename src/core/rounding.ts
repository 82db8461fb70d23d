/**
 * Rounding modes of the reference systems.
 * - half-even: numpy `np.round`, `torch.round`, C `nearbyint` under the default FP mode.
 * - half-away: C `std::round` / TFLite `TfLiteRound`.
 * - half-up: JavaScript `Math.round` (ties toward +∞), which matches none of the above for negative ties.
 * See docs/reference-algorithms.md §2.3.
 */
export type RoundingMode = 'half-even' | 'half-away' | 'half-up'

export const ROUNDING_MODES: readonly RoundingMode[] = ['half-even', 'half-away', 'half-up']

/** Round half to even (banker's rounding), exactly as numpy's `np.round(x)` with 0 decimals. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x
  const f = Math.floor(x)
  const d = x - f
  if (d < 0.5) return f
  if (d > 0.5) return f + 1
  // exact tie: pick the even neighbour
  return f % 2 === 0 ? f : f + 1
}

/** Round half away from zero, as C's `std::round`. */
export function roundHalfAway(x: number): number {
  if (!Number.isFinite(x)) return x
  return x < 0 ? -Math.round(-x) : Math.round(x)
}

export function roundWith(x: number, mode: RoundingMode): number {
  switch (mode) {
    case 'half-even':
      return roundHalfEven(x)
    case 'half-away':
      return roundHalfAway(x)
    case 'half-up':
      return Math.round(x)
    default:
      throw new TypeError(`unknown rounding mode: ${String(mode)}`)
  }
}

/** The scalar rounding function for a mode, for tight loops. */
export function rounder(mode: RoundingMode): (x: number) => number {
  switch (mode) {
    case 'half-even':
      return roundHalfEven
    case 'half-away':
      return roundHalfAway
    case 'half-up':
      return Math.round
    default:
      throw new TypeError(`unknown rounding mode: ${String(mode)}`)
  }
}
