// The link's `lang=` read only `zh-CN` and `en` exactly: a variant (zh-TW, en-GB, EN) or any other value fell
// back to the browser's language without a word. Variants now read as the app's language of them; any other
// value keeps the fallback and every view's link notices say so.
import { describe, expect, it } from 'vitest'
import { langFromParam, langNotices } from '../../src/params/langParam'
import { lastParam } from '../../src/params/lastParam'
import { decodeAccuracyParams } from '../../src/params/accuracyParams'
import { decodeLabParams } from '../../src/params/labParams'
import { decodeModelParams } from '../../src/params/modelParams'
import { decodeAddParams, decodeDenseParams } from '../../src/params/opsParams'

/** every view's link decoder (each reads the shell's parameters beside its own) */
const DECODERS = [
  decodeLabParams,
  decodeAddParams,
  decodeDenseParams,
  decodeAccuracyParams,
  decodeModelParams,
]

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
    // given twice: the last value is read (as the shell's store reads it), the other is named
    expect(langNotices(new URLSearchParams('lang=xx&lang=en'))).toEqual([
      { key: 'lang', value: 'xx', reason: 'repeated', used: 'en' },
    ])
    expect(langNotices(new URLSearchParams('lang=en&lang=fr'))).toEqual([
      { key: 'lang', value: 'en', reason: 'repeated', used: 'fr' },
      { key: 'lang', value: 'fr', reason: 'language' },
    ])
    expect(langNotices(new URLSearchParams('lang=en&lang=en'))).toEqual([])
  })

  it('every view’s decoder reports it, first, beside its own notices', () => {
    const q = 'lang=pt-BR&bits=99'
    for (const decode of DECODERS) {
      const { notices } = decode(new URLSearchParams(q))
      expect(notices[0]).toEqual({ key: 'lang', value: 'pt-BR', reason: 'language' })
      expect(notices.length).toBeGreaterThan(1)
      expect(decode(new URLSearchParams('lang=zh-Hant')).notices).toEqual([])
    }
  })
})

describe('the shell’s parameters given twice', () => {
  it('read their last value, as every view’s own parameters do', () => {
    const q = new URLSearchParams('lang=en&present=1&lang=zh-CN&present=0&step=kl')
    expect(lastParam(q, 'lang')).toBe('zh-CN')
    expect(lastParam(q, 'present')).toBe('0')
    expect(lastParam(q, 'step')).toBe('kl')
    expect(lastParam(q, 'hide')).toBeNull()
  })

  it('are named by every view’s decoder, once each, the value read beside the one dropped', () => {
    const q = 'lang=en&present=1&hide=grid&lang=zh-CN&present=0&hide=grid&v=1'
    for (const decode of DECODERS) {
      const repeated = decode(new URLSearchParams(q)).notices.filter((n) => n.reason === 'repeated')
      expect(repeated).toEqual([
        { key: 'lang', value: 'en', reason: 'repeated', used: 'zh-CN' },
        { key: 'present', value: '1', reason: 'repeated', used: '0' },
      ])
    }
  })
})
