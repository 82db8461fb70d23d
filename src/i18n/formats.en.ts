// English messages of the formats beyond int8 (issue 15; keys 'fmt.', 'gran.group', 'sq.'); formats.zh-CN.ts has the same keys.
export const formatsEn = {
  'gran.group': 'Per group',
  'fmt.label': 'Number format',
  'fmt.int': 'Integer (linear grid)',
  'fmt.e4m3': 'FP8 E4M3',
  'fmt.e5m2': 'FP8 E5M2',
  'fmt.e2m1': 'FP4 E2M1',
  'fmt.nf4': 'NF4',
  'fmt.mxfp4': 'MXFP4',
  'fmt.mxfp8': 'MXFP8',
  'fmt.int.about': 'Evenly spaced integer codes, bit width from the Bits setting.',
  'fmt.e4m3.about': '8-bit float: 4 exponent bits, 3 mantissa bits, largest 448 (OCP "FN": no infinities).',
  'fmt.e5m2.about':
    '8-bit float: 5 exponent bits, 2 mantissa bits, largest 57344 — more range, coarser steps.',
  'fmt.e2m1.about': '4-bit float: 0, 0.5, 1, 1.5, 2, 3, 4, 6 and their negatives.',
  'fmt.nf4.about':
    "QLoRA's 4-bit NormalFloat: 16 levels at quantiles of a normal distribution, scaled by absmax.",
  'fmt.mxfp4.about': 'OCP microscaling: blocks of 32 E2M1 values share one power-of-two (E8M0) scale.',
  'fmt.mxfp8.about': 'OCP microscaling: blocks of 32 E4M3 values share one power-of-two (E8M0) scale.',
  'fmt.group': 'Group size',
  'fmt.title': 'Formats and cost',
  'fmt.summary':
    '{format}, {gran}: SQNR {sqnr} dB at {bpw} bits per weight ({scales} {scales?scale|scales} of {scaleBits} bits, one per {per} {per?value|values}).',
  'fmt.gran.tensor': 'one scale for the tensor',
  'fmt.gran.channel': 'one scale per channel',
  'fmt.gran.group': 'one scale per group',
  'fmt.gran.block': 'one power of two per 32-value block',
  'fmt.cost': 'Cost (bits per weight, scales included)',
  'fmt.notCalibrated':
    'The calibration method does not set the scale here: each channel or group takes its scale from its own absmax, and an MX block a power of two from its absmax.',
  'fmt.groupClamped':
    'The group is longer than a channel ({len} {len?value|values}): one group per channel was used.',
  'fmt.formula.intro.tensor':
    "{format}, one scale for the tensor: the calibrated threshold T maps to the format's largest value, and every value goes to the nearest value of the format.",
  'fmt.formula.intro.channel':
    "{format}, one scale per channel: each channel's largest magnitude maps to the format's largest value ({per} {per?value shares|values share} a scale).",
  'fmt.formula.intro.group':
    "{format}, one scale per group of {per} {per?value|values}: each group's largest magnitude maps to the format's largest value.",
  'fmt.formula.intro.block':
    '{format}: every block of {per} values shares one power of two, chosen from its largest magnitude (the calibrated threshold plays no part).',
  'fmt.sweepTitle': 'SQNR against bits per weight',
  'fmt.sweepSummary':
    'Common weight formats on this tensor: {best} has the highest SQNR per bit; int4 g128 costs {g128} bits per weight.',
  'fmt.sweepUsed': 'Computed on the first {used} values, in row order.',
  'fmt.sweepX': 'bits per weight (scales included)',
  'fmt.sweepY': 'SQNR (dB)',
  'fmt.sweepCol.format': 'format',
  'fmt.sweepCol.bpw': 'bits / weight',
  'fmt.sweepCol.sqnr': 'SQNR (dB)',
  'fmt.sweepCol.mse': 'MSE',
  'fmt.sweep.int8-ch': 'int8 per channel',
  'fmt.sweep.e4m3-ch': 'FP8 E4M3 per channel',
  'fmt.sweep.e5m2-ch': 'FP8 E5M2 per channel',
  'fmt.sweep.mxfp8': 'MXFP8',
  'fmt.sweep.int4-ch': 'int4 per channel',
  'fmt.sweep.int4-g128': 'int4 g128',
  'fmt.sweep.int4-g64': 'int4 g64',
  'fmt.sweep.int4-g32': 'int4 g32',
  'fmt.sweep.nf4-g64': 'NF4 g64',
  'fmt.sweep.mxfp4': 'MXFP4',
  'fmt.gridTitle': 'Levels of {format}',
  'fmt.gridSummary':
    '{format}: {levels} levels from {lo} to {hi}; the spacing grows with the magnitude (one octave per exponent). {usage}',
  'fmt.gridSummaryQuantiles':
    '{format}: {levels} levels from {lo} to {hi}, at quantiles of a normal distribution: close together near zero, far apart in the tails. {usage}',
  'fmt.gridSummaryUniform': '{format}: {levels} levels from {lo} to {hi}, evenly spaced. {usage}',
  'fmt.gridUsed': '{used} {used?level|levels} used.',
  'fmt.gridLog': 'Log axis (|x|)',
  'fmt.gridCodes': 'Codes used: {codes}',
  'fmt.gridNoLevels':
    '{format}: each channel, group or block has its own scale, so there is no single grid to draw; the histogram and the error show the result.',
  'fmt.currentPoint': 'Your settings: {bpw} bits per weight, SQNR {sqnr} dB',
  'fmt.compareRow': '{format}: MSE {mse}',
  'learn.ch.formats': 'Beyond int8: formats',
  'learn.fmt.gridTitle': 'A number format as a grid',
  'learn.fmt.gridSummary': '{format}: {n} positive levels from {lo} to {hi}.',
  'learn.fmt.levels': 'values',
  'learn.fmt.largest': 'largest',
  'learn.fmt.sqnrNormal': 'SQNR on normal weights (dB)',
  'learn.fmt.groupTitle': 'Group size: error against cost',
  'learn.fmt.groupSummary':
    'int4 with one fp16 scale per {g} values: SQNR {sqnr} dB at {bpw} bits per weight (per channel: {ch} dB at {chBpw}).',
  'learn.fmt.sqTitle': 'SmoothQuant on a layer with outlier channels',
  'learn.fmt.sqSummary':
    'int8 X·W: SQNR {before} dB without smoothing, {after} dB at α = {alpha}; the best α here is {best} ({bestSqnr} dB).',
  'sq.title': 'Activation outliers and SmoothQuant',
  'sq.factor': 'Outlier factor',
  'sq.count': 'Outlier channels',
  'sq.perToken': 'Per-token scales for X',
  'sq.xMax': 'max |X| (before → after)',
  'sq.wMax': 'max |W| (before → after)',
  'sq.before': 'int8 error before smoothing',
  'sq.after': 'int8 error after smoothing',
  'sq.best': 'best α',
  'sq.histX': 'X before (blue) and after smoothing (orange)',
  'sq.histW': 'W before (blue) and after smoothing (orange)',
  'sq.histXSummary':
    'The activations X, before and after each input channel j is divided by s_j: the largest |x| goes from {from} to {to}.',
  'sq.histWSummary':
    'The weights W, before and after each input channel j is multiplied by s_j: the largest |w| goes from {from} to {to}.',
  'sq.summary':
    'Y = X·W with per-tensor int8 X and W: SQNR {before} dB before, {after} dB after smoothing with α = {alpha}; best α {best} ({bestSqnr} dB).',
  'sq.off':
    'No outlier channels: set an outlier factor above 1 to give X a few large channels, as in large language models.',
} as const
