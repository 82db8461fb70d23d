import { describe, expect, it } from 'vitest'
import { validLoadedRecord } from '../../src/lab/loadedDb'
import { engineReason } from '../../src/lab/useLabCompute'

describe('the loaded tensor saved on this device', () => {
  const data = new Float64Array(12)

  it('is used as saved when its shape holds its data', () => {
    expect(validLoadedRecord({ name: 'w.npy', data, shape: [3, 4], dropped: 2 })).toEqual({
      name: 'w.npy',
      data,
      shape: [3, 4],
      dropped: 2,
    })
    // a record without a count of dropped values (or a bad one) counts none
    expect(validLoadedRecord({ name: 'w', data, shape: [1, 12], dropped: -1 })?.dropped).toBe(0)
  })

  it('is treated as absent when damaged or from another version', () => {
    for (const bad of [
      null,
      'x',
      { name: 'w', data, shape: [3, 3] },
      { name: 'w', data, shape: [3, 4, 1] },
      { name: 'w', data, shape: [0, 12] },
      { name: 'w', data, shape: [1.5, 8] },
      { name: 'w', data, shape: ['3', '4'] },
      { name: 'w', data: Array.from(data), shape: [3, 4] },
      { name: 42, data, shape: [3, 4] },
    ])
      expect(validLoadedRecord(bad)).toBeNull()
  })

  it('an engine refusal of its shape has a message of its own', () => {
    expect(engineReason(new Error('shape: 3 × 3 ≠ 12'))).toEqual({
      key: 'load.reasonShape',
      detail: '3 × 3 ≠ 12',
    })
  })
})
