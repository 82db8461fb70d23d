// The accuracy view's lower panels (confusion matrix, misclassified images) take each result one render after
// the figure: a result arrives in a transition, where useDeferredValue does not defer.
import { act, render } from '@testing-library/react'
import { startTransition, useLayoutEffect, useState } from 'react'
import { describe, expect, it } from 'vitest'
import { useAfterCommit } from '../../src/lab/useAfterCommit'

describe('useAfterCommit', () => {
  it('commits a new value first with the old one lagging, then the lagging one catches up', async () => {
    const commits: [number, number][] = []
    let set: (v: number) => void = () => undefined
    function Probe() {
      const [v, setV] = useState(1)
      set = setV
      const later = useAfterCommit(v)
      useLayoutEffect(() => {
        commits.push([v, later])
      })
      return (
        <output>
          {v}/{later}
        </output>
      )
    }
    const { container } = render(<Probe />)
    expect(commits).toEqual([[1, 1]])
    // as a result arrives: set in a transition
    act(() => {
      startTransition(() => set(2))
    })
    // the figure's render was committed with the old lower panels …
    expect(commits).toContainEqual([2, 1])
    // … and once its own task has run, they follow
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20))
    })
    expect(commits.at(-1)).toEqual([2, 2])
    expect(container.textContent).toBe('2/2')
    // a value that comes back before the lagging one caught up: the lagging one never shows it
    act(() => {
      startTransition(() => set(3))
    })
    expect(commits.at(-1)).toEqual([3, 2])
    act(() => {
      startTransition(() => set(2))
    })
    await act(async () => {
      await new Promise((r) => setTimeout(r, 20))
    })
    expect(commits.at(-1)).toEqual([2, 2])
    expect(commits.some(([, later]) => later === 3)).toBe(false)
  })
})
