// What the chapters' "try" boxes and prose say about widgets whose figures are computed inside the component
// (no live @{…} number quotes them): each claim read off the widget as React draws it, in its default state or
// in the state the text asks for (set through the chapter's query, as the sliders set it).
import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { formatLive, liveValues } from '../../src/learn/live'
import { useApp } from '../../src/state/appStore'
import { ActRange } from '../../src/views/learn/widgets/ActRange'
import { Affine } from '../../src/views/learn/widgets/Affine'
import { Calibrators } from '../../src/views/learn/widgets/Calibrators'
import { ConventionsTable } from '../../src/views/learn/widgets/ConventionsTable'
import { FormatGridWidget, SmoothQuantWidget } from '../../src/views/learn/widgets/Formats'

function withQuery(query: string) {
  act(() => useApp.setState({ lang: 'en', query: new URLSearchParams(query) }))
}

afterEach(() => act(() => useApp.setState({ lang: 'en', query: new URLSearchParams() })))

/** The table's body rows as text cells (row header first). */
function tableRows(table: Element): string[][] {
  return [...table.querySelectorAll('tbody tr')].map((tr) =>
    [...tr.children].map((c) => (c.textContent ?? '').trim()),
  )
}

const num = (s: string) => Number(s.replace(/\s*dB$/, ''))

describe('symmetric chapter: the activations table (act-range)', () => {
  function read() {
    const { getByTestId, unmount } = render(<ActRange />)
    const rows = tableRows(getByTestId('act-range').querySelector('table')!)
    unmount()
    // scheme, scale, zero point, codes used ("105 / 256"), MSE, SQNR
    const by = (label: RegExp) => {
      const r = rows.find((row) => label.test(row[0]))!
      return { scale: num(r[1]), zp: num(r[2]), used: Number(r[3].split(' / ')[0]), mse: num(r[4]) }
    }
    return { sym: by(/^int8 symmetric/), asym: by(/^int8 \+ zero point/), u8: by(/^uint8/) }
  }

  it('ReLU(normal), the default: symmetric uses at most its non-negative half, a step twice as coarse, an MSE several times larger', () => {
    withQuery('')
    const { sym, asym, u8 } = read()
    expect(sym.used).toBeLessThanOrEqual(128)
    expect(asym.used).toBeGreaterThan(128)
    expect(sym.scale / asym.scale).toBeGreaterThan(1.9)
    expect(sym.scale / asym.scale).toBeLessThan(2.1)
    expect(sym.mse / asym.mse).toBeGreaterThan(3)
    expect(sym.mse / asym.mse).toBeLessThan(10)
    // uint8 with its zero point at 0 is the same grid as int8 with −128
    expect(u8.mse).toBe(asym.mse)
  })

  it('normal data: symmetric int8 is as good as the others', () => {
    withQuery('adist=normal')
    const { sym, asym, u8 } = read()
    expect(sym.mse / asym.mse).toBeLessThan(1.05)
    expect(sym.mse / u8.mse).toBeLessThan(1.05)
  })
})

describe('symmetric chapter: the affine widget', () => {
  it('the default [−3, 4]: labels code −b_q as standing for the value the prose quotes', () => {
    withQuery('')
    const { container } = render(<Affine />)
    const v = liveValues()
    expect(container.textContent).toContain(
      `code ${-v['asym.bQ']} (which stands for ${formatLive(v['asym.zeroNotes'], 5)})`,
    )
  })

  it('β = 0: the symmetric grid leaves almost half of its codes outside the data', () => {
    withQuery('beta=0')
    const { container } = render(<Affine />)
    const wasted = Number(/leaving (\d+) of 255 codes/.exec(container.textContent ?? '')![1])
    expect(wasted / 255).toBeGreaterThan(0.45)
    expect(wasted / 255).toBeLessThan(0.5)
  })
})

