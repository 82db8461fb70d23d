import { render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { useLab } from '../../src/lab/labStore'
import { useApp } from '../../src/state/appStore'
import { Messages } from '../../src/views/lab/Messages'
import { decodeLabParams } from '../../src/state/labParams'

describe('Lab messages', () => {
  beforeEach(() => {
    useApp.setState({ lang: 'en' })
    useLab.setState({ notices: [], messages: [] })
  })

  it('shows link notices as text, never as markup', () => {
    const { notices } = decodeLabParams(new URLSearchParams('dist=<b>bold</b>&bits=40'))
    useLab.setState({ notices })
    const { container } = render(<Messages />)
    expect(container.querySelector('b')).toBeNull()
    expect(container.textContent).toContain('“<b>bold</b>”')
    expect(container.textContent).toContain('using 16')
  })

  it('says why a crossed range was repaired, naming the other end', () => {
    const { notices } = decodeLabParams(new URLSearchParams('dist=uniform&lo=5&hi=1'))
    useLab.setState({ notices })
    const { container } = render(<Messages />)
    expect(container.textContent).toContain('“hi” = “1” crosses “lo”')
    expect(container.textContent).toContain('using 6')
  })

  it('announces errors in an alert region, in the user’s language', () => {
    useApp.setState({ lang: 'zh-CN' })
    useLab.getState().say('error', 'load.empty', { name: 'x.csv' })
    render(<Messages />)
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('x.csv')
    expect(alert.textContent).toMatch(/\p{Script=Han}/u)
  })
})
