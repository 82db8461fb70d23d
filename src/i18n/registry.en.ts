// English text for the convention and calibrator registries (src/registry/): names and the notes the
// controls show when a setting is not the reference system's.
export const registryEn = {
  'conv.name.notes': 'the notes',
  'conv.name.pytorch': 'PyTorch',
  'conv.name.onnxruntime': 'ONNX Runtime',
  'conv.name.tensorrt': 'TensorRT',
  'conv.name.tvm': 'TVM',
  'conv.adjust.scheme': '{conv} quantizes only symmetrically, so the symmetric scheme is used.',
  'conv.adjust.rangeIgnored': '{conv} always uses the {range}; this setting is not applied.',
  'conv.adjust.rangeCustom':
    'Not {conv}’s default ({range}): this range is a custom setting of {conv}, so the numbers differ from its presets.',
  'conv.adjust.round': '{conv} rounds {round}; with another rounding the numbers are no longer {conv}’s.',
  'rangeKind.full': 'full range [{qmin}, {qmax}]',
  'rangeKind.restricted': 'restricted range [{qmin}, {qmax}]',
  'roundKind.half-even': 'half to even',
  'roundKind.half-away': 'half away from zero',
  'roundKind.half-up': 'half up',
  'preset.rejected':
    'Saved presets that are not valid settings were skipped (they stay saved on this device): {names}.',
} as const
