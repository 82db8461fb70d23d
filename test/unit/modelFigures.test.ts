import { describe, expect, it } from 'vitest'
import { spread } from '../../src/views/model/figures'

describe('the model table’s channel-range spread', () => {
  it('writes a ratio so it can be read at every size', () => {
    expect(spread(3.21, 'en')).toBe('3.2×')
    expect(spread(1055446.5, 'en')).toBe('1,055,447×')
    // a channel of zeros beside one of 1e38 wrote all 39 digits ("3.3999999521443642e+38×" before that)
    expect(spread(3.3999999521443642e38, 'en')).toBe('3.4e38×')
    expect(spread(Infinity, 'zh-CN')).toBe('∞×')
    expect(spread(NaN, 'en')).toBe('—')
  })
})
