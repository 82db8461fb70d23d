import { describe, expect, it } from 'vitest'
import { labelRows, labelWidth } from '../../src/charts/labelRows'

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
