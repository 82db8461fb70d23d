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
    // optional work that gives way to every other call: the per-channel comparison (a calibration per row), and
    // the formats' trade-off chart (0.2–0.3 s at N = 10⁷), which held up the first calibration change after a
    // new tensor under FP8 (0.77 s, over the 0.7 s budget)
    background: ['channels', 'formatSweep'],
  })
}
