import { fmt, fmtInt } from '../../charts/format'
import type { T } from '../../i18n'
import type { MessageKey } from '../../i18n'
import type { Lang } from '../../i18n/lang'
import type { Stats } from '../../engine/analyze'
import type { QuantResult } from '../../engine/labEngine'
import type { QuantPlan } from '../../engine/plan'
import type { FormatView } from '../../engine/formatQuant'
import { formatName } from './formatName'

/**
 * What a grid does when its range has no width (plan.zeroRange): PyTorch's observer keeps the scale at float32's
 * eps, ONNX Runtime uses scale 1, and for the others (whose formulas would divide by zero) the Lab uses 1 as
 * ONNX Runtime does (engine/plan.ts planGrid). The scale named is the plan's, as the summary strip shows it.
 */
export function fallbackText(pl: QuantPlan, t: T): string {
  const scale = fmt(pl.scale, 10)
  if (pl.convention === 'pytorch') return t('sum.fallback.pytorch', { scale })
  if (pl.convention === 'onnxruntime') return t('sum.fallback.onnxruntime', { scale })
  return t('sum.fallback.own', { scale, conv: t(`conv.name.${pl.convention}` as MessageKey) })
}

/** The note for a tensor whose values are all 0 (QuantResult.zeroRange). */
export function zeroRangeText(pl: QuantPlan, t: T): string {
  return t('sum.zeroRange', { fallback: fallbackText(pl, t) })
}

/**
 * The note for a tensor whose values are all 0 under a number format: the format's own scale (formatQuantize
 * takes scale 1 for T = 0 per tensor, the core's groupwise and MX quantizers their own per slice), never a
 * convention's fallback, which only the integer grid uses.
 */
function formatZeroText(f: FormatView, t: T): string {
  const format = formatName(f, t)
  switch (f.granularity) {
    case 'tensor':
      return t('fmtview.zero.tensor', { format, scale: fmt(f.scale ?? NaN, 10) })
    case 'channel':
    case 'group':
    case 'block':
      return t(`fmtview.zero.${f.granularity}`, { format })
    default: {
      const never: never = f.granularity
      throw new RangeError(`unknown granularity ${String(never)}`)
    }
  }
}

/** The all-zero note of a result: the format's under a number format, else the integer grid's (zeroRangeText). */
export function zeroRangeNote(r: QuantResult, t: T): string {
  return r.format ? formatZeroText(r.format, t) : zeroRangeText(r.plan, t)
}

/**
 * The note that stands in for the formulas when the grid fell back (gridFellBack): all zeros, or an empty range
 * (under a number format a threshold of 0, which leaves the format its fallback scale).
 */
export function fellBackNote(r: QuantResult, t: T): string {
  if (r.zeroRange) return zeroRangeNote(r, t)
  return r.format ? formatEmptyClipText(r, r.format, t) : fallbackText(r.plan, t)
}

/** A threshold that gives a number format no scale (applyFormat's emptyClip): the scale the format takes instead. */
function formatEmptyClipText(r: QuantResult, f: FormatView, t: T): string {
  return t('fmtview.emptyClip', {
    T: fmt(r.threshold, 6),
    format: formatName(f, t),
    scale: fmt(f.scale ?? NaN, 10),
  })
}

/**
 * The note for an empty clipping range (QuantResult.emptyClip), by its cause and by what the grid made of it:
 * - the data hold a single value (the asymmetric range [min, max] is empty), or a threshold left no range;
 * - the grid fell back (plan.zeroRange: no scale fits a zero-width range), or the zero-point form, whose range
 *   always includes 0, made a grid of width anyway (then no fallback happened and none is named).
 */
export function emptyClipText(r: QuantResult, stats: Stats, t: T, lang: Lang): string {
  // under a number format only a threshold of 0 leaves its range ±T empty (applyFormat): the format's own scale
  if (r.format) return formatEmptyClipText(r, r.format, t)
  const pl = r.plan
  const used = fmtInt(r.codesUsed, lang)
  // (a symmetric range is ±T whatever the data: there only the threshold can leave it empty)
  const single = !pl.symmetric && stats.min === stats.max
  if (pl.zeroRange) {
    const fallback = fallbackText(pl, t)
    return single
      ? t('sum.singleValue', { value: fmt(stats.min, 6), fallback, used })
      : t('sum.emptyClip', { fallback, used })
  }
  const grid = { lo: fmt(pl.lo, 6), hi: fmt(pl.hi, 6), scale: fmt(pl.scale, 10) }
  return single
    ? t('sum.singleValueZp', { value: fmt(stats.min, 6), ...grid })
    : t('sum.emptyClipZp', { edge: fmt(pl.lo === 0 ? pl.hi : pl.lo, 6), used, ...grid })
}

/**
 * The result's grid has no width and the Lab's formulas (w = range / steps, or a format's s = T / F_max) would not
 * hold: a note replaces them. Under a number format, emptyClip is a threshold of 0 (applyFormat).
 */
export function gridFellBack(r: QuantResult): boolean {
  return r.zeroRange || (r.emptyClip && (r.format !== undefined || r.plan.zeroRange))
}
