import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { setUrlWriter, traitorPreset, useLab } from '../../src/lab/labStore'

describe('Lab undo and history entries', () => {
  const writes: string[] = []
  beforeAll(() => vi.useFakeTimers({ toFake: ['performance'] }))
  afterAll(() => vi.useRealTimers())
  beforeEach(() => {
    vi.advanceTimersByTime(5000)
    writes.length = 0
    setUrlWriter((q, replace) => writes.push(`${replace ? 'replace' : 'push'} t=${q.get('t')}`))
    const p = traitorPreset()
    useLab.setState({ params: p, committed: p, past: [], future: [] })
  })

  it('makes one undo step and one history entry of a quick run of keyboard steps', () => {
    const { update } = useLab.getState()
    update({ calib: 'manual', t: 1 }, { step: true })
    vi.advanceTimersByTime(100)
    update({ calib: 'manual', t: 1.1 }, { step: true })
    vi.advanceTimersByTime(100)
    update({ calib: 'manual', t: 1.2 }, { step: true })
    expect(writes).toEqual(['push t=1', 'replace t=1.1', 'replace t=1.2'])
    expect(useLab.getState().past).toHaveLength(1)
    // a pause ends the run: the next step is a change of its own
    vi.advanceTimersByTime(2000)
    update({ calib: 'manual', t: 1.3 }, { step: true })
    expect(writes[3]).toBe('push t=1.3')
    expect(useLab.getState().past).toHaveLength(2)
    useLab.getState().undo()
    expect(useLab.getState().params.t).toBe(1.2)
    useLab.getState().undo()
    expect(useLab.getState().params.t).toBe(traitorPreset().t)
  })

  it('starts a new change with the first keyboard step after an undo', () => {
    const { update } = useLab.getState()
    update({ calib: 'manual', t: 1 }, { step: true })
    vi.advanceTimersByTime(100)
    useLab.getState().undo()
    vi.advanceTimersByTime(100)
    update({ calib: 'manual', t: 1.5 }, { step: true })
    expect(useLab.getState().past).toHaveLength(1)
    expect(writes).toEqual(['push t=1', `push t=${traitorPreset().t}`, 'push t=1.5'])
  })

  it('keeps separate undo steps for changes that are not keyboard steps', () => {
    const { update } = useLab.getState()
    update({ calib: 'manual', t: 1 })
    update({ calib: 'manual', t: 2 })
    expect(writes).toEqual(['push t=1', 'push t=2'])
    expect(useLab.getState().past).toHaveLength(2)
  })
})

describe('a new link applied to the Lab', () => {
  it('keeps the empty notice list when there is nothing to say, and replaces it when there is', () => {
    const { fromQuery } = useLab.getState()
    fromQuery(new URLSearchParams('dist=normal&n=1000'))
    const empty = useLab.getState().notices
    expect(empty).toEqual([])
    fromQuery(new URLSearchParams('dist=normal&n=2000'))
    expect(useLab.getState().params.n).toBe(2000)
    // the same array: the messages panel, which reads it, does not re-render for a link with nothing to say
    expect(useLab.getState().notices).toBe(empty)
    // nor for a bare #/lab (the traitor preset)
    fromQuery(new URLSearchParams('lang=en'))
    expect(useLab.getState().params).toEqual(traitorPreset())
    expect(useLab.getState().notices).toBe(empty)
    fromQuery(new URLSearchParams('dist=normal&n=2000&calib=nonsense'))
    expect(useLab.getState().notices.map((n) => n.key)).toEqual(['calib'])
    fromQuery(new URLSearchParams('dist=normal&n=3000'))
    expect(useLab.getState().notices).toEqual([])
  })
})
