/**
 * Layout the reviewer found broken, checked where a component decides it (happy-dom has no layout, so the
 * checks are on what the components draw and mark, computed from their own constants):
 * - the confusion matrix's axis titles sit outside the bands of the digits they name (they were drawn over
 *   the column digits 3 and 4);
 * - the Lab's (and the accuracy page's) summary cards never break a number: every digit is inside a no-break span, and the card knows
 *   its longest unbreakable run (for the smaller font when the run is wider than the card);
 * - a wrongly answered test image's logits table is under the digit, across the card, not squeezed into the
 *   text column beside the digit (it spilled into the next card);
 * - a result panel of the add view keeps a range in a label on one line ("−128 or 127").
 */
import { act, render } from '@testing-library/react'
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { EvalView } from '../../src/engine/accuracyTypes'
import { useLab } from '../../src/lab/labStore'
import { useLabCompute } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'
import { MissesPanel } from '../../src/views/accuracy/AccuracyPage'
import { CM_TYPE, ConfusionMatrix, confusionLayout } from '../../src/views/accuracy/charts'
import { SummaryStrip, longestRun, NoBreakNumbers } from '../../src/views/lab/SummaryStrip'
import { KV } from '../../src/views/ops/common'

vi.mock('../../src/lab/engineClient', () => import('../helpers/pageLabEngine'))

const num = (el: Element, name: string) => Number(el.getAttribute(name))
const fontSize = (el: Element) => parseFloat((el as SVGElement).style.fontSize)

