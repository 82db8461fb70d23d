import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import seedNotes from '../fixtures/seed-notes.json'
import { fmt } from '../../src/charts/format'
import { computeAdd, computeDense, OVERFLOW_CODE, ZERO_POINT_CODE } from '../../src/engine/ops'
import { OpsHead } from '../../src/views/ops/useOpsModel'
import { useApp } from '../../src/state/appStore'
import { decodeAddParams, decodeDenseParams } from '../../src/state/opsParams'
import AddView from '../../src/views/ops/AddView'
import DenseView from '../../src/views/ops/DenseView'

// happy-dom has no Web Worker: the views talk to the OpsEngine directly (same async interface).
// the views compute asynchronously: on a loaded machine they can take a few seconds
describe('ops views embedded in a chapter', { timeout: 20_000 }, () => {
  it('renders the add view from its own parameters and leaves the page link alone', async () => {
    act(() => useApp.setState({ lang: 'en' }))
    const before = useApp.getState().query.toString()
    const { container } = render(<AddView embed="n=200&aoutlier=10" />)
    const s = computeAdd(decodeAddParams(new URLSearchParams('n=200&aoutlier=10')).params).summary
    await waitFor(
      () =>
        expect(container.querySelector('.summary-item[data-key="wa"] dd')?.textContent).toBe(fmt(s.a.w, 10)),
      // the first render of the file loads the view's modules: more than waitFor's default 1 s on a busy machine
      { timeout: 15_000 },
    )
    expect(container.querySelector('h2.lab-title')).not.toBeNull()
    expect(container.querySelector('h1')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Show the computation of element 3' }))
    await waitFor(() =>
      expect(container.querySelector('[data-panel="breakdown"][data-element="3"]')).not.toBeNull(),
    )
    expect(useApp.getState().query.toString()).toBe(before)
  }, 30_000)

  it('shows the notes’ add experiment by default, and with the traitor (goldens)', async () => {
    act(() => useApp.setState({ lang: 'en' }))
    for (const [q, g] of [
      ['', seedNotes.add.clean_asymmetric],
      ['aoutlier=10', seedNotes.add.traitor_asymmetric],
    ] as const) {
      const { container, unmount } = render(<AddView embed={q} />)
      const dd = (k: string) => container.querySelector(`.summary-item[data-key="${k}"] dd`)?.textContent
      await waitFor(() => expect(dd('wa')).toBe(fmt(g.w1, 10)), { timeout: 15_000 })
      expect(dd('ba')).toBe(fmt(g.b1, 10))
      expect(dd('wb')).toBe(fmt(g.w2, 10))
      expect(dd('bb')).toBe(fmt(g.b2, 10))
      const mismatched = g['allclose_atol0.01_rtol0.01'].mismatched
      expect(dd('mismatched')).toBe(`${mismatched.toLocaleString('en-US')} / 10,000`)
      const verdict = container.querySelector('[data-panel="verdict"]')!
      expect(verdict.getAttribute('data-mismatched')).toBe(String(mismatched))
      expect(verdict.querySelector('tr[data-key="q1"] td')?.textContent).toBe(g.q1_first5.join(', '))
      expect(verdict.querySelector('tr[data-key="q2"] td')?.textContent).toBe(g.q2_first5.join(', '))
      unmount()
    }
  }, 40_000)

  it('says the traitor’s failing verdict in Chinese, numpy’s own line quoted as code', async () => {
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const mm = seedNotes.add.traitor_asymmetric['allclose_atol0.01_rtol0.01'].mismatched
    const { container, unmount } = render(<AddView embed="aoutlier=10" />)
    const verdict = await waitFor(
      () => {
        const el = container.querySelector('[data-panel="verdict"] [data-key="verdict"]')
        expect(el).not.toBeNull()
        return el!
      },
      { timeout: 15_000 },
    )
    // numpy's line as numpy prints it (digits not grouped, its percentage to 3 significant digits), as code
    const code = verdict.querySelector('code[data-key="numpy-line"]')
    expect(code?.textContent).toBe(`Mismatched elements: ${mm} / 10000 (19.8%)`)
    // the sentence itself is Chinese: no English word but the check's own symbols (x1, atol, rtol, exp) and
    // numpy's name
    const prose = (verdict.textContent ?? '').replace(code!.textContent, '')
    expect(prose).toContain(`不通过：笔记中 c 的 10,000 个元素里有 ${mm.toLocaleString('en-US')} 个不在`)
    expect(prose).not.toContain('Mismatched')
    const words = (prose.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []).filter(
      (w) => !['c', 'x1', 'x2', 'atol', 'rtol', 'exp', 'numpy'].includes(w),
    )
    expect(words).toEqual([])
    unmount()
    act(() => useApp.setState({ lang: 'en' }))
  }, 30_000)

  it('renders the dense view and switches to per-channel weights locally', async () => {
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const { container } = render(<DenseView embed="k=8&nout=4" />)
    const s = computeDense(decodeDenseParams(new URLSearchParams('k=8&nout=4&wgran=channel')).params).summary
    await waitFor(() => expect(container.querySelectorAll('.ops-cell')).toHaveLength(4), { timeout: 15_000 })
    expect(container.textContent).toContain('量化全连接：用整数计算')
    fireEvent.click(screen.getByRole('radio', { name: '逐通道' }))
    await waitFor(
      () => expect(container.querySelectorAll('[data-panel="multipliers"] tbody tr')).toHaveLength(4),
      { timeout: 15_000 },
    )
    expect(container.querySelector('.summary-item[data-key="mse"] dd')?.textContent).toBe(
      fmt(s.metrics.mse, 6),
    )
    expect(container.querySelector('[data-mult="3"] td:nth-child(4)')?.textContent).toBe(
      String(s.multipliers[3]),
    )
  }, 30_000)
})

describe('the ops views’ error messages', () => {
  it('a zero point past 2^53 gets a message of its own in the user’s language; other errors say the computation failed', () => {
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const head = (error: string) =>
      render(<OpsHead view="add" embedded={false} notices={[]} error={error} busy={false} missing={false} />)
    const a = head(`${ZERO_POINT_CODE}: -243381480106666800`)
    const text = a.container.querySelector('.notice.error')?.textContent ?? ''
    expect(text).toContain('零点写法')
    expect(text).toContain('-243381480106666800')
    expect(text).not.toContain(ZERO_POINT_CODE)
    a.unmount()
    const o = head(`${OVERFLOW_CODE}: mseCalibrate: edges up to 1e300`)
    expect(o.container.querySelector('.notice.error')?.textContent).toContain('请把数据缩小')
    o.unmount()
    const b = head('boom')
    expect(b.container.querySelector('.notice.error')?.textContent).toBe('计算失败：boom')
    b.unmount()
    act(() => useApp.setState({ lang: 'en' }))
  })
})
