import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadUserPresets, UNREADABLE_KEY, validPatch } from '../../src/lab/presets'
import { traitorPreset, useLab } from '../../src/lab/labStore'
import { useApp } from '../../src/state/appStore'
import { SourceControls } from '../../src/views/lab/SourceControls'

const KEY = 'quantlab.presets.v1'

describe('presets from storage go through the link codec', () => {
  afterEach(() => {
    localStorage.removeItem(KEY)
    localStorage.removeItem(UNREADABLE_KEY)
    vi.unstubAllGlobals()
  })

  it('refuses a planted preset and keeps the good ones', () => {
    localStorage.setItem(
      KEY,
      JSON.stringify([
        { id: 'user-1', name: 'planted', patch: { dist: '<img src=x onerror=alert(1)>', t: 'abc' } },
        { id: 'user-2', name: 'mine', patch: { dist: 'laplace', n: 5000, conv: 'pytorch' } },
        { id: 'user-3', name: 'huge', patch: { n: 1e12 } },
        { id: 'user-4', name: 'unknown', patch: { zzz: 1 } },
      ]),
    )
    const { presets, rejected } = loadUserPresets()
    expect(presets.map((p) => p.name)).toEqual(['mine'])
    expect(presets[0].patch).toEqual({ dist: 'laplace', n: 5000, conv: 'pytorch' })
    expect(rejected).toEqual(['planted', 'huge', 'unknown'])
    expect(validPatch({ dist: '<img>', t: 'abc' })).toBeNull()
    expect(validPatch('nope')).toBeNull()
  })

  it('says so in the Lab’s controls instead of blanking the page', () => {
    localStorage.setItem(
      KEY,
      JSON.stringify([{ id: 'user-1', name: '<b>x</b>', patch: { dist: '<img>', t: 'abc' } }]),
    )
    act(() => {
      useApp.setState({ lang: 'en' })
      const p = traitorPreset()
      useLab.setState({ params: p, committed: p, past: [], future: [] })
    })
    const { container } = render(<SourceControls />)
    const notice = container.querySelector('[data-message="preset-rejected"]')
    expect(notice?.textContent).toBe(
      'Saved presets that are not valid settings were skipped (they stay saved on this device): <b>x</b>.',
    )
    expect(container.querySelector('b, img')).toBeNull()
    expect(container.querySelector('select[name="dist"]')).not.toBeNull()
    const options = Array.from(container.querySelectorAll('select[name="preset"] option')).map(
      (o) => o.textContent,
    )
    expect(options).not.toContain('<b>x</b>')
  })

  it('says when the outliers no longer land in the tensor (its size lowered after they were placed)', () => {
    act(() => {
      useApp.setState({ lang: 'zh-CN' })
      const p = { ...traitorPreset(), n: 100, at: 150 }
      useLab.setState({ params: p, committed: p, past: [], future: [] })
    })
    const { container, unmount } = render(<SourceControls />)
    expect(container.querySelector('[data-message="outlier-fit"]')?.textContent).toBe(
      '位置 150 已在最后一个值（99）之后：没有注入离群值。',
    )
    unmount()
    act(() => {
      const p = { ...traitorPreset(), n: 100, at: 98, outliers: 5 }
      useLab.setState({ params: p, committed: p })
      useApp.setState({ lang: 'en' })
    })
    const again = render(<SourceControls />)
    expect(again.container.querySelector('[data-message="outlier-fit"]')?.textContent).toBe(
      'Only 2 of the 5 outliers fit between position 98 and the last value (99).',
    )
    again.unmount()
    act(() => {
      const p = traitorPreset()
      useLab.setState({ params: p, committed: p })
    })
    expect(render(<SourceControls />).container.querySelector('[data-message="outlier-fit"]')).toBeNull()
  })

  it('saves outliers placed past the end so that they load again, and keeps refused stored presets', () => {
    const refused = { id: 'user-1', name: 'old', patch: { zzz: 1 } }
    localStorage.setItem(KEY, JSON.stringify([refused]))
    act(() => {
      useApp.setState({ lang: 'zh-CN' })
      // the finding: outlier at 9,999, then N lowered to 100 (the page says that no outlier is injected)
      const p = { ...traitorPreset(), at: 9999, n: 100 }
      useLab.setState({ params: p, committed: p, past: [], future: [], messages: [] })
    })
    vi.stubGlobal('prompt', () => 'past the end')
    const { container } = render(<SourceControls />)
    const save = Array.from(container.querySelectorAll('button')).find((b) => b.textContent === '另存为预设')
    act(() => save!.click())
    const stored = JSON.parse(localStorage.getItem(KEY)!) as { name: string }[]
    expect(stored.map((x) => x.name)).toEqual(['old', 'past the end'])
    expect(stored[0]).toEqual(refused)
    // at the next load the new preset is read back as saved; the refused one is still skipped, not deleted
    const { presets, rejected } = loadUserPresets()
    expect(presets.map((x) => [x.name, x.patch.at, x.patch.n])).toEqual([['past the end', 9999, 100]])
    expect(rejected).toEqual(['old'])
    expect(useLab.getState().messages).toEqual([])
  })

  it('refuses to save settings the link codec would refuse, and says so', () => {
    act(() => {
      useApp.setState({ lang: 'en' })
      const p = { ...traitorPreset(), t: 1e31 }
      useLab.setState({ params: p, committed: p, past: [], future: [], messages: [] })
    })
    vi.stubGlobal('prompt', () => 'too far')
    const { container } = render(<SourceControls />)
    const save = Array.from(container.querySelectorAll('button')).find(
      (b) => b.textContent === 'Save as preset',
    )
    act(() => save!.click())
    expect(localStorage.getItem(KEY)).toBeNull()
    expect(useLab.getState().messages.map((m) => [m.kind, m.key, m.vars])).toEqual([
      ['error', 'preset.notSaved', { name: 'too far' }],
    ])
  })

  it('moves stored text that is not a list aside before saving, rather than overwriting it', () => {
    localStorage.setItem(KEY, '{not json')
    act(() => {
      const p = traitorPreset()
      useLab.setState({ params: p, committed: p, past: [], future: [], messages: [] })
    })
    vi.stubGlobal('prompt', () => 'new')
    const { container } = render(<SourceControls />)
    expect(container.querySelector('[data-message="preset-rejected"]')).not.toBeNull()
    const save = Array.from(container.querySelectorAll('button')).find(
      (b) => b.textContent === 'Save as preset',
    )
    act(() => save!.click())
    expect(localStorage.getItem(UNREADABLE_KEY)).toBe('{not json')
    expect(loadUserPresets().presets.map((x) => x.name)).toEqual(['new'])
  })

  it('survives storage that is not JSON', () => {
    localStorage.setItem(KEY, '{not json')
    expect(loadUserPresets().presets).toEqual([])
  })
})
