// English messages for what the Lab's views say under a number format where the integer grid's words would not
// hold (the fallback scale of a range with no width, …); fmtview.zh-CN.ts must have the same keys.
export const fmtviewEn = {
  // every value 0 (QuantResult.zeroRange) under a number format: the format's own scale, not a convention's fallback
  'fmtview.zero.tensor':
    'Every value is 0, so the range is zero and T = 0 gives no scale. {format} then takes scale {scale}; 0 is one of its levels, so every value stays exactly 0. (A convention’s fallback scale plays no part under a number format.)',
  'fmtview.zero.channel':
    'Every value is 0, so each channel’s largest |x| is 0 and gives no scale. 0 is one of {format}’s levels, so every value stays exactly 0 whatever scale a channel keeps. (A convention’s fallback scale plays no part under a number format.)',
  'fmtview.zero.group':
    'Every value is 0, so each group’s largest |x| is 0 and gives no scale. 0 is one of {format}’s levels, so every value stays exactly 0 whatever scale a group keeps. (A convention’s fallback scale plays no part under a number format.)',
  'fmtview.zero.block':
    'Every value is 0, so each block’s largest |x| is 0 and gives no power of two. 0 is one of {format}’s levels, so every value stays exactly 0 whatever power of two a block keeps. (A convention’s fallback scale plays no part under a number format.)',
  // a threshold that gives no scale (0) under a number format with one scale for the tensor (QuantResult.emptyClip)
  'fmtview.emptyClip':
    'The clipping threshold T = {T} gives no scale: {format} then takes scale {scale}. Move the threshold up to set the scale from it.',
  // the numpy script under a number format: it stops at the tensor (lab/numpySnippet.ts)
  'fmtview.numpyFormat':
    'This script makes the same tensor, then stops: {format}’s rounding is not written in numpy (the notes’ functions quantize on the integer grid), so it does not reproduce the Lab’s x̂. The CSV and JSON exports hold x and x̂ value by value.',
  // the Per channel panel under a number format (formatQuant.ts formatChannelComparison)
  'fmtview.ch.format':
    'Both sides in {format}: one scale for the tensor, s = T/{largest} = {scale} (T = {T}); one scale per channel, the channel’s largest |x|/{largest}, so no value is clipped there. A number format is symmetric: every zero point is 0.',
  'fmtview.ch.computing':
    'Computing the per-channel view: {format} with one scale for the tensor and with one per channel…',
  'fmtview.ch.blocks':
    '{format} gives every block of {block} {block?value|values} a power of two of its own: neither one scale for the tensor nor one per channel is what it does, so no comparison of the two is shown here. The chart “SQNR against bits per weight” compares per-channel formats with MX on this tensor.',
} as const
