// A long call in the worker says it is alive (src/worker/heartbeat.ts), and the client keeps waiting for it
// instead of moving the work onto the page (workerClient).
import { describe, expect, it } from 'vitest'
import { runSteps, type Steps } from '../../src/core'
import { HEARTBEAT, HEARTBEAT_MS, withHeartbeat } from '../../src/worker/heartbeat'

class Engine {
  base = 10;
  *sumSteps(n: number): Steps<number> {
    let s = this.base
    for (let i = 1; i <= n; i++) {
      s += i
      yield
    }
    return s
  }
  sum(n: number): number {
    return runSteps(this.sumSteps(n))
  }
  plain(x: number): number {
    return this.base + x
  }
}

describe('withHeartbeat', () => {
  it('runs a method’s steps to the same result, posting a heartbeat at most every HEARTBEAT_MS', () => {
    let t = 0
    const posted: string[] = []
    const e = withHeartbeat(
      new Engine(),
      (m) => posted.push(m),
      () => (t += HEARTBEAT_MS / 4),
    )
    expect(e.sum(40)).toBe(new Engine().sum(40))
    // 40 slices, a quarter of HEARTBEAT_MS apart: one heartbeat per four slices
    expect(posted).toHaveLength(10)
    expect(new Set(posted)).toEqual(new Set([HEARTBEAT]))
  })

  it('leaves a quick call silent, other methods and fields as they are, and unknown names undefined', () => {
    const posted: string[] = []
    const e = withHeartbeat(new Engine(), (m) => posted.push(m))
    expect(e.sum(3)).toBe(16)
    expect(e.plain(5)).toBe(15)
    expect(e.base).toBe(10)
    expect((e as unknown as Record<string, unknown>).started).toBeUndefined()
    expect(posted).toEqual([])
  })
})
