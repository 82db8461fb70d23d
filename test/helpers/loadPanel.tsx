// The Lab's load panel with its messages, as a file test sees it: a loaded-data Lab in one language, nothing
// loaded yet, and the error a chosen file leaves.
import { act, fireEvent, render, waitFor } from '@testing-library/react'
import { expect } from 'vitest'
import { useLab } from '../../src/lab/labStore'
import { useApp } from '../../src/state/appStore'
import { defaultLabParams } from '../../src/state/labParams'
import { LoadPanel } from '../../src/views/lab/LoadPanel'
import { Messages } from '../../src/views/lab/Messages'

/** the load panel and its messages in `lang`, the Lab on loaded data with nothing loaded */
export function renderLoadPanel(lang: 'en' | 'zh-CN') {
  act(() => {
    useApp.setState({ lang })
    const p = { ...defaultLabParams(), dist: 'loaded' as const }
    useLab.setState({ params: p, committed: p, loaded: null, messages: [] })
  })
  return render(
    <>
      <LoadPanel />
      <Messages />
    </>,
  )
}

/** `file` chosen in the load panel in `lang`: the error message it leaves (the panel is unmounted after) */
export async function loadError(file: File, lang: 'en' | 'zh-CN'): Promise<string> {
  const view = renderLoadPanel(lang)
  fireEvent.change(view.container.querySelector('[data-testid="file-input"]')!, { target: { files: [file] } })
  const text = await waitFor(
    () => {
      const el = view.container.querySelector('.notice.error span')
      expect(el).not.toBeNull()
      return el!.textContent ?? ''
    },
    { timeout: 5000 },
  )
  view.unmount()
  return text
}
