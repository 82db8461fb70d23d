// English UI text. This object defines the message keys; zh-CN must provide every one of them.
// Areas with many messages keep them in their own pair of files (e.g. ops.en.ts / ops.zh-CN.ts).
import { formatsEn } from './formats.en'
import { learnEn } from './learn.en'
import { opsEn } from './ops.en'
import { registryEn } from './registry.en'
import { robustEn } from './robust.en'
import { reachEn } from './reach.en'
import { hostileEn } from './hostile.en'
import { mworkerEn } from './mworker.en'
import { convEn } from './conv.en'
import { fmtviewEn } from './fmtview.en'
import { modelsEn } from './models.en'
import { whyEn } from './why.en'

const shellEn = {
  'app.name': 'Quant Lab',
  'app.tagline': 'See every number of int8 quantization',
  'nav.home': 'Home',
  'nav.lab': 'Lab',
  'nav.traitor': 'The traitor, step by step',
  'nav.learn': 'Tutorial',
  'nav.main': 'Main navigation',
  'nav.skip': 'Skip to content',
  'lang.label': 'Language',
  'lang.shown': 'English',
  'lang.switchTo': '中文',
  'lang.switchToName': 'Switch to Chinese',
  'present.on': 'Classroom mode',
  'present.off': 'Leave classroom mode',
  'present.builder': 'Classroom link…',
  'present.builderTitle': 'Make a classroom link',
  'present.builderIntro':
    'Set the view up the way you want to show it, then choose the language and the parts to hide. The link opens this view in classroom mode: large type, high contrast, ←/→ to step, F for fullscreen, Esc to leave.',
  'present.hideLegend': 'Hide these parts',
  'present.link': 'Classroom link',
  'present.openLink': 'Open it now',
  'present.close': 'Close',
  'present.part.nav': 'Navigation bar',
  'present.part.lang': 'Language switch',
  'present.part.controls': 'Lab settings panel',
  'present.part.export': 'Export and sharing buttons',
  'present.part.formulas': 'Formulas',
  'present.part.curves': 'KL divergence and histogram-error curves',
  'present.part.microscope': 'KL microscope',
  'present.part.error': 'Error panel',
  'present.part.grid': 'Quantization grid',
  'present.part.code': 'Python code (step-through)',
  'present.part.steps': 'Step list (step-through)',
  'present.part.charts': 'Charts (step-through)',
  'notFound.title': 'Page not found',
  'notFound.body': 'There is no page at “{path}”.',
  'notFound.home': 'Go to the home page',
  'notice.unknown': 'Ignored the unknown link parameter “{key}”.',
  'notice.invalid': 'The link parameter “{key}” had an invalid value “{value}”; using {used} instead.',
  'notice.invalidNoDefault': 'The link parameter “{key}” had an invalid value “{value}”; it was ignored.',
  'notice.clamped': 'The link parameter “{key}” = “{value}” is out of range; using {used}.',
  'notice.order':
    'The link parameter “{key}” = “{value}” crosses “{other}” (a range’s low end must lie below its high end); using {used}.',
  'notice.repeated':
    'The link parameter “{key}” is given more than once; its last value, “{used}”, is read and “{value}” is ignored.',
  'notice.language':
    'The link parameter “lang” = “{value}” is not a language this app offers (it has zh-CN and en); the page is shown in {used}.',
  'notice.version': 'This link was made for schema version {value}; read as version {used}.',
  'notice.dismiss': 'Dismiss',
  'footer.about':
    'Every number in Quant Lab comes from one TypeScript core that reproduces numpy and the reference calibrators. Whatever you change is recomputed in your browser, and no data leaves the page.',

  'chart.exportSvgOf': 'Download “{title}” as SVG',
  'chart.exportPngOf': 'Download “{title}” as PNG',
  'lab.tabs': 'Lab views',
  'lab.tabTensor': 'One tensor',
  'lab.tabAdd': 'Quantized add',
  'lab.tabDense': 'Quantized dense',
  'lab.title': 'Lab: quantize one tensor',
  'lab.controls': 'Lab settings',
  'lab.source': 'Data',
  'lab.preset': 'Preset',
  'lab.presetChoose': 'Choose a preset…',
  'lab.presetSave': 'Save as preset',
  'lab.presetNamePrompt': 'Name of your preset',
  'lab.dist': 'Source',
  'lab.outliers': 'Outliers',
  'lab.injectOutlier': 'Inject outliers (the traitor)',
  'lab.invalidNumber': 'Enter a number from {min} to {max}.',
  'lab.invalidBelow': 'Enter a number below “{other}” ({value}).',
  'lab.invalidAbove': 'Enter a number above “{other}” ({value}).',
  'lab.outlierPast': 'Position {at} lies past the last value ({last}): no outlier is injected.',
  'lab.outlierPartly':
    'Only {count} of the {outliers} outliers {count?fits|fit} between position {at} and the last value ({last}).',
  'lab.quantization': 'Quantization',
  'lab.convention': 'Convention',
  'lab.scheme': 'Scheme',
  'lab.form': 'Asymmetric form',
  'lab.round': 'Rounding',
  'lab.unsigned': 'Unsigned integers (e.g. uint8 after ReLU)',
  'lab.restricted': 'Restricted range ({qmin} … {qmax})',
  'lab.granularity': 'Granularity',
  'lab.axis': 'Channel axis',
  'lab.calibration': 'Calibration',
  'lab.method': 'Method',
  'lab.variant': 'KL variant',
  'lab.pctmode': 'Percentile version',
  'lab.showVariants': 'Overlay the three KL variants',
  'lab.logCounts': 'Logarithmic count axis',
  'lab.undo': 'Undo',
  'lab.redo': 'Redo',
  'lab.busyGenerate': 'Generating the tensor and its histograms…',
  'lab.busyQuantize': 'Calibrating and quantizing…',
  'lab.progress': 'Progress',
  'lab.sourceLine': '{n} {n?value|values}, shape {rows} × {cols}.',
  'lab.loadedMissing':
    'This link points to data that was loaded from a file. Loaded data never leaves the device it was loaded on, so it is not available here: load a file or choose another source.',
  'lab.computeFailed': 'The computation failed: {detail}. The previous result is still shown.',
  'preset.traitor': 'The notes’ traitor (uniform ±1 and one 10)',
  'preset.clean': 'The notes’ x1 without the traitor',
  'preset.relu': 'Activations with a long tail (log-normal, ≥ 0)',
  'preset.weights': 'Weights of a layer (per-channel)',
  'preset.heavy': 'Heavy tails (Student-t)',
  'dist.uniform': 'Uniform',
  'dist.normal': 'Normal',
  'dist.laplace': 'Laplace',
  'dist.student-t': 'Student-t',
  'dist.bimodal': 'Bimodal mixture',
  'dist.lognormal': 'Log-normal',
  'dist.relu-normal': 'ReLU(normal)',
  'dist.drawn': 'Drawn by hand',
  'dist.loaded': 'Loaded from a file',
  'param.lo': 'Low',
  'param.hi': 'High',
  'param.mu': 'Location μ',
  'param.sigma': 'Scale σ',
  'param.df': 'Degrees of freedom',
  'param.sep': 'Separation of the modes',
  'param.mix': 'Share of the left mode',
  'param.dlo': 'Drawing from',
  'param.dhi': 'Drawing to',
  'param.n': 'Size N',
  'param.seed': 'Seed',
  'param.rows': 'Rows (channels)',
  'param.spread': 'Channel spread',
  'param.outlier': 'Outlier value',
  'param.outliers': 'How many',
  'param.at': 'At index',
  'param.bits': 'Bits',
  'param.pct': 'Percentile (%)',
  'draw.hint':
    'Draw the density with the mouse, a pen or a finger. Keyboard: ←/→ pick a column, ↑/↓ change it.',
  'draw.label': 'Density sketch, column {col}, height {height}%',
  'draw.reset': 'Reset the drawing',
  'load.drop': 'Drop a .npy, .csv or .txt file here',
  'load.pick': 'Choose a file…',
  'load.paste': 'Or paste numbers (comma, space or line separated)',
  'load.pasted': 'pasted numbers',
  'load.usePasted': 'Use the pasted numbers',
  'load.current': 'Loaded: {name}, {n} {n?value|values} ({rows} × {cols}).',
  'load.ok': 'Loaded {name}: {n} {n?value|values} ({rows} × {cols}).',
  'load.dropped': '{count} {count?value that was|values that were} NaN or infinite {count?was|were} dropped.',
  'load.npyMagic':
    '“{name}” is not a NumPy .npy file (its first bytes are not \\x93NUMPY). Nothing was changed.',
  'load.npyTruncated': '“{name}” is cut short: the file ends before all its values. Nothing was changed.',
  'load.npyHeader': '“{name}” has a .npy header that cannot be read. Nothing was changed.',
  'load.npyDtype':
    '“{name}” holds values of type {detail}, which the Lab cannot read (it reads float16/32/64, int8/16/32/64, uint8/16/32 and bool). Nothing was changed.',
  'load.npyStructured':
    "“{name}” is a structured (record) array: each element is a record of named fields, which cannot be read as numbers. Save one field as an array of its own, for example numpy.save('{field}.npy', a['{field}']), and load that file. Nothing was changed.",
  'load.npyNdim': '“{name}” has {detail} dimensions; the Lab reads 1-D and 2-D arrays. Nothing was changed.',
  'load.textWords':
    '“{name}” contains something that is not a number (line {line}: {word}). Nothing was changed.',
  'load.textBinary':
    '“{name}” looks like a binary file, not text: line {line} holds the control character {char}, which no text of numbers has. The Lab reads numbers written as text (.csv, .txt) and NumPy .npy files. Nothing was changed.',
  'load.textEncoding':
    '“{name}” is not UTF-8 text: line {line} holds bytes that are not valid UTF-8. It may be a binary file, or text saved in another character set (save it as UTF-8). Nothing was changed.',
  'load.zip':
    '“{name}” is a zip archive (a NumPy .npz is one), and the Lab reads a single array, from a .npy file or from text. Save the array you want with numpy.save, or open a .npz of weights on the Real model page. Nothing was changed.',
  'load.onlyFirst': '{count} files were dropped; the Lab reads one at a time, so only “{name}” is read.',
  'load.empty': '“{name}” contains no values. Nothing was changed.',
  'load.tooMany': '“{name}” has {detail} values; the Lab takes at most 10,000,000. Nothing was changed.',
  'load.allNonFinite':
    'Every value in “{name}” is NaN or infinite; there is nothing to quantize. Nothing was changed.',
  'load.reading': 'Reading “{name}”… {pct}%',
  'load.cancel': 'Cancel',
  'load.cancelled': 'Reading “{name}” was cancelled. Nothing was changed.',
  'load.unknown': '“{name}” could not be read, and nothing was changed.',
  'conv.notes': 'The notes (w = α/{d})',
  'conv.pytorch': 'PyTorch (α/{d}, zero point)',
  'conv.onnxruntime': 'ONNX Runtime (2α/{d2})',
  'conv.tensorrt': 'TensorRT (α/{d}, symmetric)',
  'conv.tvm': 'TVM (α/{d}, clip ±{q})',
  'scheme.symmetric': 'Symmetric',
  'scheme.asymmetric': 'Asymmetric',
  'form.notes': 'Notes: y = w·x_q + b_f',
  'form.zp': 'Zero point: x = S·(q − Z)',
  'round.half-even': 'Half to even (numpy)',
  'round.half-away': 'Half away from zero (C round)',
  'round.half-up': 'Half up (JS Math.round)',
  'gran.tensor': 'Per tensor',
  'gran.channel': 'Per channel',
  'axis.row': 'Per row',
  'axis.col': 'Per column',
  'calib.minmax': 'Min-max',
  'calib.percentile': 'Percentile',
  'calib.entropy': 'KL divergence',
  'calib.mse': 'MSE',
  'calib.manual': 'By hand',
  'variant.tensorrt': 'TensorRT (slides)',
  'variant.pytorch-quantization': 'pytorch-quantization',
  'variant.tvm': 'TVM / MXNet',
  'pctmode.hist': 'Histogram (pytorch-quantization)',
  'pctmode.notes': 'The notes’ partition',
  'sum.label': 'Key numbers',
  'sum.scale': 'Scale S',
  'sum.w': 'Step w',
  'sum.zp': 'Zero point Z',
  'sum.bf': 'Offset b_f',
  'sum.clip': 'Clipping range',
  'sum.codes': 'Codes used',
  'sum.codesValue': '{used} of {total}',
  'sum.codesUncounted': 'not counted ({total} in all)',
  'sum.inliers':
    'Without the {outliers} injected {outliers?outlier|outliers}, the values use only {used} of the {total} codes.',
  'sum.zeroRange':
    'Every value is 0, so the range is zero: there is nothing to spread over the codes. {fallback}',
  'sum.fallback.pytorch':
    'PyTorch’s observer never lets the scale fall below float32’s eps, so the scale is {scale} (ONNX Runtime would use 1).',
  'sum.fallback.onnxruntime':
    'ONNX Runtime then uses scale {scale} and zero point 0, so nothing divides by zero (PyTorch would use float32’s eps, about 1.19e-7).',
  'sum.fallback.own':
    'The formula of {conv} would divide by zero here; the Lab uses scale {scale} instead, as ONNX Runtime does (PyTorch would use float32’s eps, about 1.19e-7).',
  'sum.perChannelScales': 'one per channel ({n})',
  'sum.formatScales': '{n} {n?scale|scales}, one per {per} {per?value|values}',
  'sum.ownRanges': 'each scale’s own largest |x|',
  'sum.blockRanges': '±{largest}·2ᵉ a block, 2ᵉ from its largest |x|',
  'sum.perChannelRanges': 'one per channel',
  'sum.emptyClip':
    'The clipping threshold leaves no range, so no scale fits it. {fallback} The values land on {used} {used?code|codes}. Move the threshold up to give the grid room.',
  'sum.emptyClipZp':
    'The clipping threshold leaves no range: it maps every value to {edge}. The zero-point form stretches the range to include 0, so the grid covers [{lo}, {hi}] with scale {scale}, and the values land on {used} {used?code|codes}. Move the threshold up to give the grid room.',
  'sum.singleValue':
    'The data hold a single value, {value}, so the range from the smallest to the largest value is empty and no scale fits it. {fallback} The values land on {used} {used?code|codes}.',
  'sum.singleValueZp':
    'The data hold a single value, {value}, so the range from the smallest to the largest value is empty; the zero-point form stretches it to include 0, so the grid covers [{lo}, {hi}] with scale {scale}.',
  'lab.errorOverflow':
    'These settings make values too large to represent (they overflow to infinity): {detail}. Choose smaller parameters; the previous tensor is still shown.',
  'lab.errorEmpty': 'There are no values to quantize. The previous tensor is still shown.',
  'lab.errorFloat32':
    'This convention computes its scale in float32, as PyTorch and ONNX Runtime do, and the clipping range {detail} or its width passes float32’s largest number (about 3.4·10³⁸). The notes’, TensorRT’s and TVM’s conventions compute in float64.',
  'hist.title': 'Histogram and clipping',
  'hist.x': 'value x',
  'hist.y': 'count',
  'hist.yLog': 'count (log scale)',
  'hist.original': 'original',
  'hist.dequant': 'dequantized x̂',
  'hist.clipped': 'clipped region',
  'hist.threshold': 'Clipping threshold',
  'hist.thresholdValue': '±{value}, {clipped} {clipped?value|values} clipped',
  'hist.summary':
    'Histogram of {n} {n?value|values} from {min} to {max}. The grid covers {lo} to {hi}; {clipped} {clipped?value lies outside and is|values lie outside and are} clipped. Thresholds: min-max {minmax}, percentile {percentile}, KL {entropy}, MSE {mse}.',
  'hist.summaryPerChannel':
    'Histogram of {n} {n?value|values} from {min} to {max}. Quantized per channel: each channel has its own grid (Per channel, below), and {clipped} {clipped?value lies outside its channel’s grid and is|values lie outside their channel’s grids and are} clipped. The shaded range, {lo} to {hi}, is where one grid for the whole tensor would clip. Thresholds of the whole tensor: min-max {minmax}, percentile {percentile}, KL {entropy}, MSE {mse}.',
  'hist.summaryOwnChannel':
    'Histogram of {n} {n?value|values} from {min} to {max}. {format} per channel: each channel takes its scale from its own largest |x|, which lands on the largest level, so no value is clipped and the clipping threshold plays no part. Thresholds of the whole tensor: min-max {minmax}, percentile {percentile}, KL {entropy}, MSE {mse}.',
  'hist.summaryOwnGroup':
    'Histogram of {n} {n?value|values} from {min} to {max}. {format} in groups of {block}: each group takes its scale from its own largest |x|, which lands on the largest level, so no value is clipped and the clipping threshold plays no part. Thresholds of the whole tensor: min-max {minmax}, percentile {percentile}, KL {entropy}, MSE {mse}.',
  'hist.summaryBlocks':
    'Histogram of {n} {n?value|values} from {min} to {max}. {format}: each block of {block} {block?value|values} shares a power of two chosen from its largest |x|, so the clipping threshold plays no part; {clipped} {clipped?value lies beyond its block’s largest level and saturates|values lie beyond their block’s largest level and saturate} there, counted as clipped. Thresholds of the whole tensor: min-max {minmax}, percentile {percentile}, KL {entropy}, MSE {mse}.',
  'grid.title': 'Quantization grid',
  'grid.summary':
    'The grid has {total} codes, {step} apart, from {lo} to {hi}; the values use {used} of them.',
  'grid.summaryPerChannel':
    'Quantized per channel: each channel has its own grid of {total} codes with its own scale (Per channel, below); the values use {used} of the codes. Drawn here: the whole tensor’s grid, {step} apart, from {lo} to {hi}.',
  'grid.nonlinear': 'Compare nonlinear grids',
  'grid.pow2': 'power-of-two grid (±α·2⁻ᵏ)',
  'grid.log': 'log grid (10⁻³α … α)',
  'grid.mseCompare': 'MSE on the values shown: linear {linear}, power-of-two {pow2}, log {log}.',
  'err.title': 'Error',
  'err.mse': 'Mean squared error',
  'err.sqnr': 'SQNR',
  'err.maxAbs': 'Max |x̂ − x|',
  'err.meanAbs': 'Mean |x̂ − x|',
  'err.clipped': 'Clipped values',
  'err.codes': 'Codes used',
  'err.split': 'Squared error from clipping {clip}, from rounding {round}',
  'err.splitNone':
    'No squared error: every value comes back exactly, so there is nothing to split between clipping and rounding.',
  'err.summaryNone':
    'MSE {mse}, SQNR {sqnr} dB: every value comes back exactly, so there is no error to split between clipping and rounding.',
  'err.x': 'error x̂ − x',
  'err.summary': 'MSE {mse}, SQNR {sqnr} dB. Clipping causes {clip} of the squared error, rounding {round}.',
  'kl.title': 'KL divergence of every candidate threshold',
  'kl.x': 'candidate threshold',
  'kl.y': 'KL(P‖Q)',
  'kl.select': 'Pick the candidate to look at under the microscope (←/→)',
  'kl.current': 'threshold in use',
  'kl.selected': 'candidate under the microscope',
  'kl.undefinedSummary':
    '{count} {count?candidate|candidates} from {from} to {to}. The divergence is undefined here (0/0: the data fill too few bins), so the reference keeps its own choice, threshold {best}.',
  'kl.allInfiniteSummary':
    '{count} {count?candidate|candidates} from {from} to {to}, every one infinite: there is no minimum, so the threshold is the whole range, {best}.',
  'kl.fallbackSummary':
    'With {bits} {bits?bit|bits} the grid has as many levels as the histogram has bins, or more: no candidate clips anything, so there is nothing to compare, and the threshold is the whole range, {best}.',
  'kl.emptySummary': 'The histogram is empty: there is no candidate to compare, and the threshold is {best}.',
  'kl.summary':
    '{count} {count?candidate|candidates} from {from} to {to}. The minimum, {value}, is at threshold {best}.',
  'kl.infNote':
    '{count} of the {total} {total?candidate|candidates} {count?has|have} an infinite divergence: {count?its|their} last kept bin is empty while values lie beyond it, so Q is 0 where P is not (this variant does not smooth). {count?It is|They are} left out of the curve.',
  'kl.infNote.tvm':
    '{count} of the {total} {total?candidate|candidates} {count?has|have} an infinite divergence: {count?its|their} Q is empty or has too few non-zero bins to smooth (TVM’s smoothing takes 0.0001 from the non-zero bins for every empty one), and TVM scores such a candidate as infinite. {count?It is|They are} left out of the curve.',
  'mse.title': 'Histogram error of every candidate threshold (pytorch-quantization’s criterion)',
  'mse.y': 'histogram error',
  'mse.summary':
    'The histogram error is smallest, {value}, at threshold {best}. This is the criterion of pytorch-quantization’s MSE calibrator: Σ count·(x̂ − x)² over the bin centres of the |x| histogram, divided by the number of bins (not of values). It only ranks the thresholds; it is not the per-value MSE of the Error panel.',
  'micro.title': 'KL microscope',
  'micro.pq': 'P (with the outliers folded into the last bin) and Q (levels spread over non-empty bins)',
  'micro.pq.tvm':
    'P (the lower tail folded into the first bin, the upper tail into the last) and Q (levels spread over the bins where P is not 0), both smoothed (eps = 0.0001) and normalised',
  'micro.terms': 'each bin’s term p·ln(p/q)',
  'micro.termLegend': 'term p·ln(p/q)',
  'micro.chartLabel': 'P, Q and the terms of the KL sum for the chosen candidate',
  'micro.prev': 'Previous candidate',
  'micro.next': 'Next candidate',
  'micro.best': 'Back to the minimum',
  'micro.facts':
    'Candidate i = {i} {i?bin|bins}, threshold {threshold}; {outliers} outlier {outliers?count|counts} folded into P’s last bin; {levels} levels; KL = Σ terms = {kl}.',
  'micro.facts.pq':
    'Candidate i = {i} {i?bin|bins}, threshold {threshold}; bin 0 first takes bin 1’s count (pytorch-quantization’s bins[0] = bins[1]); {outliers} outlier {outliers?count|counts} folded into P’s last bin; {levels} levels; no smoothing; KL = Σ terms = {kl}.',
  'micro.facts.tvm':
    'Candidate i = {i}: a window of 2i + 1 = {size} bins around 0, threshold {threshold}; {outliers} outlier {outliers?count|counts} outside it folded in, the lower tail into P’s first bin and the upper tail into its last; {levels} levels; P and Q smoothed (eps = 0.0001) before KL = Σ terms = {kl}.',
  'micro.summary.tvm':
    'Candidate {i}: a window of {size} bins around 0, threshold {threshold}, {outliers} {outliers?outlier|outliers} folded into P’s two end bins, {levels} levels, KL {kl} after smoothing.',
  'micro.summary':
    'Candidate {i}: threshold {threshold}, {outliers} {outliers?outlier|outliers} folded in, {levels} levels, KL {kl}.',
  'ch.title': 'Per channel',
  'ch.summary':
    '{rows} × {cols} tensor: MSE {tensor} with one scale, {channel} with one scale per channel ({gain}× smaller).',
  'ch.summaryWorse':
    '{rows} × {cols} tensor: MSE {tensor} with one scale, {channel} with one scale per channel ({gain}× larger).',
  'ch.summarySame':
    '{rows} × {cols} tensor: the same MSE, {tensor}, with one scale and with one scale per channel.',
  'ch.summaryAbout':
    '{rows} × {cols} tensor: MSE {tensor} with one scale, {channel} with one scale per channel: about the same (their ratio rounds to 1).',
  'ch.fallback':
    'Each channel has only {len} {len?value|values}, too few for a 2048-bin histogram: the per-channel scales use each channel’s min-max range (as TensorRT and PyTorch do for weights).',
  'ch.computing': 'Computing the per-channel view: every channel gets its own calibration…',
  'ch.stale': 'Computing the per-channel view for the new settings: the one shown is still the previous one.',
  'ch.heatTensor': 'Absolute error per element with one scale for the tensor',
  'ch.heatChannel': 'Absolute error per element with one scale per channel',
  'ch.heatLegend': 'Colour: |x̂ − x| from 0 (dark) to {max} (yellow), the same scale in both maps.',
  'ch.tableCaption': 'Scale, zero point and error of each channel',
  'ch.channel': 'Channel',
  'ch.scale': 'Scale',
  'ch.zp': 'Zero point / offset',
  'ch.mseTensor': 'MSE per tensor',
  'ch.mseChannel': 'MSE per channel',
  'formula.title': 'The formulas, with the numbers',
  'formula.intro.sym': 'Symmetric {bits}-bit quantization: no zero point, α is the clipping threshold.',
  'formula.intro.symZp':
    'Symmetric {bits}-bit quantization onto the codes {qmin} … {qmax}: the grid is symmetric around real 0, which sits on the zero point {zp} (the middle of the codes); α is the clipping threshold.',
  'formula.intro.asymNotes':
    'Asymmetric {bits}-bit quantization in the notes’ form: a step w and a float offset b_f.',
  'formula.intro.asymZp':
    'Asymmetric {bits}-bit quantization with a zero point Z: real 0 is exactly representable.',
  'export.title': 'Share and export',
  'export.copyLink': 'Copy link',
  'export.numpy': 'As numpy',
  'export.copyCode': 'Copy code',
  'export.downloadPy': 'Download .py',
  'export.copied': 'Copied.',
  'export.copyFailed': 'Copying is not allowed here; select the text and copy it by hand.',

  'home.title': 'Quant Lab: int8 quantization, number by number',
  'home.lead':
    'Draw, generate or load a tensor, squeeze it into 8-bit integers, and see every step: the grid, the clipping threshold, the calibration curves and the error. Every number comes from one core that matches numpy and the reference calibrators digit for digit, and whatever you change is recomputed on the spot, in your browser.',
  'home.storyTitle': 'One traitor costs every other value its resolution',
  'home.storyIntro':
    'Ten thousand values drawn uniformly from −1 to 1 (numpy, seed 42) — and one of them replaced by 10. With min-max calibration that single 10 sets the scale for all of them. (The figures below were computed by the same core when this app was built; the Lab computes them again, live.)',
  'home.storyMinmax':
    'Min-max: scale = 10/127 = {scale}. The 9,999 honest values use only {used} of the {total} codes.',
  'home.colMethod': 'Calibration',
  'home.colThreshold': 'Threshold α',
  'home.colScale': 'Scale α/127',
  'home.colCodes': 'Codes used by the inliers',
  'home.colMse': 'MSE, all 10,000 values',
  'home.colMseHonest': 'MSE, the 9,999 others',
  'home.storyNote':
    'The two error columns disagree because they measure different things. Over all 10,000 values min-max wins: percentile and KL clip the traitor from 10 to about 1, and that one error of about 9, squared, outweighs all the rounding of the others together. Over the 9,999 other values percentile and KL win, their error about {gain} times smaller: they give those values their resolution back. Which column matters depends on what the traitor means in your model. (The percentile here is pytorch-quantization’s histogram percentile 99.99 %, which clips {pctClipped} values; the notes’ rule, in the step-through, drops only the traitor.)',
  'home.waysTitle': 'Ways in',
  'home.wayTraitor':
    'The notes’ Python, block by block, with what our core computes at each step — including the two failure messages, character for character.',
  'home.wayLab':
    'The playground: any distribution, every setting, all calibration methods and their curves, linked charts, shareable links.',
  'home.wayPresent':
    'For teaching: large type, high contrast, arrow keys step through; F for fullscreen, Esc to leave.',
  'traitor.title': 'The traitor, step by step',
  'traitor.lead':
    'The notes’ code, block by block, with what it prints — computed here by our core and printed the way numpy prints it. Use ←/→ (or Home/End) to step.',
  'traitor.steps': 'Steps',
  'traitor.prev': 'Previous',
  'traitor.next': 'Next',
  'traitor.stepOf': 'Step {i} of {n}',
  'traitor.runAll': 'Run all',
  'traitor.stop': 'Stop',
  'traitor.openLab': 'Open this step in the Lab',
  'traitor.code': 'The notes’ Python',
  'traitor.codeBeyond': 'Python in the notes’ style (not from the notes)',
  'traitor.output': 'What it prints (computed by Quant Lab)',
  'traitor.noOutput': '(no output)',
  'traitor.pass': 'passes',
  'traitor.fail': 'fails',
  'traitor.with': 'with the traitor x1[0] = 10',
  'traitor.without': 'without the traitor',
  'traitor.chartHist': 'Histogram of x1',
  'traitor.chartHistSummary': 'Histogram of the 10,000 values of x1, {traitor}, on a logarithmic count axis.',
  'traitor.chartError': 'Error of every element of c = f1 + f2',
  'traitor.chartErrorSummary':
    '|c − (x1 + x2)| for each of the 10,000 elements; {bad} exceed the tolerance 0.01 + 0.01·|x1 + x2| (vermillion).',
  'traitor.chartErrorLabel': 'Absolute error per element on a log axis, with the tolerance line',
  'traitor.seed.title': 'Seed the generator',
  'traitor.seed.text':
    'numpy’s legacy generator (Mersenne Twister MT19937) seeded with 42. Quant Lab runs the same generator, so every draw below is the same number numpy draws.',
  'traitor.draw.title': 'Draw x1 and x2',
  'traitor.draw.text':
    'x1 is uniform on [−1, 1), x2 uniform on [−2, 1), drawn one after the other from the same stream. These are the first values, exactly as Python prints them.',
  'traitor.params.title': 'Asymmetric parameters',
  'traitor.params.text':
    'calculate_quant_param with a bias: w = (max − min)/255 and b = max − 127·w. For x1, w1 = {w1clean}. (The function also prints a_max and a_min.)',
  'traitor.quantize.title': 'Quantize',
  'traitor.quantize.text':
    'q = clip(round((x − b)/w), −128, 127), with numpy’s round-half-to-even. The honest x1 uses {codesClean} of the 256 codes.',
  'traitor.dequantize.title': 'Dequantize',
  'traitor.dequantize.text':
    'x̂ = w·q + b brings the codes back to floats; each is at most w/2 from its original.',
  'traitor.add.title': 'Add and check',
  'traitor.add.text':
    'The dequantized sum c = f1 + f2 against x1 + x2, with atol = rtol = 0.01: every element is within tolerance (largest error {cleanMax}), so assert_allclose is silent.',
  'traitor.traitor.title': 'Enter the traitor: x1[0] = 10',
  'traitor.traitor.text':
    'One value of 10 stretches the range: w1 jumps from {w1clean} to {w1traitor}. Rounding now moves a value by up to w1/2 = {halfStep}, while the tolerance is 0.01 + 0.01·|x1 + x2|, between 0.01 and about 0.04; so only the elements whose rounding errors happen to be large fail: {bad} of 10,000 ({badShare} %). The 9,999 honest values now use only {codesTraitor} codes.',
  'traitor.symmetric.title': 'Symmetric, without percentile',
  'traitor.symmetric.text':
    'Without a bias, w = max|x|/127 = 10/127 = {w1sym}: the honest values use {codesSym} codes and {bad} of 10,000 elements fail — the notes’ first output block.',
  'traitor.percentile.title': 'Symmetric, with the notes’ percentile',
  'traitor.percentile.text':
    'The notes keep the ⌊10000 × 0.99999⌋ = 9999 smallest |x| and take their maximum: w1 = {w1pct}. The honest values get {codesPct} codes back, and only {bad} elements fail — the notes’ second output block. One is the traitor. The other two, elements {fail1} and {fail2}, are honest: their sums are small (|x1 + x2| ≈ {y1} and {y2}), so the tolerance is barely above 0.01, while the two rounding errors can add up to (w1 + w2)/2 = {bound}; theirs reach {err1} and {err2}.',
  'traitor.kl.title': 'Beyond the notes: KL calibration',
  'traitor.kl.text':
    'Not in the notes: the KL calibration algorithm of NVIDIA’s GTC 2017 slides (2048-bin |x| histogram, 128 levels) on the same data picks α = {klT1} for x1 and {klT2} for x2. Then {klBadText} fail, the largest error being {klMax}: like percentile, KL sacrifices the traitor.',
  'traitor.elements.one': '1 element',
  'traitor.elements.many': '{n} elements',
  'traitor.unsaidTitle': 'What the notes leave unsaid',
  'traitor.unsaid1':
    'The 9.0 maximum error is the traitor itself: the percentile scale clips 10 to {traitorBack} (127 · w1), so that element is off by {maxErr}. The largest |x| kept was {kept}.',
  'traitor.unsaid2':
    'The notes’ _find_scale_by_percentile returns the kept values, not a scale: calculate_quant_param then takes their maximum.',
  'traitor.unsaid3':
    'TVM’s function it comes from returns np.partition(x, k)[k], the value at sorted position k counting from 0 (the (k + 1)-th smallest) itself; for 100,000 values or fewer, k = size − 1, the last position, so that is the maximum, the traitor — so the original would not drop it.',
} as const

export const en = {
  ...shellEn,
  ...opsEn,
  ...learnEn,
  ...registryEn,
  ...robustEn,
  ...formatsEn,
  ...reachEn,
  ...hostileEn,
  ...mworkerEn,
  ...convEn,
  ...fmtviewEn,
  ...modelsEn,
  ...whyEn,
}

export type MessageKey = keyof typeof en
