// The model view when its engine fails a call. "Open in the Lab" when the model's engine cannot hand the weight over: a model replaced meanwhile (its client
// ended: the call is cancelled) opens nothing and says nothing; any other failure is said in the user's language.
// Before, the failed call was not caught: an unhandled rejection, and the button did nothing visible.
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ModelPage from '../../src/views/model/ModelPage'
import type { LoadInput } from '../../src/models/engine'
import { loadModel, useModel, type Handle } from '../../src/views/model/modelStore'
import { useApp } from '../../src/state/appStore'
import { servedFetch } from '../helpers/servedFile'
import { showModelView, smallModel, withModelWorker } from '../helpers/modelView'
import { CancelledError } from '../../src/worker/cancel'

const file = smallModel(1)
const input: LoadInput = { urls: [{ name: 'one.safetensors', url: 'http://localhost/one.safetensors' }] }

// no Worker: the model is read on the page
withModelWorker(undefined)
beforeEach(() => {
  vi.stubGlobal('fetch', servedFetch(file))
})
afterEach(() => {
  vi.unstubAllGlobals()
})

/** the model view on layer a.weight, its engine's `matrix` failing with `failure` */
async function openWith(failure: unknown, lang: 'en' | 'zh-CN') {
  expect(await loadModel('loaded', input, 'one.safetensors')).toBe(true)
  const real = useModel.getState().models.loaded!
  const api: Handle['api'] = new Proxy(real.api, {
    get: (target, key, receiver): unknown =>
      key === 'matrix' ? () => Promise.reject(failure) : Reflect.get(target, key, receiver),
  })
  act(() => {
    useModel.setState({ models: { loaded: { ...real, api } } })
    showModelView('src=loaded&layer=a.weight', lang)
  })
  const view = render(<ModelPage />)
  const button = await waitFor(() => {
    const b = [...view.container.querySelectorAll('button')].find((el) =>
      /Open in the Lab|实验室/.test(el.textContent ?? ''),
    )
    expect(b).toBeDefined()
    return b!
  })
  return { view, button }
}

describe('Open in the Lab, the weight not handed over', () => {
  it('opens nothing and says nothing when the model was replaced (the call cancelled)', async () => {
    const { view, button } = await openWith(new CancelledError('matrix'), 'en')
    const route = useApp.getState().route
    await act(async () => {
      fireEvent.click(button)
      await new Promise((r) => setTimeout(r, 20))
    })
    expect(useApp.getState().route).toEqual(route)
    expect(view.container.querySelector('p.notice.error[role="alert"]')).toBeNull()
    view.unmount()
  })

  it('says why, in Chinese, when the engine fails', async () => {
    const { view, button } = await openWith(new Error('engine:shape:rows 0'), 'zh-CN')
    const route = useApp.getState().route
    await act(async () => {
      fireEvent.click(button)
      await new Promise((r) => setTimeout(r, 20))
    })
    expect(useApp.getState().route).toEqual(route)
    // the page's own refusal message, in the page's language, naming the weight
    const alert = await waitFor(() => {
      const el = view.container.querySelector('p.notice.error[role="alert"]')
      expect(el).not.toBeNull()
      return el!
    })
    expect(alert.textContent).toContain('one.safetensors · a.weight')
    expect(alert.textContent).toMatch(/[\u4e00-\u9fff]/)
    view.unmount()
  })
})

// After a worker gave up, the page reads the model again; when that fails too (the file changed, the shipped
// model not at hand offline), every report fails. The table said "Computing…" for ever.
describe('the layers’ report failing', () => {
  it('says so in the page’s language instead of computing for ever', async () => {
    const { view: zh } = await openWithReportFailing('zh-CN')
    const alert = await waitFor(() => {
      const el = zh.container.querySelector('[data-message="model.reportFailed"]')
      expect(el).not.toBeNull()
      return el!
    })
    expect(alert.textContent).toContain('各层的结果没能算出来')
    expect(zh.container.textContent).not.toContain('计算中……')
    zh.unmount()
  })

  it('shows nothing for a cancelled report (newer settings)', async () => {
    const { view } = await openWithReportFailing('en', new CancelledError('report'))
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20))
    })
    expect(view.container.querySelector('[data-message="model.reportFailed"]')).toBeNull()
    view.unmount()
  })
})

async function openWithReportFailing(lang: 'en' | 'zh-CN', failure: unknown = new Error('no model loaded')) {
  expect(await loadModel('loaded', input, 'one.safetensors')).toBe(true)
  const real = useModel.getState().models.loaded!
  const api: Handle['api'] = new Proxy(real.api, {
    get: (target, key, receiver): unknown =>
      key === 'report' ? () => Promise.reject(failure) : Reflect.get(target, key, receiver),
  })
  act(() => {
    useModel.setState({ models: { loaded: { ...real, api } } })
    showModelView('src=loaded', lang)
  })
  return { view: render(<ModelPage />) }
}
