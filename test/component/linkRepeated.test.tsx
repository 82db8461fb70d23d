// A link parameter given twice (`bits=3&bits=5`, a link edited by hand) read its last value and dropped the
// others without a word; a drawing of no height (`draw=00000000`) was replaced by the default sketch silently.
// Both are now said, in the user's language.
import { act, render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { decodeLabParams } from '../../src/state/labParams'
import { decodeModelParams } from '../../src/params/modelParams'
import { useApp } from '../../src/state/appStore'
import { NoticeList } from '../../src/views/lab/Messages'

describe('a parameter given more than once', () => {
  it('reads the last value and says which was ignored (zh-CN, en)', () => {
    const { params, notices } = decodeLabParams(new URLSearchParams('bits=3&seed=7&bits=5'))
    expect(params.bits).toBe(5)
    expect(notices).toEqual([{ key: 'bits', value: '3', reason: 'repeated', used: '5' }])
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const zh = render(<NoticeList notices={notices} />)
    expect(zh.container.textContent).toBe('链接参数“bits”出现了不止一次；读取最后一个值“5”，忽略了“3”。')
    zh.unmount()
    act(() => useApp.setState({ lang: 'en' }))
    const en = render(<NoticeList notices={notices} />)
    expect(en.container.textContent).toBe(
      'The link parameter “bits” is given more than once; its last value, “5”, is read and “3” is ignored.',
    )
    en.unmount()
  })

  it('the same value twice, and a list parameter given once per item, are no notice', () => {
    expect(decodeLabParams(new URLSearchParams('bits=4&bits=4')).notices).toEqual([])
    const m = decodeModelParams(new URLSearchParams('src=loaded&axis=a:1&axis=b:0'))
    expect(m.notices).toEqual([])
    expect(m.params.axes).toEqual({ a: 1, b: 0 })
  })
})

describe('a drawing of no height in the link', () => {
  it('is said to be invalid and not kept', () => {
    const { params, notices } = decodeLabParams(new URLSearchParams('dist=drawn&draw=00000000'))
    expect(params.draw).toBeNull()
    expect(notices).toEqual([{ key: 'draw', value: '00000000', reason: 'invalid', used: '' }])
    expect(decodeLabParams(new URLSearchParams('dist=drawn&draw=00100000')).params.draw).toBe('00100000')
  })
})
