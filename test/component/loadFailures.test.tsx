import { act, render } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { ViewBoundary } from '../../src/app/ViewBoundary'
import { useApp } from '../../src/state/appStore'

function Chunk(): never {
  throw new TypeError(
    'Failed to fetch dynamically imported module: https://example.test/assets/LabPage-x1y2.js',
  )
}
function Broken(): never {
  throw new Error('chart broke')
}

describe('a part of the app that could not be downloaded', () => {
  it('is said in the user’s language, without the browser’s English sentence', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const { container, unmount } = render(
      <ViewBoundary name="lab">
        <Chunk />
      </ViewBoundary>,
    )
    const text = container.querySelector('[data-view-failed="lab"] p')?.textContent ?? ''
    expect(text).toBe(
      '这部分页面没能加载：页面可能已离线，或者应用刚发布了新版本。应用的其他部分仍然可用；重新加载页面即可再试。',
    )
    unmount()
    // any other failure still says what broke
    const other = render(
      <ViewBoundary name="lab">
        <Broken />
      </ViewBoundary>,
    )
    expect(other.container.querySelector('[data-view-failed="lab"] p')?.textContent).toContain('chart broke')
    other.unmount()
    warn.mockRestore()
    error.mockRestore()
  })
})
