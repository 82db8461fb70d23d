// The model view when the model's worker dies after the model loaded (here at the view's first report): the
// table fills from the page's engine, the selected layer and the settings are kept, and the notice says in the
// user's language that the model is now computed on the page, and why. Before, the table stayed "Computing…".
import { act, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ModelPage from '../../src/views/model/ModelPage'
import { ModelEngine, type LoadInput } from '../../src/models/engine'
import { loadModel, useModel } from '../../src/views/model/modelStore'
import { useApp } from '../../src/state/appStore'
import { servedFetch } from '../helpers/servedFile'
import { callOf, type Death } from '../helpers/dyingWorker'
import { dyingModelWorker, showModelView, smallModel } from '../helpers/modelView'

const file = smallModel(3)
const input: LoadInput = { urls: [{ name: 'three.safetensors', url: 'http://localhost/three.safetensors' }] }

let death: Death = { kind: 'messageerror' }
const Dying = dyingModelWorker(() => ({ when: callOf('report'), death }))
beforeEach(() => {
  vi.stubGlobal('fetch', servedFetch(file))
})
afterEach(() => {
  vi.unstubAllGlobals()
})

async function open(lang: 'en' | 'zh-CN', query: string) {
  expect(await loadModel('loaded', input, 'three.safetensors')).toBe(true)
  expect(useModel.getState().models.loaded?.overview.params).toBe(16)
  expect(useModel.getState().models.loaded?.api.usesWorker()).toBe(true)
  act(() => showModelView(query, lang))
  return render(<ModelPage />)
}

describe('the model view, its worker dead after the model loaded', () => {
  it('fills the table on the page and says so in Chinese, keeping the layer and the settings', async () => {
    death = { kind: 'messageerror' }
    const { container } = await open('zh-CN', 'src=loaded&bits=6&layer=b.weight')
    await waitFor(() => expect(container.querySelectorAll('.model-table tbody tr')).toHaveLength(3))
    expect(Dying.made[0].terminated).toBe(true)
    const notice = container.querySelector('[data-message="model.workerFallback"]')
    expect(notice?.textContent).toBe(
      '“three.safetensors”改在本页面读取和计算：它的后台线程不可用（有一条消息无法读取）。大模型会慢一些，页面可能短暂停顿。',
    )
    // the layer asked for is still the one shown, with its detail computed on the page, at the bits asked for
    expect(container.querySelector('tr.selected')?.getAttribute('data-layer')).toBe('b.weight')
    await waitFor(() => expect(container.querySelectorAll('.detail-charts svg').length).toBeGreaterThan(0))
    expect(container.querySelector('.model-settings output')?.textContent).toBe('6')
    const page = new ModelEngine()
    await page.load(input, { mobilenet: false }, () => undefined)
    const six = page.report({ bits: 6, group: 128, fold: true, axes: {} })[1].perTensorSqnrDb
    expect(container.querySelector('tr[data-layer="b.weight"] .sqnr-t')?.textContent).toBe(six.toFixed(1))
    expect(useApp.getState().query.get('bits')).toBe('6')
    expect(useApp.getState().query.get('layer')).toBe('b.weight')
    expect(screen.queryByText('计算中……')).toBeNull()
  })

  it('says why in English when the worker stopped with no message of its own', async () => {
    death = { kind: 'error' }
    const { container } = await open('en', 'src=loaded')
    await waitFor(() => expect(container.querySelectorAll('.model-table tbody tr')).toHaveLength(3))
    expect(container.querySelector('[data-message="model.workerFallback"]')?.textContent).toContain(
      '“three.safetensors” is read and computed on this page: its background worker is not available (it stopped working).',
    )
  })
})
