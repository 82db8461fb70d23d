/**
 * The public surface of the digits network runner (`#/model/accuracy`, issue 16): the data, the two networks,
 * the settings a link holds, and what an evaluation returns. Pure: no DOM. The view codes against these names;
 * this file is the single place that says them.
 */
import type { EntropyVariant } from '../../core'
import type { NamedTensor } from '../../models/types'
import type { DataCalibratorId } from '../../registry/calibrators'
import type { NetId } from '../../registry/networks'

// ---------------------------------------------------------------------------------------------------------
// Data (src/engine/network/digits.ts)
// ---------------------------------------------------------------------------------------------------------

/** The UCI digits: n images of 8×8 pixels, row-major, value = pixel / 16 ∈ [0, 1]; labels 0 … 9. */
export interface DigitsData {
  n: number
  /** n × 64 */
  images: Float32Array
  labels: Uint8Array
}

/** The fixed split: test = rows i with i % 5 == 4 (359), train = the others in file order (1,438). */
export interface DigitsSplit {
  train: DigitsData
  test: DigitsData
  /** the row of the file each image came from */
  trainRows: Int32Array
  testRows: Int32Array
}

/** The pixel the traitor is written into: row 3, column 3 of the 8×8 image. */
export const TRAITOR_PIXEL = 3 * 8 + 3

// ---------------------------------------------------------------------------------------------------------
// Networks (src/engine/network/model.ts)
// ---------------------------------------------------------------------------------------------------------

// the shipped networks' ids and layer names live in the registry the link codec reads too
export { LAYER_NAMES, NET_IDS, type NetId } from '../../registry/networks'

export type LayerKind = 'fc' | 'conv' | 'depthwise'

/** One weighted layer. Weights in PyTorch layout: fc [out, in]; conv [out, in/groups, kh, kw]. */
export interface NetworkLayer {
  name: string
  kind: LayerKind
  /** input activation shape without the batch: fc [features]; conv [channels, height, width] */
  inputShape: number[]
  outputShape: number[]
  weightShape: number[]
  weight: Float32Array
  bias: Float32Array
  /** ReLU after this layer (every layer but the last) */
  relu: boolean
  /** conv only */
  stride: number
  pad: number
  groups: number
  /** the number of output channels (the per-channel axis of the weight: axis 0) */
  outChannels: number
  /** the length of one output channel's weight slice (the reduction: in/groups · kh · kw, or in) */
  reduction: number
}

export interface NetworkModel {
  id: NetId
  layers: NetworkLayer[]
}

/** What `loadNetwork` accepts: the tensors `readModelFiles` gives (or any name → tensor list). */
export type NetworkTensors = readonly Pick<NamedTensor, 'name' | 'shape' | 'data'>[]

// ---------------------------------------------------------------------------------------------------------
// Settings and results (src/engine/network/evaluate.ts)
// ---------------------------------------------------------------------------------------------------------

export type WeightGranularity = 'tensor' | 'channel' | 'group'
export type ActCalibrator = DataCalibratorId // 'minmax' | 'percentile' | 'entropy' | 'mse'

export interface AccuracySettings {
  net: NetId
  /** 2 … 8 */
  wbits: number
  /** 2 … 8 */
  abits: number
  wgran: WeightGranularity
  /** group size along the reduction axis (8 … 256) when wgran = 'group' */
  group: number
  calib: ActCalibrator
  variant: EntropyVariant
  /** percentile (e.g. 99.99), pytorch-quantization's histogram CDF */
  pct: number
  /** calibration images: the first ncal training rows (1 … 1438) */
  ncal: number
  /** value written into pixel (3, 3) of the first calibration image; null: no traitor */
  traitor: number | null
  /** layer names kept in float (their input and weights stay float) */
  float: readonly string[]
}

export const DEFAULT_ACCURACY_SETTINGS: AccuracySettings = {
  net: 'mlp',
  wbits: 8,
  abits: 8,
  wgran: 'channel',
  group: 128,
  calib: 'minmax',
  variant: 'tensorrt',
  pct: 99.99,
  ncal: 200,
  traitor: null,
  float: [],
}

