/**
 * How the page talks to the LabEngine: through a Web Worker (comlink), or on the page itself where workers do
 * not exist (component tests) or fail (see workerClient). Both give the same async interface.
 */
import { LabEngine } from '../engine/labEngine'
import type { SourceSpec } from '../engine/sources'
import { workerClient, type Api } from '../worker/workerClient'

export type EngineApi = Api<LabEngine>

export function createEngine(): EngineApi {
  return workerClient<LabEngine>({
    name: 'lab',
    spawn: () => new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module' }),
    local: () => new LabEngine(),
    // the tensor: the last generate or setLoaded is what a page engine needs to take over
    stateKey: (m) => (m === 'generate' || m === 'setLoaded' ? 'tensor' : null),
    sizeOf: (m, a) =>
      m === 'generate'
        ? (a[0] as SourceSpec).n
        : m === 'setLoaded'
          ? (a[0] as Float64Array).length
          : undefined,
    // the per-channel comparison (a calibration per row) gives way to every other call
    background: ['channels'],
  })
}
