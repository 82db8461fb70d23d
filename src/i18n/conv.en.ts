// English messages for what the quantization controls say a setting does under the current choice (the
// notes' unsigned grid, a number format's own scales); conv.zh-CN.ts must have the same keys.
export const convEn = {
  'conv.adjust.rangeUnsigned':
    'With unsigned codes the notes’ symmetric grid spans the full range [{qmin}, {qmax}] (w = α/{qmax}): it has no restricted range, so this setting is not applied.',
  // TVM's entry in the convention menu with unsigned codes (conv.tvm: signed, clip ±q)
  'conv.tvm.unsigned': 'TVM (α/{d}, clip 0 … {q})',
  // the convention menu under the asymmetric scheme: the range α − β over the codes' span (TensorRT and TVM are
  // symmetric only and keep their entries)
  'conv.asym.notes': 'The notes (w = (α − β)/{d})',
  'conv.asym.pytorch': 'PyTorch ((α − β)/{d}, zero point)',
  'conv.asym.onnxruntime': 'ONNX Runtime ((α − β)/{d}, zero point)',
  // the convention menu under a number format: the names alone (its divisors belong to the integer grid)
  'conv.plain.notes': 'The notes',
  'conv.plain.pytorch': 'PyTorch',
  'conv.plain.onnxruntime': 'ONNX Runtime',
  'conv.plain.tensorrt': 'TensorRT',
  'conv.plain.tvm': 'TVM',
  // (no line break inside s = T/448)
  'conv.ownScale.tensor':
    '{format} sets its own scale, s\u00a0=\u00a0T/{largest}: the convention’s divisor, unsigned integers, the restricted range and the rounding are not applied.',
  'conv.ownScale.channel':
    '{format} takes one scale per channel, its largest |x|/{largest}: the convention’s divisor, unsigned integers, the restricted range and the rounding are not applied.',
  'conv.ownScale.group':
    '{format} takes one scale per group, its largest |x|/{largest}: the convention’s divisor, unsigned integers, the restricted range and the rounding are not applied.',
  'conv.ownScale.block':
    '{format} takes one scale per block of {block} {block?value|values}, a power of two set by its largest |x|: the convention’s divisor, unsigned integers, the restricted range and the rounding are not applied.',
} as const
