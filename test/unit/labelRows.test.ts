import { describe, expect, it } from 'vitest'
import { labelInk, labelRows, labelWidth, wrapLabel } from '../../src/charts/labelRows'
import { CALIBRATORS } from '../../src/registry/calibrators'

describe('labelRows', () => {
  it('keeps labels that are apart in the first row', () => {
    expect(
      labelRows(
        [
          { x: 10, width: 20 },
          { x: 100, width: 20 },
          { x: 200, width: 20 },
        ],
        3,
      ),
    ).toEqual([0, 0, 0])
  })

  it('stacks labels on the same spot in different rows', () => {
    const items = [0, 1, 2].map(() => ({ x: 50, width: 40 }))
    expect(new Set(labelRows(items, 3)).size).toBe(3)
  })

  it('puts a fourth coinciding label in the row with the most room, and orders by x not by input', () => {
    const rows = labelRows(
      [
        { x: 300, width: 30 },
        { x: 50, width: 40 },
        { x: 52, width: 40 },
        { x: 54, width: 40 },
        { x: 56, width: 40 },
      ],
      3,
    )
    expect(rows[0]).toBe(0)
    expect(rows.slice(1, 4)).toEqual([0, 1, 2])
    expect(rows[4]).toBe(0)
  })

  it('measures CJK labels wider than Latin ones', () => {
    expect(labelWidth('最大最小值')).toBeGreaterThan(labelWidth('Min-max'))
  })
})

describe('wrapLabel', () => {
  const en = 'P (with the outliers folded into the last bin) and Q (levels spread over non-empty bins)'
  const zh = 'P（离群值并入最后一个桶）和 Q（每级均分到非空的桶上）'

  it('keeps a label that fits on one line', () => {
    expect(wrapLabel(en, 2000)).toEqual([en])
  })

  it('breaks between words, every line within the width, and loses no word', () => {
    for (const w of [140, 200, 300, 420]) {
      const lines = wrapLabel(en, w)
      expect(lines.length).toBeGreaterThan(1)
      for (const l of lines) expect(labelWidth(l) * (12 / 11), `${w}: ${l}`).toBeLessThanOrEqual(w)
      expect(lines.join(' ')).toBe(en)
    }
  })

  it('breaks Chinese between characters', () => {
    const lines = wrapLabel(zh, 150)
    expect(lines.length).toBeGreaterThan(1)
    for (const l of lines) expect(labelWidth(l) * (12 / 11)).toBeLessThanOrEqual(150)
    // (a line may end at the space before Q, which the join then drops)
    expect(lines.join('').replace(/ /g, '')).toBe(zh.replace(/ /g, ''))
  })

  it('gives a word longer than the line a line of its own', () => {
    expect(wrapLabel('a verylongwordthatdoesnotfit b', 60)).toEqual(['a', 'verylongwordthatdoesnotfit', 'b'])
  })
})

describe('label ink', () => {
  /** WCAG relative luminance and contrast against white */
  const contrast = (rgb: string) => {
    const [r, g, b] = /rgb\((\d+), (\d+), (\d+)\)/
      .exec(rgb)!
      .slice(1)
      .map((v) => {
        const c = Number(v) / 255
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)
  }
  it('darkens every calibrator colour past 4.5 : 1 on white, for 11 px labels', () => {
    for (const c of Object.values(CALIBRATORS))
      expect(contrast(labelInk(c.color)), c.color).toBeGreaterThan(4.5)
  })
  it('leaves what it cannot read alone', () => {
    expect(labelInk('currentColor')).toBe('currentColor')
  })
})
