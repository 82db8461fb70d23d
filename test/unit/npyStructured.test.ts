// A .npy of a structured (record) dtype, whose header's descr is a list of named fields, was refused as a
// header that cannot be read (its descr is no string), though the header is sound: its values are records,
// not numbers. Both readers now name that, with the fields, and the model page refuses a .npz member of such
// a dtype for it, as it refuses a member of any other dtype it does not read.
import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { decodeNpy, LoadError, parseNpy } from '../../src/lab/loaders'
import { ModelFileError, readModelFiles } from '../../src/models'
import { readNpy, readNpz } from '../../src/models/npy'
import { translate, type T } from '../../src/i18n'
import { modelErrorText } from '../../src/views/model/errorText'
import { thrown } from '../helpers/thrown'
import { writeNpy } from '../helpers/writeNpy'

/** a version 1.0 .npy of this descr (written as it is, not quoted) and shape, then `data` */
function npy(descr: string, shape: string, data: Uint8Array): Uint8Array {
  let h = `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, }`
  h = h.padEnd(h.length + 63 - ((10 + h.length) % 64), ' ') + '\n'
  const b = new Uint8Array(10 + h.length + data.length)
  b.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, h.length & 255, h.length >> 8])
  for (let i = 0; i < h.length; i++) b[10 + i] = h.charCodeAt(i)
  b.set(data, 10 + h.length)
  return b
}
/** np.save('p.npy', np.zeros(3, dtype=[('x', '<f4'), ('y', '<f4')])), 3 records of 8 bytes */
const points = npy("[('x', '<f4'), ('y', '<f4')]", '(3,)', new Uint8Array(24))
const tEn: T = (key, vars) => translate('en', key, vars)
const tZh: T = (key, vars) => translate('zh-CN', key, vars)

describe('a .npy of a structured dtype, in the Lab', () => {
  it('is refused as a structured array, its fields named, not as a header that cannot be read', () => {
    const e = thrown(() => parseNpy(points.slice().buffer))
    expect(e).toBeInstanceOf(LoadError)
    expect(e).toMatchObject({
      code: 'npy-structured',
      detail: 'x, y',
      reason: { key: 'npyStructured', vars: { fields: ['x', 'y'], field: 'x' } },
    })
    expect(thrown(() => decodeNpy(points.slice().buffer))).toMatchObject({ code: 'npy-structured' })
  })

  it('names the fields numpy writes: double quotes, a titled field, a nested one, a sub-array', () => {
    const cases: [string, string[]][] = [
      ['[("a", "<f8"), ("b", "|u1")]', ['a', 'b']],
      // np.dtype([(('Temperature', 't'), '<f4'), ('p', '<i2', (2,))]): a title, then a name
      ["[(('Temperature', 't'), '<f4'), ('p', '<i2', (2,))]", ['t', 'p']],
      // a nested record: only the outer list's own fields
      ["[('pos', [('x', '<f4'), ('y', '<f4')]), ('id', '<i4')]", ['pos', 'id']],
    ]
    for (const [descr, fields] of cases) {
      const e = thrown(() => parseNpy(npy(descr, '(2,)', new Uint8Array(64)).slice().buffer))
      expect(e).toMatchObject({ code: 'npy-structured', reason: { vars: { fields, field: fields[0] } } })
    }
  })

  it('an empty list of fields still gets an example field', () => {
    const e = thrown(() => parseNpy(npy('[]', '(2,)', new Uint8Array(0)).slice().buffer))
    expect(e).toMatchObject({ code: 'npy-structured', reason: { vars: { fields: [], field: 'x' } } })
  })

  it('a descr that is no string and no list is still a header that cannot be read', () => {
    const e = thrown(() => parseNpy(npy('42', '(2,)', new Uint8Array(8)).slice().buffer))
    expect(e).toMatchObject({ code: 'npy-header', reason: { key: 'npyDict' } })
  })

  it('the message says so in both languages, with a field saved as its own array', () => {
    expect(tEn('load.npyStructured', { name: 'p.npy', field: 'x' })).toBe(
      "“p.npy” is a structured (record) array: each element is a record of named fields, which cannot be read as numbers. Save one field as an array of its own, for example numpy.save('x.npy', a['x']), and load that file. Nothing was changed.",
    )
    const zh = tZh('load.npyStructured', { name: 'p.npy', field: 'x' })
    expect(zh).toContain('“p.npy”是结构化数组（记录数组）')
    expect(zh).toContain("numpy.save('x.npy', a['x'])")
    expect(zh).not.toContain('文件头')
  })
})

describe('a .npy of a structured dtype, on the model page', () => {
  it('is refused as a data type the page does not read, the array and its fields named', () => {
    const e = thrown(() => readNpy('p.npy', points))
    expect(e).toBeInstanceOf(ModelFileError)
    expect(e).toMatchObject({
      code: 'dtype',
      file: 'p.npy',
      reason: { key: 'npyStructured', vars: { name: 'p', fields: ['x', 'y'], field: 'x' } },
    })
    const err = e as ModelFileError
    expect(modelErrorText(tEn, 'en', err)).toBe(
      "“p.npy” uses a data type this page does not read. The array p is a structured (record) array: each element is a record of named fields (x, y), which cannot be read as numbers. Save one field as an array of its own, for example numpy.save('x.npy', a['x']).",
    )
    const zh = modelErrorText(tZh, 'zh-CN', err)
    expect(zh).toContain('数组 p 是结构化数组（记录数组）')
    expect(zh).toContain('（x、y）')
    expect(zh).toContain("numpy.save('x.npy', a['x'])")
  })

  it('a .npz member of one refuses the archive for it, as a member of any dtype the page does not read', async () => {
    const w = new Uint8Array(writeNpy([1, 2, 3, 4], [2, 2], { descr: '<f4' }))
    const zip = zipSync({ 'w.npy': w, 'points.npy': points })
    const e = thrown(() => readNpz('m.npz', zip))
    expect(e).toMatchObject({
      code: 'dtype',
      file: 'm.npz',
      reason: { key: 'npyStructured', vars: { name: 'points', fields: ['x', 'y'] } },
    })
    await expect(readModelFiles([{ name: 'm.npz', bytes: zip }])).rejects.toMatchObject({
      code: 'dtype',
      reason: { key: 'npyStructured' },
    })
  })
})
