import { afterEach, describe, expect, it, vi } from 'vitest'
import { cancelLoad, loadModel, MODEL_WORKER_START_MS, useModel } from '../../src/views/model/modelStore'
import { useWorkerFallbacks } from '../../src/worker/workerClient'
import { withModelWorker } from '../helpers/modelView'
import { writeNpy } from '../helpers/writeNpy'

/** A Worker whose script never runs: it never answers; `fire` sends the error event of a blocked script. */
class DeadWorker {
  static last: DeadWorker | null = null
  listeners: Record<string, ((e: unknown) => void)[]> = {}
  terminated = false
  constructor() {
    DeadWorker.last = this
  }
  addEventListener(type: string, f: (e: unknown) => void) {
    ;(this.listeners[type] ??= []).push(f)
  }
  removeEventListener(type: string, f: (e: unknown) => void) {
    this.listeners[type] = (this.listeners[type] ?? []).filter((g) => g !== f)
  }
  postMessage() {}
  start() {}
  terminate() {
    this.terminated = true
  }
  fire() {
    for (const f of this.listeners.error ?? []) f({ message: '', preventDefault() {} })
  }
}

withModelWorker(DeadWorker)
afterEach(() => {
  vi.useRealTimers()
})

const weights = () => new File([writeNpy([1, -2, 3, -4, 0.5, 0.25], [2, 3], { descr: '<f4' })], 'w.npy')

describe('the model page without its worker', () => {
  it('reads the model on the page when the worker script fails to load, and records why', async () => {
    const loading = loadModel('loaded', { files: [weights()] }, 'w.npy')
    // the blocked model.worker-*.js: an error event with no message
    DeadWorker.last!.fire()
    expect(await loading).toBe(true)
    expect(DeadWorker.last!.terminated).toBe(true)
    const s = useModel.getState()
    expect(useWorkerFallbacks.getState().reasons).toEqual({ [s.models.loaded!.notice]: { kind: 'load' } })
    expect(s.loading).toBeNull()
    expect(s.errors).toEqual([])
    expect(s.models.loaded?.api.usesWorker()).toBe(false)
    expect(s.models.loaded?.layers.length).toBe(1)
  })

  it('gives a silent worker up after its start time instead of hanging', async () => {
    vi.useFakeTimers()
    const loading = loadModel('loaded', { files: [weights()] }, 'w.npy')
    await vi.advanceTimersByTimeAsync(MODEL_WORKER_START_MS + 10)
    vi.useRealTimers()
    expect(await loading).toBe(true)
    expect(useWorkerFallbacks.getState().reasons[useModel.getState().models.loaded!.notice]).toEqual({
      kind: 'timeout',
      seconds: MODEL_WORKER_START_MS / 1000,
    })
    expect(useModel.getState().models.loaded?.label).toBe('w.npy')
  })

  it('never reads the model on the page after the user cancelled the wait', async () => {
    vi.useFakeTimers()
    const loading = loadModel('loaded', { files: [weights()] }, 'w.npy')
    cancelLoad()
    await vi.advanceTimersByTimeAsync(MODEL_WORKER_START_MS + 10)
    vi.useRealTimers()
    expect(await loading).toBe(false)
    expect(useWorkerFallbacks.getState().reasons).toEqual({})
    const s = useModel.getState()
    expect(s.models.loaded).toBeUndefined()
    expect(s.info).toBe('cancelled')
    expect(s.loading).toBeNull()
  })
})
