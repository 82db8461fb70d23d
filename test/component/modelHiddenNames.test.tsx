// A layer whose name holds a right-to-left override (U+202E) turned the rest of its table cell around (the
// "folded" tag, the worst-layer mark after it), and a zero-width space made two names look the same. The table
// and the SQNR chart's tooltips now write such characters as their code points, as the messages do.
import { act, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { writeSafetensors } from '../../src/models'
import ModelPage from '../../src/views/model/ModelPage'
import { loadModel } from '../../src/views/model/modelStore'
import { showModelView, withModelWorker } from '../helpers/modelView'
import { f32, servedFetch } from '../helpers/servedFile'

withModelWorker(undefined)
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('layer names with invisible characters', () => {
  it('are shown with the characters named, in the table and the chart', async () => {
    const bytes = writeSafetensors([
      { name: 'conv\u202Ethgiew', dtype: 'F32', shape: [2, 3], bytes: f32([1, -2, 3, -4, 0.5, 0.25]) },
      { name: 'fc\u200B.weight', dtype: 'F32', shape: [2, 2], bytes: f32([5, -5, 0.01, 100]) },
    ])
    vi.stubGlobal('fetch', () => servedFetch(bytes)())
    act(() => showModelView('src=loaded', 'en'))
    const view = render(<ModelPage />)
    await act(async () => {
      expect(
        await loadModel(
          'loaded',
          { urls: [{ name: 'm.safetensors', url: 'http://localhost/m' }] },
          'm.safetensors',
        ),
      ).toBe(true)
    })
    const names = await waitFor(() => {
      const cells = [...view.container.querySelectorAll('th.layer-name button')].map((b) => b.textContent)
      expect(cells.length).toBe(2)
      return cells
    })
    expect(names).toEqual(['convU+202Ethgiew', 'fcU+200B.weight'])
    const tips = [...view.container.querySelectorAll('g > title')].map((x) => x.textContent ?? '')
    expect(tips.some((s) => s.startsWith('convU+202Ethgiew: '))).toBe(true)
    for (const s of [...names, ...tips]) expect(s).not.toMatch(/[\u200b\u202e]/)
  })
})
