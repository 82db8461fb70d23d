/**
 * The number formats the Lab offers (link parameter `fmt`), in one table that the link codec, the engine,
 * the views and the strings read: adding a format is adding a row here (and its strings; the switch in
 * `entry` and the tests fail until every use knows it).
 */
import { formatLargest, MX_BLOCK, MX_ELEMENT, type ElementFormat } from '../core'

export const LAB_FORMATS = ['int', 'e4m3', 'e5m2', 'e2m1', 'nf4', 'mxfp4', 'mxfp8'] as const
export type LabFormat = (typeof LAB_FORMATS)[number]

export interface FormatInfo {
  id: LabFormat
  /** i18n key of the short name (`fmt.<id>`) and of the one-line description (`fmt.<id>.about`) */
  labelKey: `fmt.${LabFormat}`
  aboutKey: `fmt.${LabFormat}.about`
  /** bits per element; null = the `bits` setting (the linear integer grid) */
  bits: number | null
  /** the core's element format (null for the Lab's own integer grid, whose bits and convention vary) */
  element: ElementFormat | null
  /** largest finite element value at scale 1 (the value a calibrated threshold maps to) */
  largest: number | null
  /** a microscaling block shares one scale: its size, and the bits of that scale (E8M0) */
  block: number | null
  scaleBits: number
  /** whether a calibrated threshold sets the scale (MX formats take each block's own power of two) */
  calibrated: boolean
  /**
   * How the element's levels are spaced, for the words under its grid: 'uniform' (integers), 'octaves'
   * (minifloats: the same number of levels between each power of two and the next) or 'normal-quantiles' (NF4:
   * quantiles of a standard normal, Dettmers et al. 2023, QLoRA §3).
   */
  spacing: 'uniform' | 'octaves' | 'normal-quantiles'
}

function entry(id: LabFormat): FormatInfo {
  const base = { id, labelKey: `fmt.${id}`, aboutKey: `fmt.${id}.about` } as const
  switch (id) {
    case 'int':
      return {
        ...base,
        bits: null,
        element: null,
        largest: null,
        block: null,
        scaleBits: 16,
        calibrated: true,
        spacing: 'uniform',
      }
    case 'e4m3':
    case 'e5m2':
      return {
        ...base,
        bits: 8,
        element: id,
        largest: formatLargest(id),
        block: null,
        scaleBits: 16,
        calibrated: true,
        spacing: 'octaves',
      }
    case 'e2m1':
    case 'nf4':
      return {
        ...base,
        bits: 4,
        element: id,
        largest: formatLargest(id),
        block: null,
        scaleBits: 16,
        calibrated: true,
        spacing: id === 'nf4' ? 'normal-quantiles' : 'octaves',
      }
    case 'mxfp4':
    case 'mxfp8': {
      const element = MX_ELEMENT[id]
      return {
        ...base,
        bits: id === 'mxfp4' ? 4 : 8,
        element,
        largest: formatLargest(element),
        block: MX_BLOCK,
        scaleBits: 8,
        calibrated: false,
        spacing: 'octaves',
      }
    }
    default: {
      const never: never = id
      throw new RangeError(`unknown format ${String(never)}`)
    }
  }
}

export const FORMAT_REGISTRY: Record<LabFormat, FormatInfo> = Object.fromEntries(
  LAB_FORMATS.map((id) => [id, entry(id)]),
) as Record<LabFormat, FormatInfo>

/** Bits per element of a Lab format (the `bits` setting for the integer grid). */
export function elementBits(fmt: LabFormat, bits: number): number {
  return FORMAT_REGISTRY[fmt].bits ?? bits
}

/**
 * The value a scale maps the calibrated threshold (or a slice's largest |x|) onto: the element format's largest
 * value (448 for E4M3, 1 for NF4), or for the integer grid's group-wise scales its largest code 2^(b−1) − 1.
 */
export function largestLevel(fmt: LabFormat, bits: number): number {
  return FORMAT_REGISTRY[fmt].largest ?? 2 ** (elementBits(fmt, bits) - 1) - 1
}

/**
 * Storage cost in bits per weight, scales included: b + scaleBits/g for one scale per g values (group-wise:
 * fp16 scales, so int4 g128 costs 4 + 16/128 = 4.125; MX: an 8-bit E8M0 scale per 32, 4 + 8/32 = 4.25).
 */
export function bitsPerWeight(elemBits: number, valuesPerScale: number, scaleBits = 16): number {
  return elemBits + scaleBits / Math.max(1, valuesPerScale)
}
