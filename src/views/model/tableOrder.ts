/**
 * The table's order: by the column's value in the chosen direction, ties by network order; a layer without the
 * figure (NaN: its weight holds NaN or ±∞) goes last whichever way.
 */
export function compareRows(
  a: { v: number | string; i: number },
  b: { v: number | string; i: number },
  dir: 1 | -1,
): number {
  const na = typeof a.v === 'number' && Number.isNaN(a.v)
  const nb = typeof b.v === 'number' && Number.isNaN(b.v)
  if (na !== nb) return na ? 1 : -1
  if (na) return a.i - b.i
  return a.v < b.v ? -dir : a.v > b.v ? dir : a.i - b.i
}
