// A .npz (a zip archive) given to the Lab was read as text and refused as "a binary file" for its control
// characters, which named neither the file's kind nor where it can be read; two files dropped at once read the
// first and said nothing of the second. The archive is now named as one, and the files not read are counted.
import { fireEvent, waitFor } from '@testing-library/react'
import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { useLab } from '../../src/lab/labStore'
import { loadError, renderLoadPanel } from '../helpers/loadPanel'
import { writeNpy } from '../helpers/writeNpy'

const npz = zipSync({ 'layers/w.npy': new Uint8Array(writeNpy([1, 2, 3, 4], [2, 2])) })

describe('a zip archive given to the Lab', () => {
  it('a .npz is named as an archive, and where it can be read is said (zh-CN, en)', async () => {
    expect(await loadError(new File([npz], 'weights.npz'), 'zh-CN')).toBe(
      '“weights.npz”是 zip 压缩包（NumPy 的 .npz 文件就是这种格式），而实验室只读取单个数组，来自 .npy 文件或文本。请用 numpy.save 保存需要的那个数组，或者在“真实模型”页面打开权重的 .npz 文件。未做任何更改。',
    )
    const en = await loadError(new File([npz], 'weights.npz'), 'en')
    expect(en).toContain('“weights.npz” is a zip archive (a NumPy .npz is one)')
    expect(en).not.toContain('binary')
    expect(useLab.getState().loaded).toBeNull()
  })

  it('by its first bytes whatever its name, an archive of no members too', async () => {
    expect(await loadError(new File([npz], 'data.csv'), 'en')).toContain('“data.csv” is a zip archive')
    const none = zipSync({})
    expect(Array.from(none.slice(0, 4))).toEqual([0x50, 0x4b, 5, 6])
    expect(await loadError(new File([none], 'empty.bin'), 'en')).toContain('“empty.bin” is a zip archive')
  })
})

describe('two files dropped at once', () => {
  it('the first is read, and the message says the other was not', async () => {
    const view = renderLoadPanel('zh-CN')
    const a = new File(['1,2,3'], 'a.csv')
    const b = new File(['4,5,6'], 'b.csv')
    fireEvent.drop(view.container.querySelector('.drop-zone')!, { dataTransfer: { files: [a, b] } })
    await waitFor(() => expect(useLab.getState().loaded?.name).toBe('a.csv'), { timeout: 5000 })
    const text = view.container.textContent ?? ''
    expect(text).toContain('拖入了 2 个文件；实验室一次只读取一个，所以只读取“a.csv”。')
    view.unmount()
  })
})
