// English messages for the fixes of the hostile-input hunt; hostile.zh-CN.ts must have the same keys.
export const hostileEn = {
  'preset.notSaved':
    'The preset “{name}” was not saved: the current settings are not all valid link settings. Nothing was changed.',
  'worker.loadFailed': 'its script could not be loaded',
  'worker.messageError': 'one of its messages could not be read',
  'lab.mseOverflow':
    'The errors are so large that their squares overflow float64: the MSE shows ∞; the SQNR is computed in a scaled unit.',
  'ops.err.outputScale':
    'TFLite’s integer ADD cannot use the output scale w_c = {detail}: it is so small that the output multiplier 2·max(w_a, w_b) / (2²⁰·w_c) is 1 or more, which the kernel refuses (its 32-bit sum would overflow). Choose a larger output scale.',
  'ops.err.range':
    'These inputs are too large for this computation: the range of an input or of their sum is wider than float64 can hold (about 1.8·10³⁰⁸), so no scale can be computed. Scale the data down.',
} as const
