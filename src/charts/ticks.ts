import { ticks as d3ticks } from 'd3'

/**
 * Tick values for a linear domain that never throw: d3's tick step 10^⌊log10(step)⌋ overflows when the step is
 * subnormal-sized (a domain like ±1e-310 throws "Invalid array length" inside d3), so such domains are first
 * brought near 1 by a power of ten (in two factors, each representable), ticked there and mapped back. Values
 * are distinct and finite; an empty or non-finite domain gives its finite ends.
 */
export function linearTicks(d0: number, d1: number, count: number): number[] {
  const lo = Math.min(d0, d1)
  const hi = Math.max(d0, d1)
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [lo, hi].filter(Number.isFinite)
  if (!(hi > lo)) return [lo]
  const span = hi - lo
  let values: number[]
  if (span > 1e-290 && span < 1e290) values = safe(() => d3ticks(lo, hi, count))
  else {
    // 10^p·span ≈ 1: apply 10^p as two factors (10^±300 and the rest), each within float64's range
    const p = -Math.floor(Math.log10(span))
    const p1 = Math.sign(p) * Math.min(Math.abs(p), 300)
    const f1 = 10 ** p1
    const f2 = 10 ** (p - p1)
    values = safe(() => d3ticks(lo * f1 * f2, hi * f1 * f2, count)).map((v) => v / f2 / f1)
  }
  const out = [...new Set(values.filter((v) => Number.isFinite(v) && v >= lo && v <= hi))]
  return out.length > 0 ? out : [lo, hi]
}

function safe(f: () => number[]): number[] {
  try {
    return f()
  } catch {
    return []
  }
}

/**
 * Labels for tick values: the given format, or, when it would show two different ticks the same (a narrow
 * range far from zero, 1e6 ± 1e-9, all formatted "1e6"), the fewest significant digits that tell them apart.
 */
export function tickLabels(values: number[], format: (v: number) => string): string[] {
  const first = values.map(format)
  if (new Set(first).size === first.length) return first
  for (let p = 2; p <= 17; p++) {
    const labels = values.map((v) => (v === 0 ? '0' : Number(v.toPrecision(p)).toPrecision(p)))
    if (new Set(labels).size === labels.length) return labels
  }
  return values.map((v) => String(v))
}

/**
 * Ticks with their labels; long labels (many digits needed to tell ticks apart) are thinned to at most three
 * ticks (the ends and the middle), so they cannot overlap.
 */
export function labelledTicks(
  values: number[],
  format: (v: number) => string,
): { values: number[]; labels: string[] } {
  const labels = tickLabels(values, format)
  if (values.length <= 3 || Math.max(...labels.map((l) => l.length)) <= 9) return { values, labels }
  const keep = [0, Math.floor((values.length - 1) / 2), values.length - 1]
  return { values: keep.map((i) => values[i]), labels: keep.map((i) => labels[i]) }
}
