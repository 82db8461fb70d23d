// A model's worker that fails after the model loaded (an uncaught error, an unreadable message, silence) used to
// leave every later request of the model view waiting for ever. Now its client (worker/workerClient.ts) gives
// the worker up, the page's engine reads the model again from the same input, and the pending and later
// requests are answered there; the reason is recorded for the view's notice.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ModelEngine, type LoadInput } from '../../src/models/engine'
import type { ReportSettings } from '../../src/models/analyze'
import { loadModel, useModel } from '../../src/views/model/modelStore'
import { useWorkerFallbacks, type WorkerFailure } from '../../src/worker/workerClient'
import { callOf, type Death } from '../helpers/dyingWorker'
import { dyingModelWorker, smallModel } from '../helpers/modelView'

/** three layers, as a data: URL (a File crossing Node's MessageChannel loses its name; a URL does not) */
const input: LoadInput = {
  urls: [
    {
      name: 'three.safetensors',
      url: `data:application/octet-stream;base64,${Buffer.from(smallModel(3)).toString('base64')}`,
    },
  ],
}
const settings: ReportSettings = { bits: 8, group: 32, fold: true, axes: {} }

/** what the page's own engine answers for the same model */
async function onThePage() {
  const e = new ModelEngine()
  const outcome = await e.load(input, { mobilenet: false }, () => undefined)
  if (!outcome.ok) throw new Error(outcome.code)
  return { report: e.report(settings), detail: e.detail('b.weight', settings) }
}

let plan: { when: (data: unknown) => boolean; death: Death } | null = null
const Dying = dyingModelWorker(() => plan)
beforeEach(() => {
  plan = null
})
afterEach(() => {
  vi.useRealTimers()
})

/** loads the model in its worker, which dies as `death` says at the first report the page asks for */
async function loadThenDie(death: Death) {
  plan = { when: callOf('report'), death }
  expect(await loadModel('loaded', input, 'three.safetensors')).toBe(true)
  const handle = useModel.getState().models.loaded!
  expect(handle.overview.params).toBe(16)
  // loaded in the worker: no notice yet
  expect(handle.api.usesWorker()).toBe(true)
  expect(useWorkerFallbacks.getState().reasons[handle.notice]).toBeUndefined()
  return { handle, worker: Dying.made[0] }
}

describe('a model whose worker fails after it loaded', () => {
  const deaths: [string, Death, WorkerFailure][] = [
    [
      'an uncaught error',
      { kind: 'error', message: 'Uncaught RangeError: out of memory' },
      { kind: 'error', detail: 'Uncaught RangeError: out of memory' },
    ],
    ['an error event with no message', { kind: 'error' }, { kind: 'stopped' }],
    ['a message it cannot read', { kind: 'messageerror' }, { kind: 'message' }],
  ]
  it.each(deaths)(
    '%s: the pending report and later requests are answered on the page',
    async (_, death, why) => {
      const { handle, worker } = await loadThenDie(death)
      const expected = await onThePage()
      // the request the worker died on
      expect(await handle.api.report(settings)).toEqual(expected.report)
      expect(worker.terminated).toBe(true)
      expect(handle.api.usesWorker()).toBe(false)
      expect(useWorkerFallbacks.getState().reasons[handle.notice]).toEqual(why)
      // a later one
      expect(await handle.api.detail('b.weight', settings)).toEqual(expected.detail)
      // the model was read again silently: no progress bar comes back, no error, the model kept
      const s = useModel.getState()
      expect(s.loading).toBeNull()
      expect(s.errors).toEqual([])
      expect(s.models.loaded).toBe(handle)
    },
  )

  it('silent (killed for memory): given up after the call’s timeout, and answered on the page', async () => {
    const { handle, worker } = await loadThenDie({ kind: 'silent' })
    const expected = await onThePage()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
    const report = handle.api.report(settings)
    // workerClient's timeout for a call on a model of 16 values: 15 s and a little
    await vi.advanceTimersByTimeAsync(14_000)
    expect(worker.terminated).toBe(false)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(worker.terminated).toBe(true)
    vi.useRealTimers()
    expect(await report).toEqual(expected.report)
    expect(useWorkerFallbacks.getState().reasons[handle.notice]).toEqual({ kind: 'timeout', seconds: 15 })
    expect(await handle.api.detail('b.weight', settings)).toEqual(expected.detail)
  })

  it('a model loaded next in a worker that answers leaves the notice of the one that fell back, which keeps working', async () => {
    const { handle } = await loadThenDie({ kind: 'messageerror' })
    const expected = await onThePage()
    expect(await handle.api.report(settings)).toEqual(expected.report)
    expect(useWorkerFallbacks.getState().reasons[handle.notice]).toEqual({ kind: 'message' })
    plan = null
    expect(await loadModel('digits-mlp', input, 'again')).toBe(true)
    const next = useModel.getState().models['digits-mlp']!
    expect(next.api.usesWorker()).toBe(true)
    expect(next.notice).not.toBe(handle.notice)
    expect(useWorkerFallbacks.getState().reasons).toEqual({ [handle.notice]: { kind: 'message' } })
    expect(await handle.api.report(settings)).toEqual(expected.report)
  })

  it('a model replaced by a new load ends its worker without falling back', async () => {
    const { handle, worker } = await loadThenDie({ kind: 'error', message: 'never reached' })
    plan = null
    expect(await loadModel('loaded', input, 'newer')).toBe(true)
    expect(worker.terminated).toBe(true)
    expect(useWorkerFallbacks.getState().reasons).toEqual({})
    // the replaced model's client answers nothing more (its calls fail as cancelled, not on the page)
    await expect(handle.api.report(settings)).rejects.toMatchObject({ name: 'CancelledError' })
    expect(useModel.getState().models.loaded?.label).toBe('newer')
  })
})

describe('a model whose worker fails while it loads', () => {
  it('reads the model on the page once, with progress, and records why', async () => {
    plan = { when: callOf('load'), death: { kind: 'error', message: 'Uncaught Error: boom' } }
    // (the page runs `load` through its slices, `loadSteps`)
    const load = vi.spyOn(ModelEngine.prototype, 'loadSteps')
    const stages: string[] = []
    const stop = useModel.subscribe((s) => {
      if (s.loading) stages.push(s.loading.stage)
    })
    try {
      expect(await loadModel('loaded', input, 'three.safetensors')).toBe(true)
    } finally {
      stop()
    }
    // in the page's engine, once: the load that was waiting is made again, not also replayed as state
    expect(load).toHaveBeenCalledTimes(1)
    load.mockRestore()
    expect(stages).toContain('parse')
    const handle = useModel.getState().models.loaded!
    expect(useWorkerFallbacks.getState().reasons[handle.notice]).toEqual({
      kind: 'error',
      detail: 'Uncaught Error: boom',
    })
    expect(handle.api.usesWorker()).toBe(false)
    expect(await handle.api.report(settings)).toEqual((await onThePage()).report)
  })

  it('a file the page then cannot read leaves an error and no notice of a model that is not there', async () => {
    plan = { when: callOf('load'), death: { kind: 'messageerror' } }
    const bad: LoadInput = {
      urls: [{ name: 'bad.safetensors', url: 'data:application/octet-stream;base64,AQID' }],
    }
    expect(await loadModel('loaded', bad, 'bad.safetensors')).toBe(false)
    const s = useModel.getState()
    expect(s.errors.map((e) => e.code)).toEqual(['truncated'])
    expect(s.models.loaded).toBeUndefined()
    expect(useWorkerFallbacks.getState().reasons).toEqual({})
  })
})
