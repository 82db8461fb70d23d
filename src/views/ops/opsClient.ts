/**
 * How the add and dense views reach the OpsEngine: through a Web Worker (comlink), or on the page itself where
 * workers do not exist (component tests) or fail (see workerClient). One worker per page.
 */
import { OpsEngine } from '../../engine/ops'
import { workerClient, type Api } from '../../worker/workerClient'

export type OpsApi = Api<OpsEngine>

let shared: OpsApi | null = null

export function opsEngine(): OpsApi {
  shared ??= workerClient<OpsEngine>({
    name: 'ops',
    spawn: () => new Worker(new URL('../../worker/ops.worker.ts', import.meta.url), { type: 'module' }),
    local: () => new OpsEngine(),
    // each view's loaded tensor is state the page engine needs after a fallback
    stateKey: (m, a) => (m === 'setLoaded' ? `loaded:${String(a[0])}` : null),
    // an add of 10⁶ elements or a 256 × 1024 × 1024 layer: the largest inputs get the longest wait
    sizeOf: () => 1_000_000,
  })
  return shared
}
