// The model view's link is read by the codec every view shares (src/params/modelParams.ts): a parameter it does not
// know and a link of another schema version are said as on the other views, in the page's language, in the same
// list as the invalid values and the axes the model's layers do not have. Before, the view had a decoder of its
// own that passed over unknown names and `v` without a word.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LoadInput } from '../../src/models/engine'
import { useApp } from '../../src/state/appStore'
import ModelPage from '../../src/views/model/ModelPage'
import { loadModel, useModel } from '../../src/views/model/modelStore'
import { showModelView, smallModel, withModelWorker } from '../helpers/modelView'
import { servedFetch } from '../helpers/servedFile'

const input: LoadInput = { urls: [{ name: 'two.safetensors', url: 'http://localhost/two.safetensors' }] }

// no Worker: the model is read on the page
withModelWorker(undefined)
beforeEach(async () => {
  vi.stubGlobal('fetch', servedFetch(smallModel(2)))
  let ok = false
  await act(async () => {
    ok = await loadModel('loaded', input, 'two.safetensors')
  })
  expect(ok).toBe(true)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

/** the page for a link, once its table is reported; the link notices' items */
async function open(query: string, lang: 'en' | 'zh-CN') {
  act(() => showModelView(query, lang))
  const view = render(<ModelPage />)
  await waitFor(() => {
    expect(view.container.querySelectorAll('.model-table tbody tr')).toHaveLength(2)
    expect(view.container.querySelector('.model-settings [role="status"]')).toBeNull()
  })
  return view
}
const said = (c: HTMLElement) =>
  [...c.querySelectorAll('[data-message="link-notices"] li')].map((li) => li.textContent)

const LINK = 'v=2&foo=%3Cb%3E1%3C%2Fb%3E&src=loaded&bits=12&axis=nope.weight:1'

describe('the model view’s link notices', () => {
  it('says in English what it did with an unknown parameter, another version, and bad values', async () => {
    const { container } = await open(LINK, 'en')
    expect(said(container)).toEqual([
      'This link was made for schema version 2; read as version 1.',
      'Ignored the unknown link parameter “foo”.',
      'The link parameter “bits” = “12” is out of range; using 8.',
      // (the model has no such layer: the page says so, in the same list)
      'The link parameter “axis” had an invalid value “nope.weight:1”; it was ignored.',
    ])
    // a value from the link is text, never markup
    expect(container.querySelector('[data-message="link-notices"] b')).toBeNull()
    // announced politely, as on the other views
    expect(container.querySelector('[aria-live="polite"] [data-message="link-notices"]')).not.toBeNull()
    // dismissed: gone until the notices change
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(container.querySelector('[data-message="link-notices"]')).toBeNull()
  })

  it('says the same in Chinese', async () => {
    const { container } = await open(LINK, 'zh-CN')
    expect(said(container)).toEqual([
      '这个链接来自第 2 版的参数格式，已按第 1 版读取。',
      '已忽略未知的链接参数“foo”。',
      '链接参数“bits” = “12”超出范围，已改用 8。',
      '链接参数“axis”的值“nope.weight:1”无效，已忽略。',
    ])
    expect(screen.getByRole('button', { name: '关闭' })).toBeTruthy()
  })

  it('shows the shipped model for a source it does not have, and says so in the page’s language', async () => {
    const expected = {
      en: 'The link parameter “src” had an invalid value “bogus”; using mobilenet instead.',
      'zh-CN': '链接参数“src”的值“bogus”无效，已改用 mobilenet。',
    }
    for (const lang of ['en', 'zh-CN'] as const) {
      act(() => showModelView('src=bogus', lang))
      const { container, unmount } = render(<ModelPage />)
      expect(said(container)).toEqual([expected[lang]])
      // the shipped model's source is the one chosen (its fetch here serves no MobileNet: let it end)
      expect(container.querySelector<HTMLInputElement>('input[value="mobilenet"]')?.checked).toBe(true)
      expect(useApp.getState().query.get('src')).toBe('bogus')
      await waitFor(() => expect(useModel.getState().loading).toBeNull())
      unmount()
    }
  })

  it('says nothing about a link made before the codec, its own version, or the shell’s parameters', async () => {
    for (const query of [
      'src=loaded&fold=0&bits=4&group=32&layer=a.weight&sort=-tensor&axis=a.weight:1',
      'v=1&src=loaded&present=1&hide=controls&step=x&sec=y',
    ]) {
      const { container, unmount } = await open(query, 'en')
      expect(said(container), query).toEqual([])
      expect(container.querySelector('[data-message="link-notices"]'), query).toBeNull()
      unmount()
    }
  })
})
