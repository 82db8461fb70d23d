/**
 * A view whose chunk failed to load is retried under a new query (Chromium keeps the failed import of the same URL
 * in its module map): the URL comes from the browser's error message, same origin only.
 */
import { describe, expect, it } from 'vitest'
import { failedModuleUrl } from '../../src/app/ViewBoundary'

describe('failedModuleUrl', () => {
  it('reads the module from Chromium’s message', () => {
    const url = new URL('/assets/AddView-abc.js', location.href).href
    expect(failedModuleUrl(new TypeError(`Failed to fetch dynamically imported module: ${url}`))).toBe(url)
    // Firefox's wording
    expect(failedModuleUrl(new TypeError(`error loading dynamically imported module: ${url}`))).toBe(url)
  })

  it('gives null without a URL, or for another origin', () => {
    expect(failedModuleUrl(new TypeError('Importing a module script failed.'))).toBeNull()
    expect(
      failedModuleUrl(
        new TypeError('Failed to fetch dynamically imported module: https://elsewhere.example/x.js'),
      ),
    ).toBeNull()
    expect(failedModuleUrl('nothing')).toBeNull()
  })
})
