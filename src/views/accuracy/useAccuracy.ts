import { startTransition, useEffect, useRef, useState } from 'react'
import type { AccuracyParams } from '../../params/accuracyParams'
import { DATA_CALIBRATORS, type DataCalibratorId } from '../../registry/calibrators'
import { accuracyBackground, accuracyEngine, type AccuracyClient } from './client'
import type { ActsView, EvalView, NetInfo } from '../../engine/accuracyTypes'
import type { NetId } from '../../registry/networks'

export interface Job<R> {
  result: R | null
  /** the result shown belongs to other settings (a newer job is under way) */
  stale: boolean
  error: string | null
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * Runs `job` when `key` changes, one at a time: while one runs, only the newest key waits (a dragged slider
 * asks for many evaluations; the worker computes the first and the last, not every step in between). The
 * last result stays on screen, marked stale, until the next arrives. `hold`: wait before asking (the page's
 * main figure is still being computed for these settings, and the worker answers in order: a job asked for
 * first would make the main figure wait for it).
 */
export function useCoalesced<R>(key: string | null, job: () => Promise<R>, hold = false): Job<R> {
  const [state, setState] = useState<{ key: string | null; result: R | null; error: string | null }>({
    key: null,
    result: null,
    error: null,
  })
  const running = useRef(false)
  const next = useRef<{ key: string; job: () => Promise<R> } | null>(null)
  // the newest key handed to the pump (running, queued or done): a hold lifted again for the same key asks
  // nothing (the presets' key never changes; without this each settings change recomputed them all)
  const asked = useRef<string | null>(null)
  const live = useRef(true)
  useEffect(() => {
    live.current = true
    return () => {
      live.current = false
    }
  }, [])
  useEffect(() => {
    if (key === null || hold || key === asked.current) return
    asked.current = key
    next.current = { key, job }
    if (running.current) return
    const pump = async () => {
      running.current = true
      while (next.current && live.current) {
        const { key: k, job: j } = next.current
        next.current = null
        try {
          const result = await j()
          if (live.current) startTransition(() => setState({ key: k, result, error: null }))
        } catch (e) {
          // asked again when the key or the hold next changes
          if (asked.current === k) asked.current = null
          if (live.current) setState((s) => ({ key: k, result: s.result, error: message(e) }))
        }
      }
      running.current = false
    }
    void pump()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, hold])
  return {
    result: state.result,
    stale: key !== null && state.key !== key,
    error: state.key === key ? state.error : null,
  }
}

/** The page's base URL (the shipped data and models are fetched from the page's own origin). */
export const baseUrl = (): string =>
  typeof document === 'undefined' ? 'http://localhost/' : document.baseURI

/** The settings that change an evaluation (the link's other parameters do not). */
export const evalKey = (p: AccuracyParams): string => JSON.stringify(p)

/** the networks the main worker has loaded (an evaluation may be asked for before the view renders) */
const loaded = new Set<NetId>()

export function useNetInfo(p: AccuracyParams): Job<NetInfo> {
  return useCoalesced(`load:${p.net}`, async () => {
    const info = await Promise.resolve(accuracyEngine().load(p.net, baseUrl()))
    loaded.add(p.net)
    return info
  })
}

/** the evaluations asked for, by settings (a few: the page and its prefetch share one answer) */
const evaluations = new Map<string, Promise<EvalView>>()
let inFlight = 0

/** The accuracy of settings `p` from the main worker, asked for once per settings. */
export function evaluationOf(p: AccuracyParams): Promise<EvalView> {
  const k = evalKey(p)
  let r = evaluations.get(k)
  if (r === undefined) {
    inFlight++
    r = Promise.resolve(accuracyEngine().evaluate(p)).finally(() => inFlight--)
    evaluations.set(k, r)
    // a failure is asked again next time
    r.catch(() => evaluations.delete(k))
    while (evaluations.size > 8) evaluations.delete(evaluations.keys().next().value!)
  }
  return r
}

/**
 * Ask for the accuracy of new settings as soon as the link changes, before the page renders them (the render
 * and its layout take tens of ms on a slow machine; the worker computes meanwhile). Only when the worker is
 * idle and the network is loaded: a dragged slider's steps are left to the view's coalescing job.
 */
export function prefetchEvaluation(p: AccuracyParams): void {
  if (inFlight === 0 && loaded.has(p.net)) void evaluationOf(p).catch(() => undefined)
}

/** for tests */
export function resetEvaluations(): void {
  evaluations.clear()
  loaded.clear()
  inFlight = 0
}

export function useEvaluation(p: AccuracyParams, ready: boolean): Job<EvalView> {
  return useCoalesced(ready ? `eval:${evalKey(p)}` : null, () => evaluationOf(p))
}

/** The background worker with network `net` loaded (kept there: later loads cost one round trip). */
export async function backgroundFor(net: NetId): Promise<AccuracyClient> {
  const bg = accuracyBackground()
  await Promise.resolve(bg.load(net, baseUrl()))
  return bg
}

export function useSensitivity(p: AccuracyParams, ready: boolean, hold = false) {
  // every layer but the others: the float list does not change it
  const q = { ...p, float: [] }
  return useCoalesced(
    ready ? `sens:${evalKey(q)}` : null,
    async () => (await backgroundFor(q.net)).sensitivity(q),
    hold,
  )
}

export function useActivations(
  p: AccuracyParams,
  layer: string,
  ready: boolean,
  hold = false,
): Job<ActsView> {
  return useCoalesced(
    ready ? `acts:${layer}:${evalKey(p)}` : null,
    async () => (await backgroundFor(p.net)).activations(p, layer),
    hold,
  )
}

export const SWEEP_BITS = [2, 3, 4, 5, 6, 7, 8] as const

/** accuracy[calibrator][bits − 2] (NaN until computed) */
export type Sweep = Record<DataCalibratorId, number[]>

/**
 * The accuracy-vs-bits chart's points, asked for one at a time so the lines fill in progressively; new
 * settings restart the sweep (the points already drawn stay, marked stale, until replaced). `hold`: the next
 * point waits (the accuracy of new settings is being computed: on a 2-core machine the sweep's worker and its
 * redraws would slow it down).
 */
export function useBitsSweep(
  p: AccuracyParams,
  ready: boolean,
  hold = false,
): { sweep: Sweep; done: number; total: number } {
  const held = useRef(hold)
  const waiting = useRef<(() => void)[]>([])
  useEffect(() => {
    held.current = hold
    if (!hold) for (const go of waiting.current.splice(0)) go()
  }, [hold])
  const empty = (): Sweep =>
    Object.fromEntries(DATA_CALIBRATORS.map((c) => [c, SWEEP_BITS.map(() => NaN)])) as Sweep
  const [state, setState] = useState<{ key: string; sweep: Sweep; done: number }>({
    key: '',
    sweep: empty(),
    done: 0,
  })
  // the sweep varies the calibrator and the activation bits: those two do not restart it
  const q = { ...p, calib: 'minmax' as const, abits: 8 }
  const key = ready ? evalKey(q) : ''
  useEffect(() => {
    if (!ready) return
    let live = true
    const sweep = empty()
    void (async () => {
      let done = 0
      for (const bits of SWEEP_BITS)
        for (const c of DATA_CALIBRATORS) {
          if (!live) return
          if (held.current) await new Promise<void>((go) => waiting.current.push(go))
          if (!live) return
          try {
            sweep[c][bits - 2] = await (await backgroundFor(q.net)).bitsPoint(q, c, bits)
          } catch {
            sweep[c][bits - 2] = NaN
          }
          done++
          if (!live) return
          const snapshot = Object.fromEntries(DATA_CALIBRATORS.map((id) => [id, sweep[id].slice()])) as Sweep
          const d = done
          setState({ key, sweep: snapshot, done: d })
        }
    })()
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return {
    sweep: state.sweep,
    done: state.key === key ? state.done : 0,
    total: SWEEP_BITS.length * DATA_CALIBRATORS.length,
  }
}