describe('the confusion matrix', () => {
  it('keeps each axis title out of the band of the digits it names, at every size it draws', () => {
    for (let size = 200; size <= 360; size += 8) {
      const L = confusionLayout(size)
      // column title [.., titleBottom] above the column digits [tickTop, ..]
      expect(L.titleBottom).toBeLessThan(L.tickTop)
      expect(L.titleY - CM_TYPE.title * CM_TYPE.ascent).toBeGreaterThanOrEqual(0)
      // the digits above the first row of cells
      expect(L.tickY + CM_TYPE.tick * CM_TYPE.descent).toBeLessThanOrEqual(L.m.t)
      // row title [.., rowTitleRight] left of the row digits [rowTickLeft, rowTickX]
      expect(L.rowTitleRight).toBeLessThan(L.rowTickLeft)
      expect(L.rowTickX).toBeLessThan(L.m.l)
    }
  })

  it('draws its labels where the layout puts them, at the sizes the layout assumed', () => {
    const { container } = render(
      <ConfusionMatrix
        confusion={new Int32Array(100)}
        rowLabel="true digit"
        colLabel="量化网络的答案"
        cellLabel={() => ''}
      />,
    )
    const svg = container.querySelector('svg')!
    const L = confusionLayout(num(svg, 'width'))
    const title = container.querySelector('text.cm-col-title')!
    expect(fontSize(title)).toBe(CM_TYPE.title)
    const titleBottom = num(title, 'y') + fontSize(title) * CM_TYPE.descent
    const ticks = [...container.querySelectorAll('text.cm-col-tick')]
    expect(ticks).toHaveLength(10)
    for (const tick of ticks) {
      expect(fontSize(tick)).toBe(CM_TYPE.tick)
      expect(num(tick, 'y') - fontSize(tick) * CM_TYPE.ascent).toBeGreaterThan(titleBottom)
    }
    // the row title, turned a quarter at x = rowTitleX, ends left of the row digits (anchored at their end)
    const rowTitle = container.querySelector('text.cm-row-title')!
    expect(fontSize(rowTitle)).toBe(CM_TYPE.title)
    const rowTitleX = Number(/translate\(([\d.]+)/.exec(rowTitle.getAttribute('transform')!)![1])
    for (const tick of container.querySelectorAll('text.cm-row-tick'))
      expect(num(tick, 'x') - fontSize(tick) * CM_TYPE.digitWidth).toBeGreaterThan(
        rowTitleX + CM_TYPE.title * CM_TYPE.descent,
      )
    // every cell below the column digits and right of the row digits
    for (const r of container.querySelectorAll('rect')) {
      expect(num(r, 'y')).toBeGreaterThanOrEqual(L.m.t)
      expect(num(r, 'x')).toBeGreaterThanOrEqual(L.m.l)
    }
  })
})

describe('the Lab summary cards', () => {
  it('wrap every number, with its unit, in a no-break span and leave the text as it was', () => {
    for (const text of [
      '0.007873832524',
      '[-7.66026, 7.66026]',
      '用了 28 个（共 255 个）',
      'one per channel (8)',
      '28.13 dB',
      '-1.23456789e-5',
      '10,000 of 65,536',
    ]) {
      const { container, unmount } = render(
        <dd>
          <NoBreakNumbers text={text} />
        </dd>,
      )
      expect(container.textContent).toBe(text)
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode())
        if (/\d/.test(n.textContent!)) expect(n.parentElement!.className, text).toBe('nobreak')
      unmount()
    }
    expect(render(<NoBreakNumbers text="28.13 dB" />).container.querySelector('.nobreak')!.textContent).toBe(
      '28.13 dB',
    )
  })

  it('measure the longest run a line cannot break', () => {
    expect(longestRun('0.007873832524')).toBe(14)
    expect(longestRun('[-7.66026, 7.66026]')).toBe(10)
    expect(longestRun('one per channel (8)')).toBe(7)
    expect(longestRun('28.13 dB')).toBe(8)
    // CJK text may break between its characters: only the numbers count
    // (a count keeps its 个, two columns wide: "255 个" is six)
    expect(longestRun('用了 28 个（共 255 个）')).toBe(6)
    expect(longestRun('用了 10,000 个（共 65,536 个）')).toBe(9)
  })

  it('the stylesheet keeps the spans whole and shrinks a run wider than its card instead of breaking it', () => {
    const css = readFileSync('src/styles.css', 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
    // the body of the top-level rule whose selector list names `sel`
    const rule = (sel: string) => {
      for (const m of css.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
        if (m[1].split(',').some((x) => x.trim() === sel)) return m[2]
      }
      throw new Error(`no rule for ${sel}`)
    }
    // the Lab's strip and the accuracy page's
    for (const strip of ['.lab-summary', '.acc-metrics']) {
      expect(rule(`${strip} .nobreak`)).toMatch(/white-space:\s*nowrap/)
      const dd = rule(`${strip} .summary-item dd`)
      expect(dd).toMatch(/word-break:\s*normal/)
      expect(dd).toMatch(/overflow-wrap:\s*normal/)
      expect(dd).toMatch(/var\(--run/)
      expect(rule(`${strip} .summary-item`)).toMatch(/container-type:\s*inline-size/)
    }
  })

  describe('as the Lab shows them', () => {
    beforeEach(() => {
      const p: LabParams = { ...defaultLabParams(), n: 2000 }
      useLab.setState({ params: p, committed: p, summary: null, result: null, busy: null })
    })
    afterEach(() => act(() => useApp.setState({ lang: 'en' })))

    function Lab() {
      useLabCompute()
      return <SummaryStrip />
    }

    for (const lang of ['en', 'zh-CN'] as const)
      it(`never leave a digit outside a no-break span (${lang})`, async () => {
        act(() => useApp.setState({ lang }))
        const { container, findAllByRole } = render(<Lab />)
        await findAllByRole('group')
        const dds = [...container.querySelectorAll('.lab-summary dd')] as HTMLElement[]
        expect(dds.length).toBeGreaterThanOrEqual(6)
        for (const dd of dds) {
          expect(Number(dd.style.getPropertyValue('--run'))).toBe(longestRun(dd.textContent))
          const walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT)
          for (let n = walker.nextNode(); n; n = walker.nextNode())
            if (/\d/.test(n.textContent!)) expect(n.parentElement!.classList.contains('nobreak')).toBe(true)
        }
      })
  })
})

describe('a wrongly answered test image', () => {
  it('puts its logits table under the digit, across the card, and each answer on one line', () => {
    act(() => useApp.setState({ lang: 'en' }))
    const e = {
      misclassified: [
        {
          index: 7,
          label: 9,
          floatPred: 8,
          quantPred: 8,
          floatLogits: new Float32Array(10).fill(-12.87),
          quantLogits: new Float32Array(10).fill(-12.87),
          image: new Float32Array(64),
        },
      ],
    } as unknown as EvalView
    const { container } = render(<MissesPanel e={e} />)
    const card = container.querySelector('li[data-miss="7"]')!
    const details = card.querySelector(':scope > details')
    expect(details).not.toBeNull()
    expect(details!.querySelector('table.acc-logits')).not.toBeNull()
    expect(card.querySelector('.acc-miss-text table')).toBeNull()
    expect([...card.querySelectorAll('.acc-miss-text > div')].map((d) => d.textContent)).toEqual([
      'digit 9',
      'float 8',
      'quantized 8',
    ])
    const css = readFileSync('src/views/accuracy/accuracy.css', 'utf8')
    expect(css).toMatch(/\.acc-miss-text > div \{\s*white-space: nowrap;/)
  })
})

describe('a result panel of the add view', () => {
  it('keeps a range in a label on one line, the text unchanged', () => {
    for (const [label, range] of [
      ['At the end codes (−128 or 127)', '−128 or 127'],
      ['落在两端码字（−128 或 127）上', '−128 或 127'],
    ]) {
      const { container, unmount } = render(
        <KV className="ops-path-kv" rows={[['sat', label, '3 / 10000']]} />,
      )
      const th = container.querySelector('tr[data-key="sat"] th')!
      expect(th.textContent).toBe(label)
      expect(th.querySelector('.nobreak')!.textContent).toBe(range)
      unmount()
    }
    const css = readFileSync('src/views/ops/ops.css', 'utf8')
    expect(css).toMatch(/\.ops-path-kv td,\s*\.ops-path-kv \.nobreak \{\s*white-space: nowrap;/)
  })
})
