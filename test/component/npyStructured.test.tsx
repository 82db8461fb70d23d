// A .npy of a structured (record) dtype chosen in the Lab was said to have "a .npy header that cannot be
// read"; the header is sound, its values are records of named fields. The message now says that, and how to
// save one field as an array the Lab reads, in the user's language; the data loaded before stays.
import { act, fireEvent, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useLab, type LoadedData } from '../../src/lab/labStore'
import { loadError as choose, renderLoadPanel } from '../helpers/loadPanel'

/** np.save('points.npy', np.zeros(2, dtype=[('lon', '<f8'), ('lat', '<f8')])) */
function points(): File {
  let h = "{'descr': [('lon', '<f8'), ('lat', '<f8')], 'fortran_order': False, 'shape': (2,), }"
  h = h.padEnd(h.length + 63 - ((10 + h.length) % 64), ' ') + '\n'
  const b = new Uint8Array(10 + h.length + 32)
  b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 255, h.length >> 8])
  for (let i = 0; i < h.length; i++) b[10 + i] = h.charCodeAt(i)
  return new File([b], 'points.npy')
}

describe('a .npy of a structured dtype in the Lab', () => {
  it('is said to be a structured array, with a field to save on its own (zh-CN)', async () => {
    const text = await choose(points(), 'zh-CN')
    expect(text).toBe(
      "“points.npy”是结构化数组（记录数组）：每个元素都由几个带名字的字段组成，无法当作数值读取。请把需要的那个字段单独存成一个数组再载入，例如 numpy.save('lon.npy', a['lon'])。未做任何更改。",
    )
    expect(text).not.toContain('文件头')
  })

  it('the same in English', async () => {
    const text = await choose(points(), 'en')
    expect(text).toBe(
      "“points.npy” is a structured (record) array: each element is a record of named fields, which cannot be read as numbers. Save one field as an array of its own, for example numpy.save('lon.npy', a['lon']), and load that file. Nothing was changed.",
    )
    expect(text).not.toContain('header')
  })

  it('leaves the data loaded before in place', async () => {
    const view = renderLoadPanel('en')
    const before: LoadedData = { name: 'mine.csv', data: Float64Array.of(1, 2, 3), shape: [1, 3], dropped: 0 }
    act(() => useLab.setState({ loaded: before }))
    fireEvent.change(view.container.querySelector('[data-testid="file-input"]')!, {
      target: { files: [points()] },
    })
    await waitFor(() =>
      expect(view.container.querySelector('.notice.error span')?.textContent).toContain('structured'),
    )
    expect(useLab.getState().loaded).toBe(before)
    expect(useLab.getState().params.dist).toBe('loaded')
    view.unmount()
  })
})
