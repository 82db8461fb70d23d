/**
 * "As numpy": a Python script, using the notes' functions, that reproduces the Lab's current view — the
 * same tensor (numpy's legacy RandomState draws the same numbers as our core), the same grid and the same
 * metrics. Min-max is computed in numpy; any other calibration method (percentile, KL, MSE) is given as the
 * threshold value the Lab found, with the method named in a comment. Per channel (a 2-D tensor) the scales and
 * offsets are one per row or column: min-max computed in numpy, another method's given as the Lab found them
 * (channelLines). Under a number format (FP8, FP4, NF4, MX, integer groups)
 * the script stops at the tensor and says so: the notes' functions are the integer grid's, and the Lab writes no
 * second implementation of a format's rounding (its x̂ is in the CSV and JSON exports).
 */
import type { LabParams } from '../state/labParams'
import type { ChannelView, QuantResult } from '../engine/labEngine'
import type { FormatView } from '../engine/formatQuant'
import { largestLevel } from '../registry/formats'

function py(v: number): string {
  if (Number.isInteger(v)) return String(v)
  return String(v)
}

function sourceLines(p: LabParams): string[] {
  const n = p.rows > 1 ? `(${p.rows}, ${Math.floor(p.n / p.rows)})` : py(p.n)
  switch (p.dist) {
    case 'uniform':
      return [`x = np.random.uniform(${py(p.lo)}, ${py(p.hi)}, ${n})`]
    case 'normal':
      return [`x = np.random.normal(${py(p.mu)}, ${py(p.sigma)}, ${n})`]
    case 'laplace':
      return [`x = np.random.laplace(${py(p.mu)}, ${py(p.sigma)}, ${n})`]
    case 'student-t':
      return [`x = ${py(p.mu)} + ${py(p.sigma)} * np.random.standard_t(${py(p.df)}, ${n})`]
    case 'bimodal':
      return [
        `c = np.random.random_sample(${n}) < ${py(p.mix)}`,
        `z = np.random.normal(0, 1, ${n})`,
        `x = ${py(p.mu)} + np.where(c, ${py(-p.sep / 2)}, ${py(p.sep / 2)}) + ${py(p.sigma)} * z`,
      ]
    case 'lognormal':
      return [`x = np.random.lognormal(${py(p.mu)}, ${py(p.sigma)}, ${n})`]
    case 'relu-normal':
      return [`x = np.maximum(np.random.normal(${py(p.mu)}, ${py(p.sigma)}, ${n}), 0)`]
    case 'drawn':
      return [
        `heights = np.array([int(c, 36) for c in ${JSON.stringify(p.draw ?? '')}], dtype=float)  # the sketch`,
        `cdf = np.concatenate([[0], np.cumsum(heights)])`,
        `u = np.random.random_sample(${py(p.n)}) * cdf[-1]`,
        `k = np.searchsorted(cdf, u, side="right") - 1`,
        `x = ${py(p.dlo)} + (k + (u - cdf[k]) / heights[k]) * (${py(p.dhi)} - ${py(p.dlo)}) / len(heights)`,
      ]
    case 'loaded':
      return ['x = np.load("your_data.npy").astype(np.float64)  # the data you loaded stays on your device']
  }
}

/** What the Lab did under a number format, as the script's closing comments (the format's name as the view says it). */
function formatLines(f: FormatView, r: QuantResult, name: string): string[] {
  const largest = largestLevel(f.fmt, f.elemBits)
  const how =
    f.granularity === 'tensor'
      ? `one scale for the tensor: s = T / ${py(largest)} = ${py(f.scale ?? NaN)}, T = ${py(r.threshold)}`
      : f.granularity === 'block'
        ? `one power-of-two scale per block of ${f.valuesPerScale} values, ${f.scaleCount} scales`
        : f.granularity === 'group'
          ? `one scale per group of ${f.valuesPerScale} values: s = (the group's largest |x|) / ${py(largest)}, ${f.scaleCount} scales`
          : `one scale per channel: s = (the channel's largest |x|) / ${py(largest)}, ${f.scaleCount} scales`
  return [
    '',
    `# The Lab quantized x with ${name},`,
    `# ${how}.`,
    `# This script stops here: ${name}'s rounding is not written in numpy (the notes' functions quantize`,
    "# on the integer grid), so it does not reproduce the Lab's x_hat. The Lab's CSV and JSON exports hold x and",
    '# x_hat value by value.',
  ]
}

