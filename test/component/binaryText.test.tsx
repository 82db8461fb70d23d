// A binary file loaded as text in the Lab: the message quoted the "word" that was not a number, control
// characters and U+FFFD included, which the page drew as boxes (or as nothing). It now names the problem: a
// control character by its code point (the file looks binary), bytes that are not UTF-8 by their line.
import { describe, expect, it } from 'vitest'
import { useLab } from '../../src/lab/labStore'
import { loadError as choose } from '../helpers/loadPanel'

/** what a page cannot print: C0 and C1 controls, DEL, and U+FFFD, the decoder's replacement character */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\ufffd]/

/** the first bytes of a PNG image: \x89PNG, CR LF, ^Z, LF, then the IHDR chunk */
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1,
  0, 8, 6,
])
/** "1.5,2.5\n3.5,备注\n" saved in GBK (备 B1 B8, 注 D7 A2): not UTF-8 */
const GBK_WORD = Uint8Array.from([...new TextEncoder().encode('1.5,2.5\n3.5,'), 0xb1, 0xb8, 0xd7, 0xa2, 0x0a])

describe('a binary file loaded as text', () => {
  it('is said to look binary, its control character named, never shown (zh-CN)', async () => {
    const text = await choose(new File([PNG], 'image.png'), 'zh-CN')
    expect(text).not.toMatch(UNPRINTABLE)
    expect(text).toContain('“image.png”看起来是二进制文件，不是文本：第 2 行有控制字符 U+001A')
    expect(useLab.getState().loaded).toBeNull()
  })

  it('the same in English', async () => {
    const text = await choose(new File([PNG], 'image.png'), 'en')
    expect(text).not.toMatch(UNPRINTABLE)
    expect(text).toContain(
      '“image.png” looks like a binary file, not text: line 2 holds the control character U+001A',
    )
  })

  it('a NUL on the first line is no header to skip', async () => {
    const text = await choose(new File([Uint8Array.from([0x31, 0, 0x32, 0x0a, 0x33])], 'zeros.dat'), 'zh-CN')
    expect(text).not.toMatch(UNPRINTABLE)
    expect(text).toContain('第 1 行有控制字符 U+0000')
  })

  it('bytes that are not UTF-8 are said to be so, in both languages, without the replacement character', async () => {
    const zh = await choose(new File([GBK_WORD], 'gbk.csv'), 'zh-CN')
    expect(zh).not.toMatch(UNPRINTABLE)
    expect(zh).toContain('“gbk.csv”不是 UTF-8 文本：第 2 行有不是有效 UTF-8 的字节')
    const en = await choose(new File([GBK_WORD], 'gbk.csv'), 'en')
    expect(en).not.toMatch(UNPRINTABLE)
    expect(en).toContain('“gbk.csv” is not UTF-8 text: line 2 holds bytes that are not valid UTF-8')
  })
})

describe('a file the browser cannot read', () => {
  it('is said in the user’s language, without the browser’s English words', async () => {
    const message =
      'The requested file could not be read, typically due to permission problems that have occurred after a reference to a file was acquired.'
    const file = new File(['1,2,3'], 'gone.csv')
    // (the browser's failure: the file was deleted after it was chosen)
    file.slice = () => {
      const blob = new Blob([])
      blob.arrayBuffer = () => Promise.reject(new DOMException(message, 'NotReadableError'))
      return blob
    }
    const zh = await choose(file, 'zh-CN')
    expect(zh).toBe(
      '无法读取“gone.csv”，未做任何更改。 浏览器无法读取这个文件：选择之后，它可能被移动、修改或删除了。',
    )
    const en = await choose(file, 'en')
    expect(en).toContain('The browser could not read the file')
    expect(en).not.toContain(message)
  })
})
