// The Lab's histogram, per channel: the summary gave the data's range ("from −29.7343 to 20.986"), then said
// the shaded −29.7343 … 29.7343 "is the whole tensor's range" (zh-CN: 是整个张量的范围), two different ranges
// under one name. The shaded range is where one grid for the whole tensor would clip.
import { act } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { useApp } from '../../src/state/appStore'
import { decodeLabParams } from '../../src/state/labParams'
import { renderCountedHistogram, storeLabResult } from '../helpers/labView'

describe('the per-channel histogram’s summary', () => {
  afterEach(() => act(() => useApp.setState({ lang: 'en' })))

  for (const lang of ['en', 'zh-CN'] as const) {
    it(`names the shaded range for what it is (${lang})`, () => {
      act(() => useApp.setState({ lang }))
      const { params } = decodeLabParams(new URLSearchParams('dist=normal&gran=channel&rows=8&spread=4'))
      const result = storeLabResult(params)
      expect(result.perChannel).toBeTruthy()
      const { container } = renderCountedHistogram()
      const text = container.textContent
      if (lang === 'en') {
        expect(text).not.toContain('is the whole tensor’s')
        expect(text).toMatch(
          /The shaded range, \S+ to \S+, is where one grid for the whole tensor would clip\./,
        )
      } else {
        expect(text).not.toContain('是整个张量的范围')
        expect(text).toMatch(/阴影标出的 \S+ 到 \S+ 是整个张量共用一个网格时的裁剪范围。/)
      }
    })
  }
})