/** Past this many channels the script does not write each one's scale out (a column's scales of 5·10⁶ columns). */
export const MAX_WRITTEN_CHANNELS = 4096

/** Numbers as a numpy array, one per channel, shaped to broadcast along the channel axis. */
function channelArray(v: ArrayLike<number>, byRow: boolean): string {
  return `np.array([${Array.from(v, py).join(', ')}]).reshape(${byRow ? '-1, 1' : '1, -1'})`
}

/**
 * Per-channel granularity of a 2-D tensor on the integer grid (the engine's channelView): one scale and offset
 * per row (axis 1 reduced) or per column (axis 0), each from its own channel's range. Min-max (and the
 * histogram methods' min-max fallback for channels shorter than their bins) is computed in numpy, as the tensor's
 * is; a scale in float32 or another method's is written out as the Lab found it, channel by channel. The codes
 * are counted over the whole tensor, as the Lab counts them on the shared integer range.
 */
function channelLines(p: LabParams, r: QuantResult, ch: ChannelView): string[] {
  const pl = r.plan
  const byRow = p.axis === 'row'
  const axis = byRow ? 1 : 0
  const channels = ch.scales.length
  const computed = p.calib === 'minmax' || ch.minmaxFallback
  const lines = [
    '',
    `# ${p.calib} calibration${p.calib === 'entropy' ? ` (${p.variant})` : ''} per channel (each ${byRow ? 'row' : 'column'}, ${channels} channels), ${pl.convention} convention, ${p.bits} bits`,
  ]
  if (ch.minmaxFallback)
    lines.push(`# (a channel of fewer than 2048 values takes its min-max range, as the Lab does)`)
  const reduce = (f: string) => `np.${f}(x, axis=${axis}, keepdims=True)`
  const ownRange = computed && !(pl.symmetric && pl.float32) && (pl.symmetric || pl.form === 'notes')
  if (!ownRange && channels > MAX_WRITTEN_CHANNELS) {
    lines.push(
      `# This script stops here: each of the ${channels} channels has a scale the Lab found, too many to write out.`,
    )
    return lines
  }
  const found = pl.float32 ? `in float32, as ${pl.convention} computes them` : 'found by the Lab'
  if (pl.symmetric) {
    if (ownRange) {
      lines.push(`alpha = np.max(np.abs(x), axis=${axis}, keepdims=True)`)
      lines.push(`w = alpha / ${py(pl.divisor)}`)
    } else lines.push(`w = ${channelArray(ch.scales, byRow)}  # each channel's scale, ${found}`)
    lines.push('b = 0')
  } else if (pl.form === 'notes') {
    if (ownRange) {
      lines.push(`beta, alpha = ${reduce('min')}, ${reduce('max')}`)
      lines.push(`w = (alpha - beta) / ${py(pl.divisor)}`)
      lines.push(`b = alpha - w * ${pl.qmax}`)
    } else {
      lines.push(`w = ${channelArray(ch.scales, byRow)}  # each channel's scale, ${found}`)
      lines.push(`b = ${channelArray(ch.zeroPoints, byRow)}  # and its offset`)
    }
  } else {
    lines.push(`w = ${channelArray(ch.scales, byRow)}  # each channel's scale, ${found}`)
    lines.push(
      `b = -${channelArray(ch.zeroPoints, byRow)} * w  # each channel's zero point as the notes' float offset`,
    )
  }
  if (ownRange) {
    // a channel of one value (a zero range) takes scale 1, and the asymmetric one the offset alpha − qmax (planGrid)
    if (!pl.symmetric) lines.push(`b = np.where(w > 0, b, alpha - ${pl.qmax})`)
    lines.push('w = np.where(w > 0, w, 1.0)  # a channel of a single value: scale 1, as the Lab takes')
  }
  lines.push(`q = quant_tensor(x, w, b, ${pl.qmin}, ${pl.qmax})`)
  lines.push('x_hat = dequant_tensor(q, w, b)')
  lines.push('')
  lines.push('err = x_hat - x')
  lines.push('print("scale per channel", np.ravel(w), "offset", np.ravel(b))')
  lines.push('print("MSE", np.mean(err ** 2), "SQNR dB", 10 * np.log10(np.sum(x ** 2) / np.sum(err ** 2)))')
  lines.push(`print("codes used", len(np.unique(q)), "of", ${pl.qmax - pl.qmin + 1})`)
  return lines
}

