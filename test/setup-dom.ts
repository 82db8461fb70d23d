import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// happy-dom lacks document.compatMode, which KaTeX checks before rendering.
if (!('compatMode' in document) || document.compatMode !== 'CSS1Compat') {
  Object.defineProperty(document, 'compatMode', { value: 'CSS1Compat', configurable: true })
}
afterEach(() => cleanup())
