// English messages for a worker that stops after it started (worker/workerClient.ts); mworker.zh-CN.ts must
// have the same keys.
export const mworkerEn = {
  // a worker that had answered fired `error` with no message of its own: it stopped, it did not fail to load
  'worker.stopped': 'it stopped working',
  // the layers' report failed (not cancelled): instead of "Computing…" for ever
  'model.reportFailed':
    'The layers could not be computed. Change a setting to try again, or load the model again.',
} as const
