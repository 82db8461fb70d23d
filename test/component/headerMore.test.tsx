import { act, fireEvent, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { Header } from '../../src/app/Header'
import { useApp } from '../../src/state/appStore'

// On a phone the header keeps the accuracy page and the classroom buttons behind "More". The menu closed only
// when one of its own items was tapped: Escape left it open, a tap elsewhere too, and going to another page
// by the nav's tabs (or Back) kept it drawn over the new page.
describe('the header’s "More" menu', () => {
  afterEach(() => act(() => useApp.getState().navigate({ name: 'home' })))

  const open = (container: HTMLElement) => {
    const more = container.querySelector<HTMLButtonElement>('.header-more')!
    fireEvent.click(more)
    expect(more.getAttribute('aria-expanded')).toBe('true')
    expect(container.querySelector('.header-extra')!.classList.contains('open')).toBe(true)
    return more
  }
  const isOpen = (container: HTMLElement) =>
    container.querySelector('.header-more')!.getAttribute('aria-expanded') === 'true'

  it('closes on Escape and gives the focus back to its button', () => {
    const { container } = render(<Header />)
    const more = open(container)
    fireEvent.keyDown(container.querySelector('.nav-more-link')!, { key: 'Escape' })
    expect(isOpen(container)).toBe(false)
    expect(document.activeElement).toBe(more)
  })

  it('closes when the page is tapped outside it', () => {
    const { container } = render(
      <>
        <Header />
        <main>
          <p id="outside">page</p>
        </main>
      </>,
    )
    open(container)
    // a tap on the menu itself or its button does not count as outside
    fireEvent.pointerDown(container.querySelector('.header-extra')!)
    expect(isOpen(container)).toBe(true)
    fireEvent.pointerDown(container.querySelector('#outside')!)
    expect(isOpen(container)).toBe(false)
  })

  it('closes when another page opens', () => {
    const { container } = render(<Header />)
    open(container)
    act(() => useApp.getState().navigate({ name: 'learn', chapter: 'linear' }))
    expect(isOpen(container)).toBe(false)
  })
})

// The classroom-link dialog is modal (the page behind it inert): Back or a link to another page left it open
// over the new page. It now belongs to the page it was opened on, as the "More" menu does.
describe('the classroom-link dialog', () => {
  afterEach(() => act(() => useApp.getState().navigate({ name: 'home' })))

  it('closes when another page opens, and the page behind it is no longer inert', () => {
    const root = document.createElement('div')
    root.id = 'root'
    document.body.append(root)
    const { container } = render(<Header />, { container: root })
    fireEvent.click(container.querySelector('.present-builder')!)
    expect(document.querySelector('[role="dialog"]')).not.toBeNull()
    expect(root.inert).toBe(true)
    act(() => useApp.getState().navigate({ name: 'learn', chapter: 'linear' }))
    expect(document.querySelector('[role="dialog"]')).toBeNull()
    expect(root.inert).toBe(false)
    // opened again on the new page, it stays open while that page does
    fireEvent.click(container.querySelector('.present-builder')!)
    expect(document.querySelector('[role="dialog"]')).not.toBeNull()
    act(() => useApp.getState().setLang('zh-CN'))
    expect(document.querySelector('[role="dialog"]')).not.toBeNull()
    fireEvent.keyDown(window, { key: 'Escape' })
    expect(document.querySelector('[role="dialog"]')).toBeNull()
    act(() => useApp.getState().setLang('en'))
    root.remove()
  })
})
