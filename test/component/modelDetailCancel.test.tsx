// The model view's layer detail (per-channel ranges, histogram) made on the page, its worker unavailable: another
// layer chosen while the detail of a large layer is under way used to wait for that detail, one task for the
// whole layer, and the stale detail ran to its end. Now the view cancels it, and it stops at its next slice.
import { act, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Steps } from '../../src/core/steps'
import { writeSafetensors } from '../../src/models'
import { ModelAnalysis } from '../../src/models/analyze'
import type { LoadInput } from '../../src/models/engine'
import { useApp } from '../../src/state/appStore'
import ModelPage from '../../src/views/model/ModelPage'
import { loadModel, useModel } from '../../src/views/model/modelStore'
import { useWorkerFallbacks } from '../../src/worker/workerClient'
import { f32, servedFetch } from '../helpers/servedFile'

/** two 512 × 1024 layers and a small one */
function file(): Uint8Array {
  const big = (k: number) => {
    const w = new Float32Array(512 * 1024)
    for (let i = 0; i < w.length; i++) w[i] = Math.sin(i + k) * (1 + (i % 1024) / 64)
    return new Uint8Array(w.buffer)
  }
  return writeSafetensors([
    { name: 'a.weight', dtype: 'F32', shape: [512, 1024], bytes: big(1) },
    { name: 'b.weight', dtype: 'F32', shape: [512, 1024], bytes: big(2) },
    { name: 'c.weight', dtype: 'F32', shape: [2, 2], bytes: f32([5, -5, 0.01, 100]) },
  ])
}
const input: LoadInput = { urls: [{ name: 'two.safetensors', url: 'http://localhost/two.safetensors' }] }

/** the layers whose detail started (each slice made 2 ms slower), slices taken, ran to their end, were closed */
function watchDetail() {
  const seen = { started: [] as string[], slices: 0, finished: [] as string[], closed: [] as string[] }
  const proto = ModelAnalysis.prototype as unknown as Record<
    'detailSteps',
    (...a: unknown[]) => Steps<unknown>
  >
  const orig = proto.detailSteps
  vi.spyOn(ModelAnalysis.prototype, 'detailSteps').mockImplementation(function* (
    this: ModelAnalysis,
    ...a: unknown[]
  ): Steps<never> {
    const name = String(a[0])
    seen.started.push(name)
    const g = orig.apply(this, a)
    try {
      for (;;) {
        const r = g.next()
        if (r.done) {
          seen.finished.push(name)
          return r.value as never
        }
        seen.slices++
        // a slow machine: each slice takes 2 ms more, so the detail is still under way when the layer changes
        const until = performance.now() + 2
        while (performance.now() < until);
        yield
      }
    } finally {
      g.return(undefined)
      seen.closed.push(name)
    }
  })
  return seen
}

const g = globalThis as { Worker?: unknown }
let saved: unknown
beforeEach(() => {
  vi.stubGlobal('fetch', servedFetch(file()))
  // no Worker: the page's engine answers, as after a fallback
  saved = g.Worker
  g.Worker = undefined
  useWorkerFallbacks.setState({ reasons: {} })
  useModel.setState({ models: {}, loading: null, errors: [], info: null })
})
afterEach(() => {
  g.Worker = saved
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const show = (layer: string) =>
  act(() =>
    useApp.setState({
      lang: 'en',
      route: { name: 'model' },
      query: new URLSearchParams(`src=loaded&layer=${layer}&lang=en`),
    }),
  )

describe('the model view’s layer detail, on the page', () => {
  it('another layer chosen while a large layer’s detail is made: the stale one stops at its next slice', async () => {
    expect(await loadModel('loaded', input, 'two.safetensors')).toBe(true)
    expect(useModel.getState().models.loaded?.api.usesWorker()).toBe(false)
    const seen = watchDetail()
    show('a.weight')
    const { container } = render(<ModelPage />)
    await waitFor(() => expect(seen.slices).toBeGreaterThanOrEqual(3), { timeout: 10_000, interval: 1 })
    expect(seen.started).toEqual(['a.weight'])
    show('b.weight')
    await waitFor(() => expect(seen.finished).toEqual(['b.weight']), { timeout: 10_000 })
    // a.weight's detail was left where it was, and closed
    expect(seen.closed).toContain('a.weight')
    expect(seen.finished).not.toContain('a.weight')
    expect(container.querySelector('tr.selected')?.getAttribute('data-layer')).toBe('b.weight')
    await waitFor(() => expect(container.querySelectorAll('.detail-charts svg').length).toBeGreaterThan(0))
  }, 30_000)
})