describe('conventions chapter: the table', () => {
  function rows() {
    const { getByTestId, unmount } = render(<ConventionsTable />)
    const table = getByTestId('conventions-table').querySelector('table')!
    const out = [...table.querySelectorAll('tbody tr')].map((tr) => {
      const cells = [...tr.children].map((c) => (c.textContent ?? '').trim())
      // system, divisor, scale, zero point, code range, code of max, MSE
      return {
        id: tr.getAttribute('data-testid')!,
        scale: Number(cells[2]),
        zp: Number(cells[3]),
        codeOfMax: cells[5],
      }
    })
    unmount()
    return out
  }

  it('the default tensor: TVM’s maximum lands beyond 127 and is clipped to it', () => {
    withQuery('')
    const tvm = rows().find((r) => r.id === 'conv-tvm-sym')!
    expect(tvm.codeOfMax).toBe('127 ← 128')
  })

  it('uniform(−0.5, 2): the asymmetric rows get a zero point and a finer scale; the symmetric rows waste the codes below −0.5', () => {
    withQuery('tensor=skewed')
    const all = rows()
    const asym = all.filter((r) => r.id.endsWith('-asym'))
    const sym = all.filter((r) => r.id.endsWith('-sym'))
    expect(asym.length).toBeGreaterThan(0)
    for (const a of asym) {
      expect(a.zp, a.id).not.toBe(0)
      for (const s of sym) expect(a.scale, `${a.id} vs ${s.id}`).toBeLessThan(s.scale)
    }
    // −0.5 on each symmetric grid is about code −32 of −127: the codes below it never occur
    for (const s of sym) expect(-0.5 / s.scale, s.id).toBeGreaterThan(-40)
  })
})

describe('formats chapter', () => {
  it('the format table: on normal weights NF4 beats int4 and the 4-bit float E2M1', () => {
    withQuery('')
    const { getByTestId } = render(<FormatGridWidget />)
    const sqnr = Object.fromEntries(tableRows(getByTestId('format-grid-table')).map((r) => [r[0], num(r[3])]))
    expect(sqnr.NF4).toBeGreaterThan(sqnr.int4)
    expect(sqnr.NF4).toBeGreaterThan(sqnr.E2M1)
  })

  describe('SmoothQuant', () => {
    function read() {
      const { getByTestId, unmount } = render(<SmoothQuantWidget />)
      const panel = getByTestId('smooth-quant')
      const m =
        /SQNR ([\d.]+) dB without smoothing, ([\d.]+) dB at α = [\d.]+; the best α here is ([\d.]+)/.exec(
          getByTestId('sq-summary').textContent ?? '',
        )!
      const maxes = [...panel.querySelectorAll('.metrics-table td')].map((td) =>
        (td.textContent ?? '').split(' → ').map(Number),
      )
      unmount()
      return { before: Number(m[1]), after: Number(m[2]), best: Number(m[3]), x: maxes[0], w: maxes[1] }
    }

    it('α = 0 keeps the outliers in X: no better than no smoothing', () => {
      withQuery('alpha=0')
      const r = read()
      expect(r.after).toBeLessThanOrEqual(r.before)
    })

    it('α = 1 flattens X and moves the outliers into W; the best α lies in between, near 0.5', () => {
      withQuery('alpha=1')
      const r = read()
      // every input channel of X′ has the same largest |x|: 1
      expect(r.x[1]).toBe(1)
      expect(r.w[1]).toBeGreaterThan(10 * r.w[0])
      expect(r.best).toBeGreaterThan(0.3)
      expect(r.best).toBeLessThan(0.7)
    })

    it('per-token scales for X help, but less than smoothing does here', () => {
      withQuery('')
      const tensor = read()
      withQuery('tok=1')
      const token = read()
      expect(token.before).toBeGreaterThan(tensor.before)
      expect(token.before).toBeLessThan(tensor.after)
    })
  })
})

describe('calibration chapter: the four calibrators’ caption', () => {
  it('names the calibrators the table marks lowest, in both languages, a Chinese name quoted, not spaced', () => {
    for (const query of ['', 'cdist=normal']) {
      withQuery(query)
      const { container, getByTestId, unmount } = render(<Calibrators />)
      const marked = (col: 'mse' | 'inl') =>
        ['minmax', 'percentile', 'entropy', 'mse'].filter((c) =>
          (getByTestId(`calib-${col}-${c}`).textContent ?? '').includes('←'),
        )
      const [best] = marked('mse')
      const [bestInl] = marked('inl')
      expect(marked('mse')).toHaveLength(1)
      expect(marked('inl')).toHaveLength(1)
      const caption = () => container.querySelector('.chart-summary')!.textContent ?? ''
      const rowName = (c: string) =>
        (getByTestId(`calib-t-${c}`).parentElement!.querySelector('th')!.textContent ?? '').trim()
      expect(caption()).toContain(`Lowest error over all values: ${rowName(best)};`)
      expect(caption()).toContain(`not injected outliers: ${rowName(bestInl)}.`)
      act(() => useApp.setState({ lang: 'zh-CN' }))
      expect(caption()).toContain(`误差最小的是“${rowName(best)}”；`)
      expect(caption()).toContain(`最小的是“${rowName(bestInl)}”。`)
      // no space between a Chinese character and a quoted name
      expect(caption()).not.toMatch(/[\u4e00-\u9fff] “|” [\u4e00-\u9fff]/)
      unmount()
    }
  })
})
