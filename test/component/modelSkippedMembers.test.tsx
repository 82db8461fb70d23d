// A .npz holding a README.txt or a meta.json beside its arrays was refused by the model view; numpy's np.load
// reads it (a README.txt it gives as bytes, not an array). The arrays are now read, and the page names the members it skipped,
// in the user's language: whole (with their path in the archive), their invisible characters written as code
// points, listed as the language lists names.
import { act, render, waitFor } from '@testing-library/react'
import { zipSync } from 'fflate'
import { afterEach, describe, expect, it, vi } from 'vitest'
import ModelPage from '../../src/views/model/ModelPage'
import { loadModel } from '../../src/views/model/modelStore'
import { showModelView, smallModel, withModelWorker } from '../helpers/modelView'
import { servedFetch } from '../helpers/servedFile'
import { writeNpy } from '../helpers/writeNpy'

withModelWorker(undefined)
afterEach(() => {
  vi.unstubAllGlobals()
})

const u8 = (b: ArrayBuffer) => new Uint8Array(b)
const enc = (s: string) => new TextEncoder().encode(s)
const arrays = {
  'conv.npy': u8(writeNpy([1.5, -2, 0.25, 3, 8, -16], [2, 3], { descr: '<f4' })),
  'fc.npy': u8(writeNpy([1, -1, 0.5, 4], [2, 2], { descr: '<f4' })),
}
const npz = zipSync({
  'README.txt': enc('Weights of a small network.'),
  ...arrays,
  'docs/README.txt': enc('More words.'),
  'meta\u200B.json': [enc('{"epochs": 3}'), { level: 6 }],
})

/** show the model view in `lang`, load `bytes` as the user's file `name`, and wait for its two layers */
async function loaded(lang: 'en' | 'zh-CN', name: string, bytes: Uint8Array, layers = 2) {
  vi.stubGlobal('fetch', () => servedFetch(bytes)())
  act(() => showModelView('src=loaded', lang))
  const view = render(<ModelPage />)
  await act(async () => {
    expect(await loadModel('loaded', { urls: [{ name, url: `http://localhost/${name}` }] }, name)).toBe(true)
  })
  await waitFor(() => expect(view.container.querySelectorAll('.model-table tbody tr')).toHaveLength(layers))
  return view
}
const notices = (view: ReturnType<typeof render>) =>
  [...view.container.querySelectorAll('[data-message="model.skipped"]')].map((p) => p.textContent)

describe('the .npz members that are not arrays', () => {
  it('are named in English, the arrays read', async () => {
    const view = await loaded('en', 'm.npz', npz)
    const names = [...view.container.querySelectorAll('th.layer-name button')].map((b) => b.textContent)
    expect(names).toEqual(['conv', 'fc'])
    expect(notices(view)).toEqual([
      'Skipped 3 members of “m.npz” that are not .npy arrays: README.txt, docs/README.txt, metaU+200B.json. The arrays were read as usual.',
    ])
    expect(view.container.querySelector('.notice.error')).toBeNull()
    view.unmount()
  })

  it('are named in Chinese, listed with 、', async () => {
    const view = await loaded('zh-CN', 'm.npz', npz)
    expect(notices(view)).toEqual([
      '跳过了“m.npz”中 3 个不是 .npy 数组的成员：README.txt、docs/README.txt、metaU+200B.json。其中的数组照常读取。',
    ])
    view.unmount()
  })

  it('one member, in the singular; many, the first ten and how many more', async () => {
    let view = await loaded('en', 'one.npz', zipSync({ ...arrays, LICENSE: enc('MIT') }))
    expect(notices(view)).toEqual([
      'Skipped 1 member of “one.npz” that is not a .npy array: LICENSE. The arrays were read as usual.',
    ])
    view.unmount()
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`notes/${i + 1}.txt`, enc('x')]))
    view = await loaded('zh-CN', 'many.npz', zipSync({ ...arrays, ...many }))
    const first10 = Array.from({ length: 10 }, (_, i) => `notes/${i + 1}.txt`).join('、')
    expect(notices(view)).toEqual([
      `跳过了“many.npz”中 12 个不是 .npy 数组的成员：${first10}，另有 2 个。其中的数组照常读取。`,
    ])
    view.unmount()
    view = await loaded('en', 'many.npz', zipSync({ ...arrays, ...many }))
    expect(notices(view)[0]).toContain(
      `: ${Array.from({ length: 10 }, (_, i) => `notes/${i + 1}.txt`).join(', ')}, and 2 more. The arrays`,
    )
    view.unmount()
  })

  it('no notice for a model with none, nor once it replaces one with some', async () => {
    let view = await loaded('en', 'plain.npz', zipSync(arrays))
    expect(notices(view)).toEqual([])
    view.unmount()
    view = await loaded('en', 'm.npz', npz)
    expect(notices(view)).toHaveLength(1)
    view.unmount()
    view = await loaded('en', 'm.safetensors', smallModel(3), 3)
    expect(notices(view)).toEqual([])
    view.unmount()
  })
})
