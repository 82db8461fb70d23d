/**
 * What the `#/model/accuracy` view asks of its engine (accuracyEngine.ts, run in a worker): the view
 * codes against these shapes only, so the network runner behind them can change. Everything here crosses the
 * worker boundary (structured clone): plain objects and typed arrays.
 */
import type { AccuracyParams, NetId } from '../params/accuracyParams'
import type { DataCalibratorId } from '../registry/calibrators'

export interface NetInfo {
  net: NetId
  layers: { name: string; kind: string }[]
  testN: number
  trainN: number
  floatAccuracy: number
}

export interface LayerView {
  name: string
  kind: string
  quantized: boolean
  /** the calibrated range of the layer's input [lo, hi], the raw calibration min/max */
  lo: number
  hi: number
  min: number
  max: number
  scale: number
  /** SQNR (dB) of the layer's output against float on the test set */
  sqnrDb: number
  /** share of calibration values clipped */
  clipped: number
}

export interface MissView {
  index: number
  label: number
  floatPred: number
  quantPred: number
  floatLogits: Float32Array
  quantLogits: Float32Array
  /** the 8×8 image, pixel / 16 */
  image: Float32Array
}

export interface EvalView {
  floatAccuracy: number
  quantAccuracy: number
  changed: number
  testN: number
  /** confusion[true · 10 + quantized prediction] */
  confusion: Int32Array
  layers: LayerView[]
  misclassified: MissView[]
  elapsedMs: number
}

export interface ActsView {
  layer: string
  values: Float32Array
  min: number
  max: number
  /** the range the current settings use */
  lo: number
  hi: number
  thresholds: Record<DataCalibratorId, number>
}

export interface AccuracyApi {
  /** fetch the digits data and the network from `base` (the page's base URL) and prepare it once */
  load(net: NetId, base: string): NetInfo | Promise<NetInfo>
  evaluate(p: AccuracyParams): EvalView | Promise<EvalView>
  /** accuracy with only each layer quantized */
  sensitivity(
    p: AccuracyParams,
  ): { layer: string; accuracy: number }[] | Promise<{ layer: string; accuracy: number }[]>
  /** quantized accuracy at these settings with `calib` and activation bits `abits` */
  bitsPoint(p: AccuracyParams, calib: DataCalibratorId, abits: number): number | Promise<number>
  activations(p: AccuracyParams, layer: string): ActsView | Promise<ActsView>
}
