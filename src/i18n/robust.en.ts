// English messages for failures and recovery (issue 13: rejected files, view load failures, worker
// fallbacks, long text); robust.zh-CN.ts must have the same keys.
export const robustEn = {
  'load.rejected': '“{name}” was not loaded and nothing was changed:',
  'load.storedRejected':
    'The data kept on this device from an earlier visit (“{name}”) cannot be used; choose or paste other data:',
  'load.reasonOverflow':
    'its values span a range wider than float64 can hold ({detail}), so no scale can be computed.',
  'load.reasonNonFinite': 'it holds values that are not numbers (NaN) or infinite ({detail}).',
  'load.reasonEmpty': 'it has no values.',
  'load.reasonShape': 'its shape and its number of values do not agree ({detail}).',
  'load.reasonOther': 'the computation failed ({detail}).',
  'load.hexText':
    '“{name}” holds hexadecimal numbers (such as {detail}); the Lab reads decimal numbers only. Nothing was changed.',
  'view.failed':
    'This part of the app could not be loaded ({detail}). The rest of the app still works; reload the page to try again.',
  'view.reload': 'Reload the page',
  'view.back': 'Back to the Lab',
  'worker.fallback':
    'The background worker is not available ({detail}): computing on this page instead. Large tensors are slower and may pause the page briefly.',
  'worker.timeout': 'no answer within {seconds} s',
  'worker.missing': 'this browser has no Web Workers',
  'notice.more': '… and {count} more notices.',
  'notice.truncated': '(shortened: {count} characters)',
  'lab.stale': 'Computing the new tensor: the figures shown still belong to the previous one.',
  'lab.staleQuantize':
    'Recomputing with the new settings: the figures shown still belong to the previous ones.',
  'lab.mseUnderflow':
    'The errors are so small that their squares underflow float64: the MSE shows 0; the SQNR is computed in a scaled unit.',
} as const
