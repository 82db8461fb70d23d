// The digits network runner of `#/model/accuracy` (issue 16). Pure: no DOM; runs in the Web Worker.
export * from './types'
export { parseDigitsCsv, decodeDigitsGz, splitDigits } from './digits'
export { loadNetwork, forwardFloat, floatLayer, argmax10, accuracyOf } from './model'
export { trainDigits, TRAIN_DEFAULTS, type TrainOptions, type TrainedNetwork } from './train'
export {
  prepareEvaluation,
  evaluate,
  layerSensitivity,
  accuracyVsBits,
  layerInputActivations,
  integerAndSimulated,
  clampSettings,
  type Run,
} from './evaluate'