/** One layer of an evaluation. */
export interface LayerResult {
  name: string
  kind: LayerKind
  /** false when kept in float */
  quantized: boolean
  /** the calibrated range of this layer's INPUT activation [lo, hi] (lo = min(0, min x), hi the threshold) */
  lo: number
  hi: number
  /** the raw min and max of the calibration values (hi < max means clipping) */
  min: number
  max: number
  /** input activation scale and zero point (NaN / 0 when the layer is float) */
  scale: number
  zeroPoint: number
  /** weight scales: 1 (tensor), outChannels (channel) or outChannels · ⌈reduction/group⌉ (group) */
  weightScales: Float64Array
  /** SQNR (dB) of this layer's OUTPUT activation (after ReLU; logits for the last) against float, test set */
  sqnrDb: number
  /** share of the calibration values clipped by [lo, hi] */
  clipped: number
}

export interface Misclassified {
  /** index into the test split */
  index: number
  label: number
  floatPred: number
  quantPred: number
  floatLogits: Float32Array
  quantLogits: Float32Array
}

export interface EvalResult {
  floatAccuracy: number
  quantAccuracy: number
  /** test answers whose quantized prediction differs from the float one */
  changed: number
  /** 10 × 10 row-major: confusion[true · 10 + quantized prediction] */
  confusion: Int32Array
  floatPred: Uint8Array
  quantPred: Uint8Array
  layers: LayerResult[]
  /** test images the quantized network gets wrong */
  misclassified: Misclassified[]
  elapsedMs: number
}

export interface SensitivityEntry {
  layer: string
  /** test accuracy with only this layer quantized (the others float) */
  accuracy: number
}

export interface BitsPoint {
  bits: number
  accuracy: number
}

export interface LayerActivations {
  layer: string
  /** the calibration values of this layer's input (traitor included) */
  values: Float32Array
  min: number
  max: number
  /** the upper threshold each calibrator gives at these settings (abits, pct, variant) */
  thresholds: { [K in ActCalibrator]: number }
}

/** Everything cached for one network and split (float activations of every layer, test and training). */
export interface PreparedNetwork {
  model: NetworkModel
  split: DigitsSplit
  /** float activations per layer input (index l) and the logits (index layers.length), n × size */
  testActs: Float32Array[]
  trainActs: Float32Array[]
  floatPred: Uint8Array
  floatAccuracy: number
  /** cached calibration thresholds (internal) */
  cache: Map<string, unknown>
  /** arrays an evaluation reuses for its per-layer results (internal: see `runNetwork` in evaluate.ts) */
  work: Map<string, Int32Array | Float64Array>
}

// ---------------------------------------------------------------------------------------------------------
// The functions (exported from src/engine/network/index.ts)
// ---------------------------------------------------------------------------------------------------------

/** `parseDigitsCsv(text)`: 65 comma-separated integers a row (64 pixels 0…16, label 0…9). */
export type ParseDigitsCsv = (text: string) => DigitsData
/** `decodeDigitsGz(bytes)`: gunzip (fflate) + parse, for `public/data/digits.csv.gz`. */
export type DecodeDigitsGz = (bytes: Uint8Array) => DigitsData
export type SplitDigits = (d: DigitsData) => DigitsSplit
/** `loadNetwork(id, tensors)`: the layers of `public/models/digits-<id>.safetensors`. */
export type LoadNetwork = (id: NetId, tensors: NetworkTensors) => NetworkModel
/** `prepareEvaluation(model, split)`: float activations of every image, cached for `evaluate`. */
export type PrepareEvaluation = (model: NetworkModel, split: DigitsSplit) => PreparedNetwork
/** `evaluate(prepared, settings)`: calibrate, quantize, run the test split in integers. */
export type Evaluate = (prepared: PreparedNetwork, settings: AccuracySettings) => EvalResult
/** `layerSensitivity(prepared, settings)`: accuracy with only each layer quantized, in layer order. */
export type LayerSensitivity = (prepared: PreparedNetwork, settings: AccuracySettings) => SensitivityEntry[]
/** `accuracyVsBits(prepared, settings, calib, bitsList)`: quantized accuracy at each activation bit width. */
export type AccuracyVsBits = (
  prepared: PreparedNetwork,
  settings: AccuracySettings,
  calib: ActCalibrator,
  bitsList: readonly number[],
) => BitsPoint[]
/** `layerInputActivations(prepared, settings, layer)`: that layer's calibration values and thresholds. */
export type LayerInputActivations = (
  prepared: PreparedNetwork,
  settings: AccuracySettings,
  layer: string,
) => LayerActivations
