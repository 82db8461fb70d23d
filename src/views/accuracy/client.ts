/**
 * How the accuracy view reaches its engine: Web Workers through the project's worker client (comlink), or the
 * page's own copy where workers do not exist (component tests) or fail. The prepared networks live in the
 * workers, so leaving the view and coming back costs nothing.
 *
 * Two workers: a worker answers in order, so the panels' own jobs (layer sensitivity, activations, the
 * presets' accuracies, the accuracy-vs-bits sweep: tens of evaluations) would hold up the accuracy of the next
 * settings, the figure a dragged slider waits for. The first worker computes only that figure; the second
 * everything else.
 */
import { AccuracyEngine } from '../../engine/accuracyEngine'
import { workerClient, type Api } from '../../worker/workerClient'

export type AccuracyClient = Api<AccuracyEngine>

const spawnAccuracyClient = (): AccuracyClient =>
  workerClient<AccuracyEngine>({
    // one name for both: either falling back shows the view's one notice
    name: 'accuracy',
    spawn: () => new Worker(new URL('../../worker/accuracy.worker.ts', import.meta.url), { type: 'module' }),
    local: () => new AccuracyEngine(),
    // the loaded networks are state the page's engine needs after a fallback
    stateKey: (m, a) => (m === 'load' ? `load:${String(a[0])}` : null),
    // a fetch of the data and the network, then 359 images per call
    baseMs: 30_000,
  })

let shared: AccuracyClient | null = null
let background: AccuracyClient | null = null

/** The worker for the accuracy of the settings on screen. */
export function accuracyEngine(): AccuracyClient {
  shared ??= spawnAccuracyClient()
  return shared
}

/** The worker for the panels' own jobs; a network must be loaded in it (`load`) before it is asked. */
export function accuracyBackground(): AccuracyClient {
  background ??= spawnAccuracyClient()
  return background
}

/** for tests: fresh clients */
export function resetAccuracyEngine(): void {
  shared = null
  background = null
}
