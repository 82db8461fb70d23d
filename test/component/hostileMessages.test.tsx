import { render } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { useLab } from '../../src/lab/labStore'
import { useApp } from '../../src/state/appStore'
import { decodeLabParams } from '../../src/state/labParams'
import { MAX_NOTICES, Messages } from '../../src/views/lab/Messages'

describe('hostile links and repeated errors: notices summarised, values shortened, errors said once', () => {
  beforeEach(() => {
    useApp.setState({ lang: 'en' })
    useLab.setState({ notices: [], messages: [] })
  })

  it('10,000 unknown parameters are a few lines and a count', () => {
    const q = new URLSearchParams()
    for (let i = 0; i < 10_000; i++) q.set(`junk${i}`, '1')
    const { notices } = decodeLabParams(q)
    expect(notices.length).toBe(10_000)
    useLab.setState({ notices })
    const { container } = render(<Messages />)
    expect(container.querySelectorAll('li').length).toBe(MAX_NOTICES + 1)
    expect(container.querySelector('[data-notice="more"]')?.textContent).toContain(
      `${(10_000 - MAX_NOTICES).toString()} more`,
    )
  })

  it('a 100 KB draw= value is not echoed in full', () => {
    const { notices } = decodeLabParams(new URLSearchParams(`draw=${'x'.repeat(100_000)}`))
    expect(notices.length).toBeGreaterThan(0)
    useLab.setState({ notices })
    const { container } = render(<Messages />)
    expect(container.textContent.length).toBeLessThan(600)
    expect(container.textContent).toContain('100000 characters')
  })

  it('the same error said twice is shown once', () => {
    const say = useLab.getState().say
    say('error', 'load.empty', { name: 'a.csv' })
    say('error', 'load.empty', { name: 'a.csv' })
    say('error', 'load.rejected', { name: 'b.npy' }, { key: 'load.reasonOverflow', vars: { detail: 'x' } })
    say('error', 'load.rejected', { name: 'b.npy' }, { key: 'load.reasonOverflow', vars: { detail: 'x' } })
    const { container } = render(<Messages />)
    expect(container.querySelectorAll('.notice.error').length).toBe(2)
    expect(container.textContent).toContain('“b.npy” was not loaded and nothing was changed: its values span')
  })

  it('a file name that would turn the sentence around is shown with its control characters named', () => {
    // "invoice\u202Efdp.npy" shows as "invoicepdf.npy" where the override is honoured, and the override
    // would also reverse the rest of the sentence after it
    useLab.getState().say('error', 'load.empty', { name: 'invoice\u202Efdp.npy' })
    useApp.setState({ lang: 'zh-CN' })
    const { container } = render(<Messages />)
    const text = container.querySelector('.notice.error')!.textContent
    expect(text).toContain('invoiceU+202Efdp.npy')
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/)
  })
})
