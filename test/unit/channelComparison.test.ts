// The per-channel panel's sentence: a factor that shows as 1 ("1× smaller", "仅为前者的 1/1") is "about the same".
import { describe, expect, it } from 'vitest'
import { translate } from '../../src/i18n'
import { channelComparison } from '../../src/views/lab/ChannelPanel'

describe('channelComparison', () => {
  it('says “about the same” when the factor rounds to 1 at the digits shown, in both directions', () => {
    expect(channelComparison(5.162e-6, 5.16e-6)).toEqual({ key: 'ch.summaryAbout', gain: '1' })
    expect(channelComparison(5.16e-6, 5.162e-6)).toEqual({ key: 'ch.summaryAbout', gain: '1' })
    const en = translate('en', 'ch.summaryAbout', {
      rows: 2,
      cols: 3,
      tensor: '5.162e-6',
      channel: '5.16e-6',
    })
    expect(en).toContain('about the same')
    expect(en).not.toMatch(/1× (smaller|larger)/)
    expect(
      translate('zh-CN', 'ch.summaryAbout', { rows: 2, cols: 3, tensor: 'a', channel: 'b' }),
    ).not.toContain('1/1')
  })

  it('names the factor when it shows as more than 1, and equal values as the same', () => {
    expect(channelComparison(5.2e-6, 5.16e-6)).toEqual({ key: 'ch.summary', gain: '1.01' })
    expect(channelComparison(1e-6, 3e-6)).toEqual({ key: 'ch.summaryWorse', gain: '3' })
    expect(channelComparison(2e-6, 2e-6).key).toBe('ch.summarySame')
    expect(channelComparison(0, 0).key).toBe('ch.summarySame')
  })
})
