// `#/lab?lang=zh-TW` showed the page in the browser's language, and `lang=fr` did the same without a word. A
// Chinese or English variant now picks the app's language of it; any other value keeps the browser's language
// and the Lab's link notices name the value and the language shown, in that language.
import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useLab } from '../../src/lab/labStore'
import { useApp } from '../../src/state/appStore'
import { Messages } from '../../src/views/lab/Messages'

/** follow the link `hash` as the page does (the shell's store, then the Lab's store), the browser in `browser` */
function follow(hash: string, browser: string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(browser)
  act(() => {
    window.location.hash = hash
    useApp.getState().syncFromLocation()
    useLab.getState().fromQuery(useApp.getState().query)
  })
}
const linkNotices = (view: ReturnType<typeof render>) =>
  view.container.querySelector('[data-message="link-notices"] li')?.textContent ?? null

afterEach(() => {
  vi.restoreAllMocks()
  act(() => useLab.setState({ notices: [] }))
  window.location.hash = ''
})

describe('the link’s lang parameter in the Lab', () => {
  it('a Chinese variant shows the page in zh-CN, an English one in en, without a notice', () => {
    for (const [hash, lang] of [
      ['#/lab?lang=zh-TW', 'zh-CN'],
      ['#/lab?lang=ZH-hant&bits=4', 'zh-CN'],
      ['#/lab?lang=EN', 'en'],
      ['#/lab?lang=en-GB&bits=4', 'en'],
    ] as const) {
      // (a browser of the other language: the link decides)
      follow(hash, [lang === 'en' ? 'zh-CN' : 'en-US'])
      expect([hash, useApp.getState().lang]).toEqual([hash, lang])
      const view = render(<Messages />)
      expect(linkNotices(view)).toBeNull()
      view.unmount()
    }
  })

  it('given twice, the last value is the page’s language, and the Lab names the other', () => {
    follow('#/lab?lang=en&bits=4&lang=zh-CN', ['en-US'])
    expect(useApp.getState().lang).toBe('zh-CN')
    const view = render(<Messages />)
    expect(linkNotices(view)).toBe('链接参数“lang”出现了不止一次；读取最后一个值“zh-CN”，忽略了“en”。')
    view.unmount()
  })

  it('another value keeps the browser’s English and says so', () => {
    follow('#/lab?lang=fr', ['en-US'])
    expect(useApp.getState().lang).toBe('en')
    const view = render(<Messages />)
    expect(linkNotices(view)).toBe(
      'The link parameter “lang” = “fr” is not a language this app offers (it has zh-CN and en); the page is shown in English.',
    )
    view.unmount()
  })

  it('another value keeps the browser’s Chinese and says so in Chinese, beside the Lab’s own notices', () => {
    follow('#/lab?lang=ja-JP&bits=99', ['zh-TW', 'en'])
    expect(useApp.getState().lang).toBe('zh-CN')
    const view = render(<Messages />)
    const items = [...view.container.querySelectorAll('[data-message="link-notices"] li')].map(
      (li) => li.textContent,
    )
    expect(items[0]).toBe(
      '链接参数“lang”的值“ja-JP”不是本应用提供的语言（只有 zh-CN 和 en），页面以简体中文显示。',
    )
    expect(items[1]).toContain('“bits”')
    view.unmount()
  })
})
