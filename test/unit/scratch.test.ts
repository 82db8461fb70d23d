// The integer kernels keep their temporaries in reused arrays (core/scratch.ts): a call must not see what an
// earlier call of another shape left there, and a result handed out must not change under a later call.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { int8FullyConnected } from '../../src/core/intOps'
import { intConv2d } from '../../src/core/intConv'
import { scratchF64 } from '../../src/core/scratch'
import { absHistogram, histogram, histogramSteps, linspace, tvmHistogram } from '../../src/core/histogram'

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

  it('int8FullyConnected and intConv2d write their results to arrays lent to them, whatever those held', () => {
    const fcArgs = (batch: number, depth: number, outputs: number, seed: number) =>
      [
        codes(batch * depth, seed),
        codes(outputs * depth, seed + 1),
        codes(outputs, seed + 2),
        { batch, depth, outputs, sIn: 0.02, zIn: 3, sW: 0.01, zW: 0, sOut: 0.5, zOut: -2 },
      ] as const
    const lent = (n: number, fill: number) => ({
      accumulators: new Int32Array(n).fill(fill),
      outputs: new Int32Array(n).fill(-fill),
    })
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        fc.nat(50),
        fc.integer(),
        (batch, depth, outputs, seed, fill) => {
          const args = fcArgs(batch, depth, outputs, seed)
          const fresh = int8FullyConnected(...args)
          const into = lent(batch * outputs, fill)
          const r = int8FullyConnected(...args, into)
          return (
            r.accumulators === into.accumulators &&
            r.outputs === into.outputs &&
            r.accumulators.every((v, i) => v === fresh.accumulators[i]) &&
            r.outputs.every((v, i) => v === fresh.outputs[i])
          )
        },
      ),
      { numRuns: 100 },
    )
    const convP = {
      batch: 2,
      inChannels: 4,
      height: 5,
      width: 5,
      outChannels: 4,
      kernelH: 3,
      kernelW: 3,
      stride: 2,
      pad: 1,
      groups: 4,
      sIn: 0.02,
      zIn: 1,
      sW: 0.01,
      sOut: 0.3,
      zOut: 0,
    }
    const conv = (into?: ReturnType<typeof lent>) =>
      intConv2d(codes(2 * 4 * 25, 3), codes(4 * 9, 4), codes(4, 5), convP, into)
    const fresh = conv()
    const into = lent(fresh.outputs.length, 12345)
    const r = conv(into)
    expect(r.outputs).toBe(into.outputs)
    expect([...r.outputs]).toEqual([...fresh.outputs])
    expect([...r.accumulators]).toEqual([...fresh.accumulators])
    // lent arrays of the wrong length, or two views of one buffer, are refused
    const n = fresh.outputs.length
    expect(() => conv(lent(n + 1, 0))).toThrow(RangeError)
    const shared = new Int32Array(2 * n)
    expect(() => conv({ accumulators: shared.subarray(0, n), outputs: shared.subarray(n) })).toThrow(
      /must not share memory/,
    )
    expect(() => int8FullyConnected(...fcArgs(2, 3, 4, 1), lent(7, 0))).toThrow(
      /8 elements each \(got 7 and 7\)/,
    )
    expect(() =>
      int8FullyConnected(...fcArgs(2, 3, 4, 1), {
        accumulators: new Int32Array(8),
        outputs: new Float64Array(8) as unknown as Int32Array,
      }),
    ).toThrow(TypeError)
  })

  it('a histogram counted in reused lanes is the same whatever was counted before, and earlier ones stay put', () => {
    // values on a grid of 1/1000: numpy refuses bins narrower than a float64 step (subnormal data), tested elsewhere
    const values = fc.array(
      fc.integer({ min: -1e6, max: 1e6 }).map((v) => v / 1000),
      { minLength: 1, maxLength: 300 },
    )
    fc.assert(
      fc.property(
        values,
        values,
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 64 }),
        (a, b, k1, k2) => {
          const first = histogram(a, k1)
          const firstCounts = Float64Array.from(first.counts)
          // another size in between: its lanes are the same memory, longer or shorter
          absHistogram(b, k2)
          histogram(b, k1 + 3)
          const again = histogram(a, k1)
          return (
            again.counts.every((v, i) => v === firstCounts[i]) &&
            first.counts.every((v, i) => v === firstCounts[i]) &&
            again.counts.reduce((x, y) => x + y, 0) === a.length
          )
        },
      ),
      { numRuns: 200 },
    )
  })

  it('absHistogram writes to arrays lent to it, whatever they held, and refuses ones of the wrong size', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.integer({ min: -50_000, max: 50_000 }).map((v) => v / 1000),
          { minLength: 1, maxLength: 200 },
        ),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ noNaN: true }),
        (x, bins, junk) => {
          const fresh = absHistogram(x, bins)
          const into = {
            counts: new Float64Array(bins).fill(junk),
            edges: new Float64Array(bins + 1).fill(junk),
          }
          const r = absHistogram(x, bins, into)
          return (
            r.counts === into.counts &&
            r.edges === into.edges &&
            r.counts.every((v, i) => v === fresh.counts[i]) &&
            r.edges.every((v, i) => Object.is(v, fresh.edges[i]))
          )
        },
      ),
      { numRuns: 200 },
    )
    const x = [0.5, -2, 3]
    expect(() => absHistogram(x, 4, { counts: new Float64Array(4), edges: new Float64Array(4) })).toThrow(
      /counts of 4 and edges of 5/,
    )
    const one = new Float64Array(9)
    expect(() => absHistogram(x, 4, { counts: one.subarray(0, 4), edges: one.subarray(4) })).toThrow(
      RangeError,
    )
    expect(() => linspace(0, 1, 5, new Float64Array(4))).toThrow(/5 elements/)
    expect([...linspace(0, 1, 5, new Float64Array(5).fill(9))]).toEqual([...linspace(0, 1, 5)])
  })

  it('histograms counted in slices (fresh lanes) can be interleaved, one slice of each in turn', () => {
    const values = (seed: number, n: number) =>
      Float64Array.from({ length: n }, (_, i) => (((i * 7919 + seed * 104729) % 1999) - 999) / 100)
    const a = values(1, 1000)
    const b = values(2, 777)
    // steps of 64 values: both yield between slices; each takes a turn with the other's counting in between
    // (explicit ranges: neither yields before counting, so their counting loops overlap)
    const ga = histogramSteps(a, 37, [-10, 10], 64)
    const gb = histogramSteps(b, 11, [-5, 5], 64)
    let ra: ReturnType<typeof histogram> | undefined
    let rb: ReturnType<typeof histogram> | undefined
    while (!ra || !rb) {
      if (!ra) {
        const s = ga.next()
        if (s.done) ra = s.value
      }
      if (!rb) {
        const s = gb.next()
        if (s.done) rb = s.value
      }
    }
    expect([...ra.counts]).toEqual([...histogram(a, 37, [-10, 10]).counts])
    expect([...rb.counts]).toEqual([...histogram(b, 11, [-5, 5]).counts])
  })

  it('tvmHistogram and histogramSteps write to lent arrays too; linspace into covers its branches', () => {
    const x = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i) * (i % 7))
    const into = { counts: new Float64Array(101).fill(-1), edges: new Float64Array(102).fill(-1) }
    const r = tvmHistogram(x, 101, into)
    const fresh = tvmHistogram(x, 101)
    expect(r.edges).toBe(into.edges)
    expect([...r.edges]).toEqual([...fresh.edges])
    expect([...r.counts]).toEqual([...fresh.counts])
    const h = { counts: new Float64Array(9).fill(7), edges: new Float64Array(10).fill(7) }
    const g = histogramSteps(x, 9, [-2, 3], 100, h)
    let step = g.next()
    while (!step.done) step = g.next()
    expect(step.value.counts).toBe(h.counts)
    expect([...h.counts]).toEqual([...histogram(x, 9, [-2, 3]).counts])
    // the values' own memory is refused: the edges are written before the values are counted
    const shared = new Float64Array(30)
    expect(() =>
      absHistogram(shared.subarray(0, 10), 9, { counts: new Float64Array(9), edges: shared.subarray(20) }),
    ).toThrow(/not the values' memory/)
    // linspace: one point, a step that underflows to 0, and the plain branch
    for (const [a0, b0, num] of [
      [3, 3, 1],
      [0, 5e-324, 3],
      [-1, 2, 7],
    ] as const)
      expect([...linspace(a0, b0, num, new Float64Array(num).fill(Number.NaN))]).toEqual([
        ...linspace(a0, b0, num),
      ])
  })
})
