import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { asciiNumberText, scanNumber } from '../../src/lab/numberScan'
import { LoadError, TextParser, parseText } from '../../src/lab/loaders'

const SEED = 20261129
const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''))

/** decimal tokens as a CSV holds them: signs, leading/trailing zeros, long mantissas, exponents near and far */
const decimalToken = fc
  .tuple(
    fc.constantFrom('', '-', '+'),
    digits(0, 22),
    fc.option(digits(0, 22), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), digits(1, 4)), {
      nil: undefined,
    }),
  )
  .map(([s, i, f, e]) => `${s}${i}${f === undefined ? '' : `.${f}`}${e ? e.join('') : ''}`)
  .filter((t) => t.length > 0)

/** anything made of the characters the fast path looks at (most of it not a number: NaN both ways) */
const junkToken = fc
  .array(fc.constantFrom(...'0123456789+-.eE'), { minLength: 1, maxLength: 12 })
  .map((a) => a.join(''))

const same = (tok: string) => {
  const pad = `x${tok}y`
  expect(Object.is(scanNumber(tok, 0, tok.length), Number(tok))).toBe(true)
  // in the middle of a chunk, as the parser calls it
  expect(Object.is(scanNumber(pad, 1, tok.length + 1), Number(tok))).toBe(true)
}

describe('scanNumber reads a token exactly as Number() does', () => {
  it('decimal tokens (signs, long mantissas, exponents)', () => {
    fc.assert(
      fc.property(decimalToken, (t) => same(t)),
      { numRuns: 3000, seed: SEED },
    )
  })

  it('any mix of digits, signs, points and exponent marks (NaN where Number() says NaN)', () => {
    fc.assert(
      fc.property(junkToken, (t) => same(t)),
      { numRuns: 3000, seed: SEED },
    )
  })

  it('every double written the ways programs write them (shortest, fixed, exponential)', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 0, max: 20 }),
        (v, p) => {
          same(String(v))
          same(v.toExponential(p))
          if (Math.abs(v) < 1e21) same(v.toFixed(p))
          same(v.toPrecision(p + 1))
        },
      ),
      { numRuns: 3000, seed: SEED },
    )
  })

  it('hand-picked hard cases', () => {
    for (const t of [
      '0',
      '-0',
      '+0',
      '-0.0',
      '0e999',
      '-0e-999',
      '.5',
      '5.',
      '-.5e1',
      '1e22',
      '1e23',
      '9007199254740993',
      '123456789012345',
      '1234567890123456',
      '0.000000000000000000001',
      '1e-22',
      '1e-23',
      '4.9e-324',
      '5e-324',
      '2.4703282292062328e-324',
      '1.7976931348623157e308',
      '1.7976931348623159e308',
      '1e309',
      '-1e309',
      '0.1',
      '0.30000000000000004',
      '00000000000000000000000012',
      '1e0000000000000000000022',
      '9.999999999999999e22',
    ])
      same(t)
  })
})

/**
 * The line rules as they were before the fast path (split on separators, Number() per token): the fast path
 * must read every text exactly as this does, values, shape and errors alike.
 */
function reference(text: string): { data: number[]; shape: [number, number] } | string {
  try {
    const r = parseTextSlow(text)
    return { data: Array.from(r.data), shape: r.shape }
  } catch (e) {
    return e instanceof LoadError ? e.code : 'other'
  }
}
function parseTextSlow(text: string) {
  // every line ends in a form feed: whitespace to trim() and split(/\s/), but not a separator of the fast path,
  // so every line is declined by it and goes through the general `line`
  return new TextParser().feed(text.replace(/\n/g, '\f\n')).finish()
}
const ours = (text: string, cut: number) => {
  try {
    const p = new TextParser()
    const r = p.feed(text.slice(0, cut)).feed(text.slice(cut)).finish()
    return { data: Array.from(r.data), shape: r.shape }
  } catch (e) {
    return e instanceof LoadError ? e.code : 'other'
  }
}

describe('TextParser: the fast path reads what the general line rules read', () => {
  const sep = fc.constantFrom(' ', ',', ';', '\t', ', ', ' ; ', '  ')
  const token = fc.oneof(
    { weight: 8, arbitrary: decimalToken },
    { weight: 1, arbitrary: fc.constantFrom('nan', 'inf', '-Infinity', 'abc', '0x1F', '1,5', '#', 'é') },
  )
  const line = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.array(token, { minLength: 0, maxLength: 4 }), sep) },
    { weight: 1, arbitrary: fc.constant([['# a comment'], ' '] as [string[], string]) },
  )
  const text = fc
    .tuple(fc.array(line, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([ls, nl, trailing]) => ls.map(([ts, s]) => ts.join(s)).join(nl) + (trailing ? nl : ''))

  it('same values, shape and errors, whole or cut anywhere', () => {
    fc.assert(
      fc.property(text, fc.nat(), (t, cut) => {
        expect(ours(t, cut % (t.length + 1))).toEqual(reference(t))
      }),
      { numRuns: 2000, seed: SEED },
    )
  })

  it('the value limit is checked by the fast path too', () => {
    const p = new TextParser(5)
    expect(() => p.feed('1\n2\n3\n4, 5\n6\n').finish()).toThrow(
      expect.objectContaining({ code: 'too-many-text' }),
    )
    expect(Array.from(new TextParser(5).feed('1\n2\n3\n4, 5\n').finish().data)).toEqual([1, 2, 3, 4, 5])
    expect(parseText('1,5;2,5;3,5').data.length).toBe(3)
  })
})

describe('asciiNumberText', () => {
  it('reads fullwidth digits, signs, points and U+2212 as ASCII and leaves every other character', () => {
    expect(asciiNumberText('－１．５，＋２')).toBe('-1.5，+2')
    expect(asciiNumberText('\u22121e\u22123')).toBe('-1e-3')
    fc.assert(
      fc.property(
        fc
          .array(
            fc.oneof(
              fc.constantFrom(...'０１５９＋－．\u2212，、ｅ'),
              fc.string({ unit: 'grapheme', maxLength: 2 }),
            ),
            {
              maxLength: 20,
            },
          )
          .map((a) => a.join('')),
        (t) => {
          const out = asciiNumberText(t)
          expect(out.length).toBe(t.length)
          for (let i = 0; i < t.length; i++) {
            const c = t.charCodeAt(i)
            const full = (c >= 0xff10 && c <= 0xff19) || c === 0xff0b || c === 0xff0d || c === 0xff0e
            const want = full ? String.fromCharCode(c - 0xfee0) : c === 0x2212 ? '-' : t[i]
            expect(out[i]).toBe(want)
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    )
  })
})
