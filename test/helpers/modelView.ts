/**
 * What the model view's tests share: a small model to load, the page's Worker replaced for each test of a file
 * (with the model store and the workers' fallback records emptied), and the app on the model view.
 */
import { afterEach, beforeEach } from 'vitest'
import { writeSafetensors } from '../../src/models'
import { ModelEngine } from '../../src/models/engine'
import { useApp } from '../../src/state/appStore'
import { useModel } from '../../src/views/model/modelStore'
import { useWorkerFallbacks } from '../../src/worker/workerClient'
import { dyingWorker, type Death } from './dyingWorker'
import { f32 } from './servedFile'

const SMALL_LAYERS: Parameters<typeof writeSafetensors>[0] = [
  { name: 'a.weight', dtype: 'F32', shape: [2, 3], bytes: f32([1, -2, 3, -4, 0.5, 0.25]) },
  { name: 'b.weight', dtype: 'F32', shape: [3, 2], bytes: f32([0.1, 7, -0.3, 2, 9, -1]) },
  { name: 'c.weight', dtype: 'F32', shape: [2, 2], bytes: f32([5, -5, 0.01, 100]) },
]

/** a .safetensors of the first `layers` of three small F32 layers: a.weight 2×3, b.weight 3×2, c.weight 2×2 */
export const smallModel = (layers: 1 | 2 | 3) => writeSafetensors(SMALL_LAYERS.slice(0, layers))

/**
 * For each test of the calling file: `Worker` is `worker` (undefined: there is none, the model is read on the
 * page), no model is loaded, loading or failed, and no worker's fallback is on record; the page's own Worker
 * comes back after the test.
 */
export function withModelWorker(worker: unknown): void {
  const g = globalThis as { Worker?: unknown }
  let saved: unknown
  beforeEach(() => {
    saved = g.Worker
    g.Worker = worker
    useWorkerFallbacks.setState({ reasons: {} })
    useModel.setState({ models: {}, loading: null, errors: [], info: null })
  })
  afterEach(() => {
    g.Worker = saved
  })
}

/**
 * withModelWorker with a worker serving a ModelEngine that dies as `plan` says (see dyingWorker); the class is
 * returned, its `made` emptied before each test.
 */
export function dyingModelWorker(plan: () => { when: (data: unknown) => boolean; death: Death } | null) {
  const Dying = dyingWorker(() => new ModelEngine(), plan)
  withModelWorker(Dying)
  beforeEach(() => {
    Dying.made.length = 0
  })
  return Dying
}

/** the app on the model view for a link's `query`, in `lang` (the link's lang too) */
export function showModelView(query: string, lang: 'en' | 'zh-CN') {
  useApp.setState({ lang, route: { name: 'model' }, query: new URLSearchParams(`${query}&lang=${lang}`) })
}
