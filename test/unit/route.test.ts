import { describe, expect, it } from 'vitest'
import { buildHash, parseHash } from '../../src/state/route'

describe('hash routes', () => {
  it('parses every view and its query', () => {
    expect(parseHash('').route).toEqual({ name: 'home' })
    expect(parseHash('#/').route).toEqual({ name: 'home' })
    expect(parseHash('#/lab?seed=7').route).toEqual({ name: 'lab', tab: 'tensor' })
    expect(parseHash('#/lab?seed=7').query.get('seed')).toBe('7')
    expect(parseHash('#/lab/add').route).toEqual({ name: 'lab', tab: 'add' })
    expect(parseHash('#/lab/dense').route).toEqual({ name: 'lab', tab: 'dense' })
    expect(parseHash('#/traitor?step=3').route).toEqual({ name: 'traitor' })
    expect(parseHash('#/learn/range').route).toEqual({ name: 'learn', chapter: 'range' })
    expect(parseHash('#/learn/nope').route).toEqual({ name: 'not-found', path: '/learn/nope' })
    expect(parseHash('#/lab/x/y').route.name).toBe('not-found')
  })

  it('round-trips a route and its query', () => {
    const q = new URLSearchParams({ lang: 'zh-CN', n: '100' })
    const h = buildHash({ name: 'lab', tab: 'dense' }, q)
    expect(h).toBe('#/lab/dense?lang=zh-CN&n=100')
    const back = parseHash(h)
    expect(back.route).toEqual({ name: 'lab', tab: 'dense' })
    expect(back.query.toString()).toBe(q.toString())
  })
})
