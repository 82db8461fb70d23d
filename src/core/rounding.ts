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
//
// With f = ⌊x⌋ and d = x − f, d > 0.5 rounds up, d < 0.5 down, and d = 0.5 is a tie (the plain three-way form
// computes the same f and d and chooses the same way). Ties are rare (a predictable branch), but on real data
// d > 0.5 is a coin toss: as a branch it mispredicted half the time and cost ~12 ns a value, most of the Lab's
// pass over 10⁷ values (issue 17). So it is added as a number. It is written f − (0 − up), not f + up, so that
// x = −0 stays −0 (f − (+0) is f for every f; −0 + 0 is +0). ±Infinity (d is NaN, up is 0) and NaN come back as
// they are. test/unit/properties.test.ts checks it against the plain form on every kind of double.
export function roundHalfEven(x: number): number {
  const f = Math.floor(x)
  const d = x - f
  // exact tie: pick the even neighbour
  if (d === 0.5) return f % 2 === 0 ? f : f + 1
  return f - (0 - +(d > 0.5))
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
