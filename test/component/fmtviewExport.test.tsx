/**
 * The export under a number format: the numpy script used to write the integer grid of the format's width (int8
 * codes for FP8 E4M3) as if it were the view, and the JSON carried that grid's plan beside the format's x̂. Now the
 * script stops at the tensor and the panel says why, in the page's language, and the JSON carries the format's
 * scales instead of the integer plan.
 */
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useLab } from '../../src/lab/labStore'
import { useLabCompute } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { decodeLabParams } from '../../src/state/labParams'
import { ExportPanel } from '../../src/views/lab/ExportPanel'

vi.mock('../../src/lab/engineClient', () => import('../helpers/pageLabEngine'))
const downloads = vi.hoisted(() => [] as { name: string; data: Blob }[])
vi.mock('../../src/charts/exportChart', () => ({
  download: (name: string, data: Blob) => downloads.push({ name, data }),
}))

function Lab() {
  useLabCompute()
  return <ExportPanel />
}

async function lab(query: string, lang: 'en' | 'zh-CN' = 'en') {
  const { params } = decodeLabParams(new URLSearchParams(query))
  act(() => useApp.setState({ lang }))
  useLab.setState({ params, committed: params, summary: null, result: null, busy: null })
  const view = render(<Lab />)
  await waitFor(() => expect(useLab.getState().result).not.toBeNull(), { timeout: 3000 })
  return view
}

const button = (c: HTMLElement, name: string | RegExp) =>
  [...c.querySelectorAll('button')].find((b) =>
    typeof name === 'string' ? b.textContent === name : name.test(b.textContent),
  )!

afterEach(() => {
  act(() => useApp.setState({ lang: 'en' }))
  downloads.length = 0
})

describe('the numpy script under a number format', () => {
  it('says in both languages that it stops at the tensor, and writes no integer grid', async () => {
    const v = await lab('dist=normal&n=1000&fmt=e4m3')
    fireEvent.click(button(v.container, 'As numpy'))
    const code = v.container.querySelector('.snippet code')!.textContent
    expect(code).toContain('x = np.random.normal(0, 1, 1000)')
    expect(code).not.toContain('quant_tensor')
    expect(v.container.querySelector('[data-key="numpy-format"]')!.textContent).toContain(
      'FP8 E4M3’s rounding is not written in numpy',
    )
    v.unmount()
    const z = await lab('dist=normal&n=1000&fmt=nf4', 'zh-CN')
    fireEvent.click(button(z.container, /numpy/))
    expect(z.container.querySelector('[data-key="numpy-format"]')!.textContent).toContain(
      'NF4 的舍入没有用 numpy 写出来',
    )
    z.unmount()
  })

  it('the integer grid’s script comes without that note', async () => {
    const v = await lab('dist=normal&n=1000')
    fireEvent.click(button(v.container, 'As numpy'))
    expect(v.container.querySelector('.snippet code')!.textContent).toContain('quant_tensor')
    expect(v.container.querySelector('[data-key="numpy-format"]')).toBeNull()
    v.unmount()
  })
})

describe('the JSON export under a number format', () => {
  it('carries the format’s scale, not the integer grid’s plan', async () => {
    const v = await lab('dist=normal&n=1000&fmt=e4m3')
    fireEvent.click(button(v.container, 'JSON'))
    await waitFor(() => expect(downloads).toHaveLength(1))
    const body = JSON.parse(await downloads[0].data.text()) as Record<string, unknown>
    const r = useLab.getState().result!
    expect(body.plan).toBeUndefined()
    expect(body.formatScales).toMatchObject({
      granularity: 'tensor',
      scale: r.format!.scale,
      threshold: r.threshold,
    })
    expect(r.format!.scale).toBe(r.threshold / 448)
    // the format's levels used, counted
    expect(body.codesUsed).toBe(r.format!.levelCounts!.filter((c) => c > 0).length)
    expect(body.codesTotal).toBe(253)
    v.unmount()
  })

  it('with a scale per group, writes no codes used (not the integer grid’s)', async () => {
    const v = await lab('dist=normal&n=1024&fmt=nf4&gran=group&group=64')
    fireEvent.click(button(v.container, 'JSON'))
    await waitFor(() => expect(downloads).toHaveLength(1))
    const body = JSON.parse(await downloads[0].data.text()) as Record<string, unknown>
    expect(useLab.getState().result!.format!.levelCounts).toBeNull()
    expect(body.codesUsed).toBeNull()
    expect(body.codesTotal).toBe(16)
    v.unmount()
  })
})
