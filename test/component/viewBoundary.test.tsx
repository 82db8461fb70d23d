import { render } from '@testing-library/react'
import { useEffect } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { ViewBoundary } from '../../src/app/ViewBoundary'

// The Lab's panels sit in a boundary that a new tensor resets. It used to be reset with a `key`, which
// remounted every panel in one task on each new tensor; `resetKey` clears a caught failure and otherwise
// leaves the children mounted.
let mounts = 0
function Panel({ fail }: { fail: boolean }) {
  useEffect(() => {
    mounts++
  }, [])
  if (fail) throw new Error('chart broke')
  return <p data-testid="panel">fine</p>
}

describe('ViewBoundary resetKey', () => {
  it('keeps healthy children mounted when the key changes, and tries failed ones again', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    mounts = 0
    const { container, rerender } = render(
      <ViewBoundary name="panels" resetKey="a">
        <Panel fail={false} />
      </ViewBoundary>,
    )
    expect(mounts).toBe(1)
    rerender(
      <ViewBoundary name="panels" resetKey="b">
        <Panel fail={false} />
      </ViewBoundary>,
    )
    // a new key alone does not remount what did not fail
    expect(mounts).toBe(1)
    expect(container.querySelector('[data-testid="panel"]')).not.toBeNull()
    rerender(
      <ViewBoundary name="panels" resetKey="b">
        <Panel fail />
      </ViewBoundary>,
    )
    expect(container.querySelector('[data-view-failed="panels"]')).not.toBeNull()
    // the same key: the failure stays on screen
    rerender(
      <ViewBoundary name="panels" resetKey="b">
        <Panel fail={false} />
      </ViewBoundary>,
    )
    expect(container.querySelector('[data-view-failed="panels"]')).not.toBeNull()
    // a new key (a new tensor) tries the panels again
    rerender(
      <ViewBoundary name="panels" resetKey="c">
        <Panel fail={false} />
      </ViewBoundary>,
    )
    expect(container.querySelector('[data-view-failed="panels"]')).toBeNull()
    expect(container.querySelector('[data-testid="panel"]')?.textContent).toBe('fine')
    warn.mockRestore()
    error.mockRestore()
  })
})
