import { formatValues } from '../../core'
import { FORMAT_REGISTRY, LAB_FORMATS } from '../../registry/formats'
import type { MessageKey } from '../../i18n'

const cache = new Map<number, [MessageKey, Float64Array][]>()

/**
 * The element formats with exactly `bits` bits (8: E4M3, E5M2; 4: E2M1, NF4), with their levels at scale 1,
 * for the grid comparison at equal bit width. The same array for the same bits (stable for effects).
 */
export function formatsAtBits(bits: number): [MessageKey, Float64Array][] {
  let out = cache.get(bits)
  if (!out) {
    out = LAB_FORMATS.filter((f) => {
      const info = FORMAT_REGISTRY[f]
      return info.bits === bits && info.element !== null && info.block === null
    }).map((f) => [FORMAT_REGISTRY[f].labelKey, formatValues(FORMAT_REGISTRY[f].element!)])
    cache.set(bits, out)
  }
  return out
}

/** The levels with the largest mapped to T (the same threshold as the linear grid). */
export function scaleLevels(levels: Float64Array, T: number): Float64Array {
  const top = levels[levels.length - 1]
  const s = (T > 0 ? T : 1) / top
  return levels.map((v) => v * s)
}
