import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { afterEach } from 'vitest'

// happy-dom lacks document.compatMode, which KaTeX checks before rendering.
if (!('compatMode' in document) || document.compatMode !== 'CSS1Compat') {
  Object.defineProperty(document, 'compatMode', { value: 'CSS1Compat', configurable: true })
}
afterEach(() => cleanup())
// the views compute asynchronously; on a loaded machine (several test runs at once) 1 s is not always enough
configure({ asyncUtilTimeout: 10_000 })
