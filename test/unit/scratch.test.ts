// The integer kernels keep their temporaries in reused arrays (core/scratch.ts): a call must not see what an
// earlier call of another shape left there, and a result handed out must not change under a later call.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { int8FullyConnected } from '../../src/core/intOps'
import { intConv2d } from '../../src/core/intConv'
import { scratchF64 } from '../../src/core/scratch'

const codes = (n: number, seed: number) =>
  Int32Array.from({ length: n }, (_, i) => ((i * 37 + seed * 11) % 255) - 127)

const fcCase = (batch: number, depth: number, outputs: number, seed: number) => {
  const run = () =>
    int8FullyConnected(
      codes(batch * depth, seed),
      codes(outputs * depth, seed + 1),
      codes(outputs, seed + 2),
      {
        batch,
        depth,
        outputs,
        sIn: 0.02,
        zIn: 3,
        sW: 0.01,
        zW: 0,
        sOut: 0.5,
        zOut: -2,
      },
    )
  return run
}

describe('reused temporaries', () => {
  it('a scratch slot is handed out at the length asked for, and reused', () => {
    const a = scratchF64('test.slot', 10)
    a.fill(7)
    const b = scratchF64('test.slot', 4)
    expect(b).toHaveLength(4)
    // the same memory: what the last user left is there (callers write before they read)
    expect(b[0]).toBe(7)
    expect(scratchF64('test.slot', 20)).toHaveLength(20)
  })

  it('int8FullyConnected gives the same codes whatever ran before it, and earlier results stay put', () => {
    const shape = fc.tuple(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 9 }),
    )
    fc.assert(
      fc.property(shape, shape, fc.nat(50), (s1, s2, seed) => {
        const first = fcCase(...s1, seed)
        const other = fcCase(...s2, seed + 5)
        const a = first()
        const accBefore = Int32Array.from(a.accumulators)
        const outBefore = Int32Array.from(a.outputs)
        other()
        const again = first()
        return (
          again.accumulators.every((v, i) => v === accBefore[i]) &&
          again.outputs.every((v, i) => v === outBefore[i]) &&
          a.accumulators.every((v, i) => v === accBefore[i]) &&
          a.outputs.every((v, i) => v === outBefore[i])
        )
      }),
      { numRuns: 100 },
    )
  })

  it('intConv2d gives the same codes after a larger and a smaller call', () => {
    const conv = (inC: number, hw: number, outC: number) =>
      intConv2d(codes(2 * inC * hw * hw, inC), codes(outC * inC * 9, outC), null, {
        batch: 2,
        inChannels: inC,
        height: hw,
        width: hw,
        outChannels: outC,
        kernelH: 3,
        kernelW: 3,
        stride: 1,
        pad: 1,
        groups: 1,
        sIn: 0.02,
        zIn: 1,
        sW: 0.01,
        sOut: 0.3,
        zOut: 0,
        actMin: -128,
        actMax: 127,
      }).outputs
    const a = Int32Array.from(conv(2, 5, 3))
    conv(4, 8, 2)
    expect([...conv(2, 5, 3)]).toEqual([...a])
    conv(1, 3, 1)
    expect([...conv(2, 5, 3)]).toEqual([...a])
  })
})
