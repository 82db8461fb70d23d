/**
 * Issue 13: with no Worker the Lab's engine runs on the page; its heavy calls run in slices (core/steps.ts,
 * worker/steps.ts) so that the page keeps running timers (input, paint) during a call at N = 10⁶, and give
 * exactly the result of the synchronous engine the worker runs.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEngine } from '../../src/lab/engineClient'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'
import { useWorkerFallbacks } from '../../src/worker/workerClient'
import { driveSteps } from '../../src/worker/steps'
import { OpsEngine } from '../../src/engine/ops'
import { opsEngine } from '../../src/views/ops/opsClient'
import { defaultAddParams, defaultDenseParams } from '../../src/params/opsParams'

const g = globalThis as { Worker?: unknown }
let saved: unknown
beforeEach(() => {
  saved = g.Worker
  delete g.Worker
  useWorkerFallbacks.setState({ reasons: {} })
})
afterEach(() => {
  g.Worker = saved
})

const params = (p: Partial<LabParams>): LabParams => ({ ...defaultLabParams(), n: 1_000_000, ...p })

/** counts the turns a setTimeout(0) chain gets while `job` runs (a blocked page gets at most one or two) */
async function ticksDuring<T>(job: () => Promise<T>): Promise<{ value: T; ticks: number }> {
  let ticks = 0
  let on = true
  const tick = () => {
    if (!on) return
    ticks++
    setTimeout(tick, 0)
  }
  setTimeout(tick, 0)
  const value = await job()
  on = false
  return { value, ticks }
}

describe('the Lab engine on the page (no Worker): in slices, the same numbers', () => {
  it('generate and quantize at N = 10⁶ let timers run, and equal the synchronous engine bit for bit', async () => {
    const engine = createEngine()
    const sync = new LabEngine()
    const p = params({ dist: 'student-t', rows: 64, spread: 0.5, outlier: 9, outliers: 3 })
    const gen = await ticksDuring(() => engine.generate(sourceSpecOf(p)))
    expect(useWorkerFallbacks.getState().reasons.lab).toEqual({ kind: 'missing' })
    expect(gen.value).toEqual(sync.generate(sourceSpecOf(p)))
    // a synchronous call of this size would give the timer chain no turn while it runs
    expect(gen.ticks).toBeGreaterThan(3)
    for (const over of [
      {},
      { calib: 'minmax' as const, scheme: 'asymmetric' as const },
      { gran: 'channel' as const, calib: 'mse' as const },
      { calib: 'entropy' as const, variant: 'tvm' as const },
      { calib: 'percentile' as const, scheme: 'asymmetric' as const, pctmode: 'hist' as const },
      { calib: 'percentile' as const, pctmode: 'notes' as const, pct: 99.9 },
      { fmt: 'e4m3' as const },
      { fmt: 'nf4' as const, gran: 'group' as const, group: 64 },
      { fmt: 'mxfp4' as const, axis: 'col' as const },
    ]) {
      const s = quantSettingsOf(params({ ...p, ...over }))
      const q = await ticksDuring(() => engine.quantize(s))
      expect(q.value).toEqual(sync.quantize(s))
      // more turns than a blocked page gets (at most two); a quantization is a few slices of 8 ms
      expect(q.ticks).toBeGreaterThan(2)
    }
    expect(await engine.entropyCurve('tvm')).toEqual(sync.entropyCurve('tvm'))
    const last = quantSettingsOf(params({ ...p, gran: 'channel' }))
    expect(await engine.table(last, 300_000)).toEqual(sync.table(last, 300_000))
    expect(await engine.formatSweep('row')).toEqual(sync.formatSweep('row'))
  }, 120_000)

  it('loaded data: setLoaded in slices, and a refused tensor is refused the same way', async () => {
    const engine = createEngine()
    const sync = new LabEngine()
    const data = Float64Array.from({ length: 1_000_000 }, (_, i) => Math.sin(i) * 1e-3 + (i % 7))
    // (one pass of checks and histograms: at 10⁶ values only a few slices, so no count of timer turns here)
    expect(await engine.setLoaded(data, [1000, 1000])).toEqual(sync.setLoaded(data, [1000, 1000]))
    const bad = data.slice()
    bad[999_999] = NaN
    await expect(engine.setLoaded(bad, [1, bad.length])).rejects.toThrow(/nonfinite: x\[999999\] = NaN/)
    expect(() => sync.setLoaded(bad, [1, bad.length])).toThrow(/nonfinite: x\[999999\] = NaN/)
  }, 120_000)

  it('the ops engine on the page yields between stages and gives the worker’s numbers', async () => {
    const engine = opsEngine()
    const sync = new OpsEngine()
    const add = { ...defaultAddParams(), n: 1_000_000, adist: 'normal' as const }
    const a = await ticksDuring(() => engine.add(add))
    expect(a.value).toEqual(sync.add(add))
    expect(a.ticks).toBeGreaterThan(3)
    expect(await engine.addElement(add, 123_456)).toEqual(sync.addElement(add, 123_456))
    const dense = { ...defaultDenseParams(), batch: 128, k: 1024, nout: 256, bias: true }
    const d = await ticksDuring(() => engine.dense(dense))
    expect(d.value).toEqual(sync.dense(dense))
    expect(d.ticks).toBeGreaterThan(3)
    expect(await engine.smooth(dense)).toEqual(sync.smooth(dense))
  }, 120_000)

  it('the driver yields to the event loop once the budget is spent, and not before', async () => {
    let pauses = 0
    function* work() {
      for (let i = 0; i < 5; i++) {
        const t = performance.now()
        while (performance.now() - t < 3);
        yield
      }
      return 'done'
    }
    const yieldFn = () => {
      pauses++
      return Promise.resolve()
    }
    expect(await driveSteps(work(), { budgetMs: 1, yieldFn })).toBe('done')
    expect(pauses).toBe(5)
    pauses = 0
    expect(await driveSteps(work(), { budgetMs: 10_000, yieldFn })).toBe('done')
    expect(pauses).toBe(0)
  })
})

describe('the formats sweep gives way (issue 17: a calibration change under FP8 at N = 10⁷ waited for it)', () => {
  it('a quantize call made while the sweep runs is answered first; the sweep starts again and is right', async () => {
    const engine = createEngine()
    const sync = new LabEngine()
    const p = params({ n: 3_000_000, fmt: 'e4m3' })
    await engine.generate(sourceSpecOf(p))
    sync.generate(sourceSpecOf(p))
    const expected = sync.formatSweep('row')
    const starts = vi.spyOn(LabEngine.prototype, 'formatSweepSteps')
    try {
      const order: string[] = []
      const sweep = engine.formatSweep('row').then((v) => {
        order.push('sweep')
        return v
      })
      // under way (the page's driver has given the event loop a turn) before the other call comes
      await new Promise((r) => setTimeout(r, 20))
      expect(starts).toHaveBeenCalledTimes(1)
      const s = quantSettingsOf(params({ ...p, calib: 'mse' }))
      const q = engine.quantize(s).then((v) => {
        order.push('quantize')
        return v
      })
      expect(await q).toEqual(sync.quantize(s))
      expect(await sweep).toEqual(expected)
      expect(order).toEqual(['quantize', 'sweep'])
      // stopped part-way and made again from its start
      expect(starts).toHaveBeenCalledTimes(2)
    } finally {
      starts.mockRestore()
    }
  }, 120_000)
})
