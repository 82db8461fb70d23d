/**
 * How the accuracy view reaches its engine: a Web Worker through the project's worker client (comlink), or the
 * page's own copy where workers do not exist (component tests) or fail. One worker per page; the prepared
 * networks live in it, so leaving the view and coming back costs nothing.
 */
import { AccuracyEngine } from '../../engine/accuracyEngine'
import { workerClient, type Api } from '../../worker/workerClient'

export type AccuracyClient = Api<AccuracyEngine>

let shared: AccuracyClient | null = null

export function accuracyEngine(): AccuracyClient {
  shared ??= workerClient<AccuracyEngine>({
    name: 'accuracy',
    spawn: () => new Worker(new URL('../../worker/accuracy.worker.ts', import.meta.url), { type: 'module' }),
    local: () => new AccuracyEngine(),
    // the loaded networks are state the page's engine needs after a fallback
    stateKey: (m, a) => (m === 'load' ? `load:${String(a[0])}` : null),
    // a fetch of the data and the network, then 359 images per call
    baseMs: 30_000,
  })
  return shared
}

/** for tests: a fresh client */
export function resetAccuracyEngine(): void {
  shared = null
}
