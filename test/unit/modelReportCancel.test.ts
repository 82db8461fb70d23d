// A model whose worker gave up answers the report, a layer's detail and its matrix on the page. They ran there
// one task per layer: a request made stale (newer settings, another layer, another model) still ran its layer to
// the end before the newer one could start. Now they run in slices within the layer, and a cancelled or disposed
// request stops at its next slice: its layer's work is left unfinished, and the next request is answered.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Steps } from '../../src/core/steps'
import { writeSafetensors } from '../../src/models'
import { ModelAnalysis, type ReportSettings } from '../../src/models/analyze'
import { ModelEngine } from '../../src/models/engine'
import { isCancelled } from '../../src/worker/cancel'
import { useWorkerFallbacks, workerClient } from '../../src/worker/workerClient'

/** one 1024 × 1024 F32 layer (PyTorch out × in) with a BatchNorm to fold */
function bigModel(): File {
  const n = 1024 * 1024
  const w = new Float32Array(n)
  for (let i = 0; i < n; i++) w[i] = Math.sin(i) * (1 + (i % 1024) / 64)
  const vec = (v: number) => new Uint8Array(new Float32Array(1024).fill(v).buffer)
  const bytes = writeSafetensors([
    { name: 'l.weight', dtype: 'F32', shape: [1024, 1024], bytes: new Uint8Array(w.buffer) },
    { name: 'bn.weight', dtype: 'F32', shape: [1024], bytes: vec(1.5) },
    { name: 'bn.bias', dtype: 'F32', shape: [1024], bytes: vec(0.1) },
    { name: 'bn.running_mean', dtype: 'F32', shape: [1024], bytes: vec(0.01) },
    { name: 'bn.running_var', dtype: 'F32', shape: [1024], bytes: vec(2) },
  ])
  return new File([bytes as Uint8Array<ArrayBuffer>], 'big.safetensors')
}
const settings: ReportSettings = { bits: 8, group: 128, fold: true }

type Method = 'rowSteps' | 'detailSteps' | 'matrixSteps'
/** wraps a method of ModelAnalysis in slices: how many calls started, ran to their end, were closed */
function watch(method: Method) {
  const seen = { started: 0, slices: 0, finished: 0, closed: 0 }
  const proto = ModelAnalysis.prototype as unknown as Record<Method, (...a: unknown[]) => Steps<unknown>>
  const orig = proto[method]
  vi.spyOn(ModelAnalysis.prototype, method).mockImplementation(function* (
    this: ModelAnalysis,
    ...a: unknown[]
  ): Steps<never> {
    seen.started++
    const g = orig.apply(this, a)
    try {
      for (;;) {
        const r = g.next()
        if (r.done) {
          seen.finished++
          return r.value as never
        }
        seen.slices++
        yield
      }
    } finally {
      g.return(undefined)
      seen.closed++
    }
  })
  return seen
}

const g = globalThis as { Worker?: unknown }
let saved: unknown
beforeEach(() => {
  // no Worker: the page's engine answers from the start, as after a fallback
  saved = g.Worker
  g.Worker = undefined
  useWorkerFallbacks.setState({ reasons: {} })
})
afterEach(() => {
  g.Worker = saved
  vi.restoreAllMocks()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until(ok: () => boolean, what: string) {
  for (let t = 0; t < 1000 && !ok(); t++) await sleep(5)
  if (!ok()) throw new Error(`waited in vain for ${what}`)
}

async function pageClient() {
  const api = workerClient<ModelEngine>({
    name: 'model:test',
    spawn: () => {
      throw new Error('no worker here')
    },
    local: () => new ModelEngine(),
  })
  const outcome = await api.load({ files: [bigModel()] }, { mobilenet: false }, () => undefined)
  expect(outcome).toMatchObject({ ok: true })
  expect(api.usesWorker()).toBe(false)
  return api
}

describe('the page’s report, detail and matrix of a model', () => {
  it.each([
    ['report', 'rowSteps', (api: Awaited<ReturnType<typeof pageClient>>) => api.report(settings)],
    [
      'detail',
      'detailSteps',
      (api: Awaited<ReturnType<typeof pageClient>>) => api.detail('l.weight', settings),
    ],
    [
      'matrix',
      'matrixSteps',
      (api: Awaited<ReturnType<typeof pageClient>>) => api.matrix('l.weight', settings),
    ],
  ] as const)(
    '%s: cancelled within a 1024 × 1024 layer, it stops at its next slice and the next request is answered',
    async (method, steps, ask) => {
      const api = await pageClient()
      const seen = watch(steps)
      const stale = ask(api)
      const failed = stale.then(
        () => 'answered',
        (e: unknown) => (isCancelled(e) ? 'cancelled' : String(e)),
      )
      // the page had turns while the layer was under way
      await until(() => seen.slices >= 3, 'the first slices of the layer')
      api.cancel(method)
      expect(await failed).toBe('cancelled')
      await until(() => seen.closed === 1, 'the stale work to stop')
      expect(seen.finished).toBe(0)
      // the page's engine is free for the newer request, which runs to its end
      const fresh = await ask(api)
      expect(fresh).toBeTruthy()
      expect(seen.started).toBe(2)
      expect(seen.finished).toBe(1)
    },
    30_000,
  )

  it('a model replaced while its report is made: the report stops at its next slice', async () => {
    const api = await pageClient()
    const seen = watch('rowSteps')
    const stale = api.report(settings).catch((e: unknown) => (isCancelled(e) ? 'cancelled' : e))
    await until(() => seen.slices >= 3, 'the first slices of the layer')
    api.dispose()
    expect(await stale).toBe('cancelled')
    await until(() => seen.closed === 1, 'the stale work to stop')
    expect(seen.finished).toBe(0)
  }, 30_000)
})
