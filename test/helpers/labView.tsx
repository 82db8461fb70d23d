/**
 * The Lab's panels in component tests: rendered under the Lab's compute hook (useLabCompute) for a link and
 * waited on until the engine's result shows (the test file mocks the engine client:
 *   vi.mock('../../src/lab/engineClient', () => import('../helpers/pageLabEngine'))
 * ), or rendered over a store that already holds a tensor and its result, with no compute hook.
 */
import { act, render, waitFor } from '@testing-library/react'
import { Profiler, type ReactNode } from 'react'
import { expect, vi } from 'vitest'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { useLab } from '../../src/lab/labStore'
import { quantSettingsOf, useLabCompute } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { decodeLabParams, type LabParams } from '../../src/state/labParams'
import { HistogramPanel } from '../../src/views/lab/HistogramPanel'

function Lab({ children }: { children: ReactNode }) {
  useLabCompute()
  return children
}

/**
 * Render `panels` (they must include the SummaryStrip and the FormulaPanel) for a link's query in `lang` and
 * wait for the result; `card(key)` is a summary card's figure, `note(key)` the text of the element of that
 * `data-key` (null when there is none), `result` the engine's result the view shows.
 */
export async function renderLab(panels: ReactNode, query: string, lang: 'en' | 'zh-CN' = 'en') {
  const { params } = decodeLabParams(new URLSearchParams(query))
  act(() => useApp.setState({ lang }))
  useLab.setState({ params, committed: params, summary: null, result: null, busy: null })
  const view = render(<Lab>{panels}</Lab>)
  await waitFor(
    () => {
      expect(view.container.querySelector('.formulas')).not.toBeNull()
      expect(view.container.querySelector('.summary-item[data-key="scale"]')).not.toBeNull()
    },
    { timeout: 3000 },
  )
  const card = (k: string) => view.container.querySelector(`.summary-item[data-key="${k}"] dd`)!.textContent
  const note = (k: string) => view.container.querySelector(`[data-key="${k}"]`)?.textContent ?? null
  return { ...view, card, note, result: useLab.getState().result! }
}

/** The Lab's store holding `params`' tensor and its engine result, worked out here; the result is returned. */
export function storeLabResult(params: LabParams) {
  const e = new LabEngine()
  const summary = e.generate(sourceSpecOf(params))
  const result = e.quantize(quantSettingsOf(params))
  useLab.setState({ params, committed: params, summary, result, busy: null })
  return result
}

/** The histogram panel over the store as it is, its renders counted (`renders`, React's Profiler onRender). */
export function renderCountedHistogram() {
  const renders = vi.fn()
  const view = render(
    <Profiler id="histogram" onRender={renders}>
      <HistogramPanel />
    </Profiler>,
  )
  return { ...view, renders }
}
