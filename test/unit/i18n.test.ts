import { describe, expect, it } from 'vitest'
import { MESSAGES, translate } from '../../src/i18n'
import { langFromNavigator } from '../../src/i18n/lang'

describe('i18n', () => {
  const enKeys = Object.keys(MESSAGES.en).sort()
  const zhKeys = Object.keys(MESSAGES['zh-CN']).sort()

  it('has the same keys in both languages', () => {
    expect(zhKeys).toEqual(enKeys)
  })

  it('has no empty message and keeps placeholders identical in both languages', () => {
    for (const key of enKeys) {
      const e = MESSAGES.en[key as keyof typeof MESSAGES.en]
      const z = MESSAGES['zh-CN'][key as keyof typeof MESSAGES.en]
      expect(e.trim(), key).not.toBe('')
      expect(z.trim(), key).not.toBe('')
      const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort()
      expect(ph(z), key).toEqual(ph(e))
    }
  })

  it('writes Chinese text in the zh-CN messages', () => {
    const withHan = zhKeys.filter((k) =>
      /\p{Script=Han}/u.test(MESSAGES['zh-CN'][k as keyof typeof MESSAGES.en]),
    )
    expect(withHan.length / zhKeys.length).toBeGreaterThan(0.8)
  })

  it('fills placeholders as text', () => {
    expect(translate('en', 'notFound.body', { path: '<b>x</b>' })).toBe('There is no page at “<b>x</b>”.')
  })

  it('picks the language from the browser', () => {
    expect(langFromNavigator(['zh-TW', 'en'])).toBe('zh-CN')
    expect(langFromNavigator(['de-DE', 'en-GB'])).toBe('en')
    expect(langFromNavigator(['fr'])).toBe('en')
    expect(langFromNavigator([])).toBe('en')
  })
})
