// Model files and weight reports (contract: core-api.md §7). Pure: no DOM; runs in a Web Worker.
export { readModelFiles } from './read'
export {
  weightReport,
  channelAbsMax,
  channelLayout,
  type WeightReport,
  type WeightReportOptions,
} from './report'
export { foldBatchNorm, type BatchNormParams, type FoldedWeight } from './fold'
export {
  ModelFileError,
  type ModelErrorCode,
  type ModelFile,
  type ModelFormat,
  type NamedTensor,
  type ReadModel,
  type SkippedMembers,
} from './types'
export { writeSafetensors } from './safetensors'
export { halfToFloat, halvesToFloats, bf16ToFloat, floatToHalf, floatToBf16 } from './numbers'
