// English messages for a worker that stops after it started (worker/workerClient.ts); mworker.zh-CN.ts must
// have the same keys.
export const mworkerEn = {
  // a worker that had answered fired `error` with no message of its own: it stopped, it did not fail to load
  'worker.stopped': 'it stopped working',
} as const
