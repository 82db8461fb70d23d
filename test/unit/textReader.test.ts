import { describe, expect, it } from 'vitest'
import { CHUNK, ReadCancelled, readText } from '../../src/lab/textReader'
import { LoadError, parseText } from '../../src/lab/loaders'

// no Worker in node: these run the page's copy of the job (the fallback), through the same chunked reader
describe('readText: chunked reading with progress and cancel', () => {
  const big = Array.from({ length: 300_000 }, (_, i) => `${i % 7}.5`).join('\n') // > 1 chunk

  it('reads a text longer than a chunk with rising progress, as the one-shot parser does', async () => {
    expect(big.length).toBeGreaterThan(CHUNK)
    const seen: number[] = []
    const r = await readText(big, (d, t) => seen.push(d / t))
    expect(Array.from(r.data)).toEqual(Array.from(parseText(big).data))
    expect(seen.length).toBe(Math.ceil(big.length / CHUNK))
    expect(seen.at(-1)).toBe(1)
    expect(seen.every((v, i) => i === 0 || v > seen[i - 1])).toBe(true)
  })

  it('reads a file whose multi-byte characters are cut between chunks', async () => {
    // "#" then 2-byte "é"s: each é starts at an odd byte, so one starts at byte CHUNK − 1 and is cut in two
    const text = `#${'é'.repeat(CHUNK / 2 + 1)}\n1.5\n2.5\n`
    expect(new TextEncoder().encode(text).length).toBeGreaterThan(CHUNK)
    const r = await readText(new Blob([text]), () => {})
    expect(Array.from(r.data)).toEqual([1.5, 2.5])
  })

  it('reads UTF-16 text by its byte order mark (a spreadsheet’s “Unicode text”), little- and big-endian', async () => {
    // longer than a chunk, with a character outside the BMP (a surrogate pair) somewhere in it
    const text = `# 权重 😀\n${'1.5\t-2\n'.repeat(CHUNK / 8)}3\t4\n`
    const le = new Uint8Array(2 + text.length * 2)
    le.set([0xff, 0xfe])
    for (let i = 0; i < text.length; i++)
      new DataView(le.buffer).setUint16(2 + 2 * i, text.charCodeAt(i), true)
    const be = new Uint8Array(le.length)
    be.set([0xfe, 0xff])
    for (let i = 0; i < text.length; i++)
      new DataView(be.buffer).setUint16(2 + 2 * i, text.charCodeAt(i), false)
    for (const bytes of [le, be]) {
      expect(bytes.length).toBeGreaterThan(CHUNK)
      const r = await readText(new Blob([bytes]), () => {})
      expect(r.shape).toEqual([CHUNK / 8 + 1, 2])
      expect(Array.from(r.data.slice(0, 2))).toEqual([1.5, -2])
      expect(Array.from(r.data.slice(-2))).toEqual([3, 4])
    }
  })

  it('cancels between chunks', async () => {
    const ctl = new AbortController()
    await expect(readText(big, () => ctl.abort(), ctl.signal)).rejects.toBeInstanceOf(ReadCancelled)
  })

  it('cancels when the cancel comes after the last chunk, while the values are handed over', async () => {
    const ctl = new AbortController()
    const text = '1\n'.repeat(CHUNK) // two chunks
    let calls = 0
    const read = readText(
      text,
      (done, total) => {
        calls++
        // after the last check between chunks: the abort lands while finish() is on its way
        if (done === total) setTimeout(() => ctl.abort(), 0)
      },
      ctl.signal,
    )
    await expect(read).rejects.toBeInstanceOf(ReadCancelled)
    expect(calls).toBe(2)
  })

  it('reports bad text as a LoadError with its code (not a bare Error)', async () => {
    const e = await readText('1\n2\nabc\n', () => {}).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(LoadError)
    expect((e as LoadError).code).toBe('text-words')
  })
})
