import { startTransition, useEffect, useRef, useState } from 'react'
import type { AccuracyParams } from '../../params/accuracyParams'
import { DATA_CALIBRATORS, type DataCalibratorId } from '../../registry/calibrators'
import { accuracyEngine } from './client'
import type { ActsView, EvalView, NetInfo } from '../../engine/accuracyTypes'

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
  const live = useRef(true)
  useEffect(() => {
    live.current = true
    return () => {
      live.current = false
    }
  }, [])
  useEffect(() => {
    if (key === null || hold) return
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

export function useNetInfo(p: AccuracyParams): Job<NetInfo> {
  return useCoalesced(`load:${p.net}`, () => Promise.resolve(accuracyEngine().load(p.net, baseUrl())))
}

export function useEvaluation(p: AccuracyParams, ready: boolean): Job<EvalView> {
  return useCoalesced(ready ? `eval:${evalKey(p)}` : null, () =>
    Promise.resolve(accuracyEngine().evaluate(p)),
  )
}

export function useSensitivity(p: AccuracyParams, ready: boolean, hold = false) {
  // every layer but the others: the float list does not change it
  const q = { ...p, float: [] }
  return useCoalesced(
    ready ? `sens:${evalKey(q)}` : null,
    () => Promise.resolve(accuracyEngine().sensitivity(q)),
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
    () => Promise.resolve(accuracyEngine().activations(p, layer)),
    hold,
  )
}

export const SWEEP_BITS = [2, 3, 4, 5, 6, 7, 8] as const

/** accuracy[calibrator][bits − 2] (NaN until computed) */
export type Sweep = Record<DataCalibratorId, number[]>

/**
 * The accuracy-vs-bits chart's points, asked for one at a time so the lines fill in progressively; new
 * settings restart the sweep (the points already drawn stay, marked stale, until replaced).
 */
export function useBitsSweep(
  p: AccuracyParams,
  ready: boolean,
): { sweep: Sweep; done: number; total: number } {
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
          try {
            sweep[c][bits - 2] = await Promise.resolve(accuracyEngine().bitsPoint(q, c, bits))
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
