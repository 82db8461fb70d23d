/**
 * Percentile calibration on a histogram, as NVIDIA pytorch-quantization does it
 * (NVIDIA/TensorRT `tools/pytorch-quantization/pytorch_quantization/calib/histogram.py`
 * `_compute_amax_percentile`): cdf = cumsum(counts / total), idx = searchsorted(cdf, p / 100) (the first bin
 * whose cumulative share reaches p/100), amax = edges[idx], the LEFT edge of that bin.
 */
import { assertHistogram, type HistogramLike } from './histogram'

/** numpy's cumsum(counts / total): the cumulative share after each bin (sequential float64 sums). */
export function histogramCdf(h: HistogramLike): Float64Array {
  const total = assertHistogram(h, 'histogramCdf: h')
  const n = h.counts.length
  const cdf = new Float64Array(n)
  if (total === 0) return cdf
  let acc = 0
  for (let k = 0; k < n; k++) {
    acc += h.counts[k] / total
    cdf[k] = acc
  }
  return cdf
}

/**
 * pytorch-quantization `_compute_amax_percentile`: the left edge edges[idx] of the first bin idx at which the
 * cumulative share reaches percentile / 100 (idx = n, i.e. edges[n], if rounding keeps the cdf below 1 at
 * percentile 100). `percentile` must be in [0, 100] (RangeError otherwise). An all-zero histogram gives 0
 * (pytorch-quantization's all-zero tensor has all-zero edges, so it also returns 0). A tensor of zeros through
 * absHistogram is not that: numpy's rule widens its range to [−0.5, 0.5], and the result is the middle bin's
 * left edge, 0 for an even bin count such as the app's 2048 and −0.5/bins (to the last bits) for an odd one.
 */
export function percentileCalibrate(h: HistogramLike, percentile: number): number {
  if (typeof percentile !== 'number' || Number.isNaN(percentile)) {
    throw new TypeError(`percentileCalibrate: percentile must be a number (got ${String(percentile)})`)
  }
  if (percentile < 0 || percentile > 100) {
    throw new RangeError(`percentileCalibrate: percentile must be in 0 … 100 (got ${percentile})`)
  }
  const total = assertHistogram(h, 'percentileCalibrate: h')
  if (total === 0) return 0
  const target = percentile / 100
  const n = h.counts.length
  let acc = 0
  for (let k = 0; k < n; k++) {
    acc += h.counts[k] / total
    if (acc >= target) return h.edges[k]
  }
  return h.edges[n]
}