/**
 * The script for the settings `p` and their result `r`; `formatLabel` names the result's number format, as the
 * view calls it (formatName), when it has one.
 */
export function numpySnippet(p: LabParams, r: QuantResult | null, formatLabel = ''): string {
  const lines: string[] = ['import numpy as np', '']
  // (the notes' functions quantize on the integer grid: not written for a number format, which they do not reproduce)
  if (!r?.format)
    lines.push(
      "# The notes' functions",
      'def quant_tensor(x, w, b, a_min=-128, a_max=127):',
      '    return np.clip(np.round((x - b) / w), a_min=a_min, a_max=a_max)',
      '',
      'def dequant_tensor(x, w, b):',
      '    return w * x + b',
      '',
    )
  if (p.dist !== 'loaded') lines.push(`np.random.seed(${p.seed})`)
  lines.push(...sourceLines(p))
  if (p.rows > 1 && p.spread > 0 && p.dist !== 'loaded') {
    lines.push(
      `x = x * np.exp(${py(p.spread)} * np.random.uniform(-1, 1, ${p.rows}))[:, None]  # channels of different size`,
    )
  }
  if (p.outlier !== null && p.dist !== 'loaded' && p.outliers > 0) {
    lines.push(
      `x.flat[${p.at}:${p.at + p.outliers}] = ${py(p.outlier)}  # the traitor${p.outliers > 1 ? 's' : ''}`,
    )
  }
  if (r?.format) lines.push(...formatLines(r.format, r, formatLabel || r.format.fmt))
  else if (r?.perChannel && r.channels) lines.push(...channelLines(p, r, r.channels))
  else if (r) {
    const pl = r.plan
    lines.push('')
    lines.push(
      `# ${p.calib} calibration${p.calib === 'entropy' ? ` (${p.variant})` : ''}, ${pl.convention} convention, ${p.bits} bits`,
    )
    if (pl.symmetric) {
      if (p.calib === 'minmax') lines.push('alpha = np.max(np.abs(x))')
      else lines.push(`alpha = ${py(r.threshold)}  # threshold found by the Lab`)
      // PyTorch and ONNX Runtime compute the scale in float32: write their exact value
      lines.push(
        pl.float32
          ? `w = ${py(pl.scale)}  # alpha / ${py(pl.divisor)} in float32, as ${pl.convention} computes it`
          : `w = alpha / ${py(pl.divisor)}`,
      )
      lines.push('b = 0')
    } else if (pl.form === 'notes') {
      lines.push(
        p.calib === 'minmax'
          ? 'beta, alpha = np.min(x), np.max(x)'
          : `beta, alpha = ${py(pl.lo)}, ${py(pl.hi)}`,
      )
      lines.push(`w = (alpha - beta) / ${py(pl.divisor)}`)
      lines.push(`b = alpha - w * ${pl.qmax}`)
    } else {
      lines.push(`w = ${py(pl.scale)}  # scale`)
      lines.push(`b = ${py(-pl.zeroPoint)} * w  # zero point ${pl.zeroPoint} as the notes' float offset`)
    }
    lines.push(`q = quant_tensor(x, w, b, ${pl.qmin}, ${pl.qmax})`)
    lines.push('x_hat = dequant_tensor(q, w, b)')
    lines.push('')
    lines.push('err = x_hat - x')
    lines.push('print("scale", w, "offset", b)')
    lines.push('print("MSE", np.mean(err ** 2), "SQNR dB", 10 * np.log10(np.sum(x ** 2) / np.sum(err ** 2)))')
    lines.push(`print("codes used", len(np.unique(q)), "of", ${pl.qmax - pl.qmin + 1})`)
  }
  return lines.join('\n') + '\n'
}
