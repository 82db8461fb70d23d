// Each model of the model view has a worker of its own, and its own "read on this page" notice. Before, every
// model's client recorded its worker's failure under one name ("model"): a model that had fallen back to the page
// lost its notice as soon as another model loaded fine in its worker (that load cleared the shared record), and
// replacing a model cleared the notice of another one that had fallen back too.
import { act, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ModelPage from '../../src/views/model/ModelPage'
import type { LoadInput } from '../../src/models/engine'
import { loadModel, useModel } from '../../src/views/model/modelStore'
import { useWorkerFallbacks } from '../../src/worker/workerClient'
import { servedFetch } from '../helpers/servedFile'
import { callOf, type Death } from '../helpers/dyingWorker'
import { dyingModelWorker, showModelView, smallModel } from '../helpers/modelView'

const file = smallModel(2)
const input: LoadInput = { urls: [{ name: 'two.safetensors', url: 'http://localhost/two.safetensors' }] }

/** the next worker asked for a report dies this way (once); null: none dies */
let death: Death | null = null
const Dying = dyingModelWorker(
  () =>
    death && {
      when: (data: unknown) => {
        if (!callOf('report')(data)) return false
        death = null
        return true
      },
      death,
    },
)
beforeEach(() => {
  vi.stubGlobal('fetch', servedFetch(file))
  death = null
})
afterEach(() => {
  vi.unstubAllGlobals()
})

const show = (src: string) => act(() => showModelView(`src=${src}`, 'en'))
/** the notices that say a model is computed on the page */
const notices = () => screen.queryAllByText(/background worker/).map((p) => p.textContent ?? '')
const load = async (src: 'loaded' | 'digits-mlp', label: string) => {
  let ok = false
  await act(async () => {
    ok = await loadModel(src, input, label)
  })
  expect(ok).toBe(true)
}
/** the view shows `src`'s table, reported */
const reported = (container: HTMLElement) =>
  waitFor(() => {
    expect(container.querySelectorAll('.model-table tbody tr')).toHaveLength(2)
    expect(container.querySelector('.model-settings [role="status"]')).toBeNull()
  })

describe('the notice of a model read on the page', () => {
  it('stays with its model when another model then loads fine in its worker', async () => {
    await load('loaded', 'mine.safetensors')
    show('loaded')
    death = { kind: 'messageerror' }
    const { container } = render(<ModelPage />)
    await reported(container)
    expect(Dying.made[0].terminated).toBe(true)
    await waitFor(() => expect(notices()).toHaveLength(1))
    expect(notices()[0]).toContain('mine.safetensors')

    // another model loads in a worker that answers: the first one is still computed on the page, and says so
    await load('digits-mlp', 'digits MLP')
    expect(useModel.getState().models['digits-mlp']?.api.usesWorker()).toBe(true)
    expect(notices()).toHaveLength(1)
    expect(notices()[0]).toContain('mine.safetensors')

    // the notice is about the model it names: not shown beside a model that runs in its worker
    show('digits-mlp')
    await reported(container)
    expect(notices()).toEqual([])
    show('loaded')
    await reported(container)
    expect(notices()).toHaveLength(1)
    expect(notices()[0]).toContain('mine.safetensors')
  })

  it('goes with its model when the model is replaced, and never takes another model’s notice along', async () => {
    await load('loaded', 'first.safetensors')
    show('loaded')
    death = { kind: 'error' }
    const { container } = render(<ModelPage />)
    await reported(container)
    await waitFor(() => expect(notices()).toHaveLength(1))

    await load('digits-mlp', 'digits MLP')
    death = { kind: 'messageerror' }
    show('digits-mlp')
    await reported(container)
    await waitFor(() => expect(notices()).toHaveLength(1))
    expect(notices()[0]).toContain('digits MLP')
    expect(useModel.getState().models['digits-mlp']?.api.usesWorker()).toBe(false)

    // the first model is replaced by one that loads in its worker: its notice goes, the other model's stays
    await load('loaded', 'second.safetensors')
    expect(notices()).toHaveLength(1)
    expect(notices()[0]).toContain('digits MLP')
    show('loaded')
    await reported(container)
    expect(notices()).toEqual([])
    // nothing left on record for a model that is gone
    expect(Object.keys(useWorkerFallbacks.getState().reasons)).toHaveLength(1)
    show('digits-mlp')
    await reported(container)
    expect(notices()).toHaveLength(1)
  })
})
