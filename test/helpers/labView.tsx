/**
 * The Lab's panels for a link, rendered under the Lab's compute hook (useLabCompute) and waited on until the
 * engine's result shows in the summary's scale and the formulas. The test file mocks the engine client:
 *   vi.mock('../../src/lab/engineClient', () => import('../helpers/pageLabEngine'))
 */
import { act, render, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { expect } from 'vitest'
import { useLab } from '../../src/lab/labStore'
import { useLabCompute } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { decodeLabParams } from '../../src/state/labParams'

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
