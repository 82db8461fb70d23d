import { afterEach, describe, expect, it } from 'vitest'
import { listenToLocation, useApp } from '../../src/state/appStore'

// A link followed while the app is still starting changes the address before the app listens for changes:
// that hashchange is lost, and the page stayed on the old view (seen in the e2e: the home page kept showing
// under #/lab/add). Listening starts by catching up with the address.
describe('the app store catches up with the address when it starts listening', () => {
  let stop = () => {}
  afterEach(() => {
    stop()
    window.location.hash = ''
  })

  it('takes the route and language of an address that changed before the listeners', () => {
    window.location.hash = '#/?lang=en'
    useApp.getState().syncFromLocation()
    expect(useApp.getState().route.name).toBe('home')
    // the address changes; nobody listens yet
    window.history.replaceState(null, '', '#/lab/add?lang=zh-CN')
    expect(useApp.getState().route.name).toBe('home')
    stop = listenToLocation()
    expect(useApp.getState().route).toEqual({ name: 'lab', tab: 'add' })
    expect(useApp.getState().lang).toBe('zh-CN')
  })

  it('keeps the store as it is when the address did not change', () => {
    window.location.hash = '#/lab?lang=en'
    useApp.getState().syncFromLocation()
    const before = useApp.getState().route
    stop = listenToLocation()
    expect(useApp.getState().route).toBe(before)
  })
})
