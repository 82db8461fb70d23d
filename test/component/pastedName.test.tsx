import { act, fireEvent, render, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useLab } from '../../src/lab/labStore'
import { PASTED_NAME } from '../../src/lab/loadedName'
import { useApp } from '../../src/state/appStore'
import { defaultLabParams } from '../../src/state/labParams'
import { LoadPanel } from '../../src/views/lab/LoadPanel'
import { Messages } from '../../src/views/lab/Messages'
import { writeNpy } from '../helpers/writeNpy'

describe('pasted numbers', () => {
  it('are stored under a language-neutral name and shown in the current language', async () => {
    act(() => {
      useApp.setState({ lang: 'zh-CN' })
      const p = { ...defaultLabParams(), dist: 'loaded' as const }
      useLab.setState({ params: p, committed: p, loaded: null, messages: [] })
    })
    const { container } = render(
      <>
        <LoadPanel />
        <Messages />
      </>,
    )
    fireEvent.change(container.querySelector('#paste-box')!, { target: { value: '0.5 -1 2 0.25' } })
    const use = Array.from(container.querySelectorAll('button')).find(
      (b) => b.textContent === '使用粘贴的数字',
    )!
    act(() => use.click())
    await waitFor(() => expect(useLab.getState().loaded).not.toBeNull(), { timeout: 5000 })
    expect(useLab.getState().loaded!.name).toBe(PASTED_NAME)
    const current = () => container.querySelector('p.muted[aria-live]')?.textContent ?? ''
    expect(current()).toContain('粘贴的数字')
    const said = () => container.textContent ?? ''
    await waitFor(() => expect(said()).toContain('已载入 粘贴的数字：'))
    act(() => useApp.setState({ lang: 'en' }))
    expect(current()).toContain('pasted numbers')
    expect(said()).not.toContain('粘贴的数字')
    expect(said()).not.toContain(PASTED_NAME)
  })

  it('a word that is not a number: the file’s line and the word, each in its place (zh-CN)', async () => {
    act(() => {
      useApp.setState({ lang: 'zh-CN' })
      const p = { ...defaultLabParams(), dist: 'loaded' as const }
      useLab.setState({ params: p, committed: p, loaded: null, messages: [] })
    })
    const { container } = render(
      <>
        <LoadPanel />
        <Messages />
      </>,
    )
    fireEvent.change(container.querySelector('#paste-box')!, {
      target: { value: '# a comment\n\n1,2\n3,foo' },
    })
    const use = Array.from(container.querySelectorAll('button')).find(
      (b) => b.textContent === '使用粘贴的数字',
    )!
    act(() => use.click())
    await waitFor(
      () => expect(container.textContent).toContain('“粘贴的数字”中有不是数字的内容（第 4 行：foo）。'),
      {
        timeout: 5000,
      },
    )
    expect(useLab.getState().loaded).toBeNull()
  })

  it('a file announcing more values than the Lab takes names the count in the shared integer format', async () => {
    act(() => {
      useApp.setState({ lang: 'zh-CN' })
      useLab.setState({ messages: [] })
    })
    const { container } = render(
      <>
        <LoadPanel />
        <Messages />
      </>,
    )
    // a .npy header whose shape announces 10^22 values (no data follows)
    const file = new File([writeNpy([], [1e11, 1e11])], 'huge.npy')
    fireEvent.change(container.querySelector('[data-testid="file-input"]')!, { target: { files: [file] } })
    await waitFor(() => expect(container.textContent).toContain('有 10,000,000,000,000,000,000,000 个值'), {
      timeout: 5000,
    })
    expect(container.textContent).not.toContain('1e+22')
  })
})
