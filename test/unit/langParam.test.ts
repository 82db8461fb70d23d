// The link's `lang=` read only `zh-CN` and `en` exactly: a variant (zh-TW, en-GB, EN) or any other value fell
// back to the browser's language without a word. Variants now read as the app's language of them; any other
// value keeps the fallback and every view's link notices say so.
import { describe, expect, it } from 'vitest'
import { langFromParam, langNotices } from '../../src/params/langParam'
import { decodeAccuracyParams } from '../../src/params/accuracyParams'
import { decodeLabParams } from '../../src/params/labParams'
import { decodeModelParams } from '../../src/params/modelParams'
import { decodeAddParams, decodeDenseParams } from '../../src/params/opsParams'

describe('the link’s lang parameter', () => {
  it('reads any Chinese tag, in any case, as zh-CN', () => {
    for (const v of [
      'zh-CN',
      'zh',
      'zh-TW',
      'zh-HK',
      'zh-Hans',
      'zh-Hant',
      'ZH-tw',
      'zh-hant-TW',
      'zh_TW',
      'Zh',
    ])
      expect([v, langFromParam(v)]).toEqual([v, 'zh-CN'])
  })

  it('reads any English tag, in any case, as en', () => {
    for (const v of ['en', 'en-US', 'en-GB', 'EN', 'En-gb', 'en_AU', 'en-Latn-US'])
      expect([v, langFromParam(v)]).toEqual([v, 'en'])
  })

  it('reads no other value, nor a tag that only starts like one', () => {
    for (const v of [
      'fr',
      'de-DE',
      'ja',
      '',
      'zhx',
      'english',
      'eng',
      'zh-',
      'en--US',
      'zh-TW;q=0.9',
      '<b>zh</b>',
    ])
      expect([v, langFromParam(v)]).toEqual([v, null])
    expect(langFromParam(null)).toBeNull()
  })

  it('gives a notice naming a value it does not read, and none for a variant or no lang', () => {
    expect(langNotices(new URLSearchParams('lang=fr'))).toEqual([
      { key: 'lang', value: 'fr', reason: 'language' },
    ])
    for (const q of ['lang=zh-TW', 'lang=EN', 'lang=en-GB', 'bits=4', ''])
      expect(langNotices(new URLSearchParams(q))).toEqual([])
    // the first value, the one the shell's store reads (URLSearchParams.get)
    expect(langNotices(new URLSearchParams('lang=xx&lang=en'))).toEqual([
      { key: 'lang', value: 'xx', reason: 'language' },
    ])
  })

  it('every view’s decoder reports it, first, beside its own notices', () => {
    const q = 'lang=pt-BR&bits=99'
    for (const decode of [
      decodeLabParams,
      decodeAddParams,
      decodeDenseParams,
      decodeAccuracyParams,
      decodeModelParams,
    ]) {
      const { notices } = decode(new URLSearchParams(q))
      expect(notices[0]).toEqual({ key: 'lang', value: 'pt-BR', reason: 'language' })
      expect(notices.length).toBeGreaterThan(1)
      expect(decode(new URLSearchParams('lang=zh-Hant')).notices).toEqual([])
    }
  })
})
