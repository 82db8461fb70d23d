import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { afterEach } from 'vitest'

// happy-dom lacks document.compatMode, which KaTeX checks before rendering.
if (!('compatMode' in document) || document.compatMode !== 'CSS1Compat') {
  Object.defineProperty(document, 'compatMode', { value: 'CSS1Compat', configurable: true })
}
afterEach(() => cleanup())

// `npm test` on any machine: a slow or busy one needs more than testing-library's 1 s for a view's first
// result (the assertions are the same, only the wait is longer)
configure({ asyncUtilTimeout: 10_000 })

// happy-dom has no layout: its ResizeObserver never reports a size, and charts (useWidth) would wait for one
// at width 0. Without it they measure once and keep their default width.
Reflect.deleteProperty(globalThis, 'ResizeObserver')
Reflect.deleteProperty(window, 'ResizeObserver')
