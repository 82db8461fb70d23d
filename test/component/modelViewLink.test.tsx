// The model view's layer table order and the output-channel axis chosen for a layer are settings of the view like
// bits or the layer shown: each choice is a history entry written into the link, and a link that has them shows
// them. Before, both lived in the page's own state: a reload or a shared link showed the network order and the
// layers' own axes again.
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LoadInput } from '../../src/models/engine'
import { useApp } from '../../src/state/appStore'
import ModelPage, { useModelParams } from '../../src/views/model/ModelPage'
import { loadModel } from '../../src/views/model/modelStore'
import { showModelView, smallModel, withModelWorker } from '../helpers/modelView'
import { servedFetch } from '../helpers/servedFile'

const input: LoadInput = { urls: [{ name: 'three.safetensors', url: 'http://localhost/three.safetensors' }] }

// no Worker: the model is read on the page
withModelWorker(undefined)
const pushes: string[] = []
beforeEach(async () => {
  vi.stubGlobal('fetch', servedFetch(smallModel(3)))
  let ok = false
  await act(async () => {
    ok = await loadModel('loaded', input, 'three.safetensors')
  })
  expect(ok).toBe(true)
  pushes.length = 0
  vi.spyOn(window.history, 'pushState').mockImplementation((_s, _t, url) => {
    pushes.push(decodeURIComponent(String(url).split('?')[1] ?? ''))
  })
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

/** the page for a link, once its table is reported */
async function open(query: string) {
  act(() => showModelView(query, 'en'))
  const view = render(<ModelPage />)
  await waitFor(() => {
    expect(view.container.querySelectorAll('.model-table tbody tr')).toHaveLength(3)
    expect(view.container.querySelector('.model-settings [role="status"]')).toBeNull()
  })
  return view
}
const order = (c: HTMLElement) =>
  [...c.querySelectorAll('.model-table tbody tr')].map((r) => r.getAttribute('data-layer'))
const query = () => useApp.getState().query

describe('the model view’s table order in the link', () => {
  it('writes a sort into the link as a history entry, and a link with it shows the table so sorted', async () => {
    const { container } = await open('src=loaded')
    expect(order(container)).toEqual(['a.weight', 'b.weight', 'c.weight'])
    fireEvent.click(screen.getByRole('button', { name: 'SQNR per tensor (dB)' }))
    // a first click on a figure's column sorts it highest first
    expect(query().get('sort')).toBe('-tensor')
    // the schema version first, as every view writes it; the shell's language kept
    expect(pushes).toEqual(['v=1&src=loaded&sort=-tensor&lang=en'])
    const sorted = order(container)
    expect(sorted).not.toEqual(['a.weight', 'b.weight', 'c.weight'])
    const th = () => screen.getByRole('button', { name: 'SQNR per tensor (dB)' }).closest('th')!
    expect(th().getAttribute('aria-sort')).toBe('descending')
    fireEvent.click(screen.getByRole('button', { name: 'SQNR per tensor (dB)' }))
    expect(query().get('sort')).toBe('tensor')
    expect(order(container)).toEqual([...sorted].reverse())

    // the link as shared: the same order, the same column marked
    cleanup()
    const again = await open('src=loaded&sort=-tensor')
    expect(order(again.container)).toEqual(sorted)
    expect(th().getAttribute('aria-sort')).toBe('descending')
    // back to the network order: left out of the link
    fireEvent.click(screen.getByRole('button', { name: '#' }))
    expect(query().get('sort')).toBeNull()
    expect(order(again.container)).toEqual(['a.weight', 'b.weight', 'c.weight'])
  })
})

describe('the model view’s output-channel axis in the link', () => {
  const axisSelect = () => screen.getByTestId<HTMLSelectElement>('axis-select')

  it('writes the axis chosen for a layer into the link, and a link with it shows that axis', async () => {
    await open('src=loaded&layer=a.weight')
    await waitFor(() => expect(axisSelect().value).toBe('0'))
    fireEvent.change(axisSelect(), { target: { value: '1' } })
    expect(query().getAll('axis')).toEqual(['a.weight:1'])
    expect(pushes).toEqual(['v=1&src=loaded&layer=a.weight&axis=a.weight:1&lang=en'])
    // the layer's row is reported again along its axis 1: 3 channels
    await waitFor(() => expect(axisSelect().value).toBe('1'))
    expect(screen.getByText(/as a 3 × 2 matrix/)).toBeTruthy()
    // its own axis again: left out of the link
    fireEvent.change(axisSelect(), { target: { value: '0' } })
    expect(query().getAll('axis')).toEqual([])

    cleanup()
    await open('src=loaded&layer=a.weight&axis=a.weight:1')
    await waitFor(() => expect(axisSelect().value).toBe('1'))
    expect(document.querySelector('[data-message="link-notices"]')).toBeNull()
  })

  it('ignores an axis that is not one, or that the model’s layers do not have, and says so', async () => {
    const { container } = await open(
      'src=loaded&axis=junk&axis=nope.weight:1&axis=a.weight:5&axis=b.weight:1',
    )
    const said = [...container.querySelectorAll('[data-message="link-notices"] li')].map((p) => p.textContent)
    expect(said).toEqual([
      'The link parameter “axis” had an invalid value “junk”; it was ignored.',
      'The link parameter “axis” had an invalid value “nope.weight:1”; it was ignored.',
      'The link parameter “axis” had an invalid value “a.weight:5”; it was ignored.',
    ])
    // the valid one is used: b.weight (3 × 2) along its axis 1 has 2 channels
    fireEvent.click(screen.getByRole('button', { name: /b\.weight/ }))
    await waitFor(() => expect(axisSelect().value).toBe('1'))
  })

  it('replaces an invalid sort by the network order, with a notice', async () => {
    const { container } = await open('src=loaded&sort=-sqnr')
    expect(order(container)).toEqual(['a.weight', 'b.weight', 'c.weight'])
    expect(container.querySelector('[data-message="link-notices"] li')?.textContent).toBe(
      'The link parameter “sort” had an invalid value “-sqnr”; using order instead.',
    )
  })
})

describe('two changes before the page renders again', () => {
  it('both reach the link (the second was written over the first, from the settings of the last render)', () => {
    act(() => showModelView('src=loaded', 'en'))
    const { result } = renderHook(() => useModelParams())
    const set = result.current[2]
    act(() => {
      set({ bits: 4 })
      set({ group: 32 })
    })
    const q = useApp.getState().query
    expect(q.get('bits')).toBe('4')
    expect(q.get('group')).toBe('32')
    expect(q.get('src')).toBe('loaded')
    expect(result.current[0]).toMatchObject({ bits: 4, group: 32, src: 'loaded' })
  })
})
