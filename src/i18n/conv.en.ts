// English messages for what the quantization controls say a setting does under the current choice (the
// notes' unsigned grid, a number format's own scales); conv.zh-CN.ts must have the same keys.
export const convEn = {
  'conv.adjust.rangeUnsigned':
    'With unsigned codes the notes’ symmetric grid spans the full range [{qmin}, {qmax}] (w = α/{qmax}): it has no restricted range, so this setting is not applied.',
} as const
