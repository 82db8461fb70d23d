// English messages for the fixes of the hostile-input hunt; hostile.zh-CN.ts must have the same keys.
export const hostileEn = {
  'load.tooManyText':
    '“{name}” has more than {detail} values; the Lab takes at most 10,000,000. Nothing was changed.',
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
  'view.chunkFailed':
    'This part of the app could not be loaded: the page may be offline, or a new version of the app has been published. The rest of the app still works; reload the page to try again.',
  'learn.widgetChunkFailed':
    'its code could not be loaded (the page may be offline, or a new version has been published); reload the page to try again.',
  'model.err.chunk':
    'The part of the page that reads “{file}” could not be loaded: the page may be offline, or a new version of the app has been published. Reload the page to try again.',
  'model.err.network':
    'The shipped model “{file}” could not be fetched: the network request failed (the page may be offline, or the browser or an extension blocked it).',
  'acc.err.network':
    'The digits network or its data ({detail}) could not be fetched: the network request failed (the page may be offline, or the browser or an extension blocked it). The link’s settings are kept; reload the page to try again.',
  'model.layer.extra':
    'The link names “{name}”, a vector listed under the layer “{layer}” (only weights with two or more axes are layers): showing that layer.',
  'model.err.external':
    '“{file}” stores the data of tensor {detail} in an external file, which this page cannot read. Save the model with its weights inside the .onnx file.',
} as const
