import { useCallback, useEffect, useMemo, useRef } from 'react'
import type { Metrics, QuantResult, QuantSettings } from '../engine/labEngine'
import { sourceSpecOf } from '../engine/sources'
import type { LabParams } from '../state/labParams'
import type { MessageKey } from '../i18n'
import { isCancelled } from '../worker/cancel'
import { afterNextFrame } from './afterNextFrame'
import { createEngine, type EngineApi } from './engineClient'
import { followCandidate, noteCurveGrid } from './klCandidate'
import { useCalibrationGrid } from './useCalibrationGrid'
import { useLab, type LoadedData } from './labStore'
import { saveLoaded } from './loadedDb'
import type { SourceSummary } from '../engine/labEngine'
import { engineCode } from '../engine/engineError'

const QUANT_KEYS: (keyof QuantSettings)[] = [
  'scheme',
  'form',
  'bits',
  'unsigned',
  'range',
  'gran',
  'axis',
  'round',
  'conv',
  'calib',
  'variant',
  'pct',
  'pctmode',
  't',
  'fmt',
  'group',
]

export function quantSettingsOf(p: LabParams): QuantSettings {
  const s: Record<string, unknown> = {}
  for (const k of QUANT_KEYS) s[k] = p[k]
  return s as QuantSettings
}

/** While settings keep changing, the engine is asked at most this often (see the quantization effect). */
const RESULT_GAP_MS = 150

/**
 * A recompute that has not answered after this long is shown as such (the summary's numbers marked stale, the
 * busy line): long enough that quick results at small N never flicker, short enough to be seen at N = 10⁷.
 */
export const STALE_AFTER_MS = 150

/**
 * A request still running this long after it started is cancelled once newer settings wait (the worker stops it
 * at its next slice): a stale per-row TVM calibration of a 10⁷-value 2-D tensor would otherwise hold the newer
 * settings for up to a minute. Shorter requests finish, so a drag at N = 10⁷ still shows a result about every
 * half second instead of none until the hand stops.
 */
export const CANCEL_AFTER_MS = 1000

let shared: EngineApi | null = null
/** One engine (one worker) for the page's lifetime: the tensor stays put between visits to the Lab. */
export function labEngine(): EngineApi {
  if (!shared) shared = createEngine()
  return shared
}

/** An identity per loaded array (two files with the same name and length are still two tensors). */
const loadedIds = new WeakMap<LoadedData, number>()
let nextLoadedId = 1
function loadedIdOf(d: LoadedData): number {
  let id = loadedIds.get(d)
  if (id === undefined) {
    id = nextLoadedId++
    loadedIds.set(d, id)
  }
  return id
}

/** The loaded array the engine already holds (accepted by `acceptLoaded`): the source effect need not resend it. */
let primed: LoadedData | null = null

/**
 * Hands loaded data to the engine first: only what the engine accepts may replace the store's data (and the
 * saved copy). Resolves with the summary, or rejects with the engine's error while the engine keeps the
 * previous tensor (LabEngine computes everything before its state changes). The caller then hands both to
 * `takeLoaded`, in the same task as its own settings change, so no render sees one without the other.
 */
export async function acceptLoaded(d: LoadedData): Promise<SourceSummary> {
  const summary = await labEngine().setLoaded(d.data, d.shape)
  primed = d
  return summary
}

/** Accepted data (acceptLoaded) replaces the store's data and the copy saved on this device. */
export function takeLoaded(d: LoadedData, summary: SourceSummary): void {
  useLab.setState({ loaded: d, summary, busy: null, candidate: null, entropyAll: {} })
  void saveLoaded(d)
}

/** The reason an engine refused a tensor, as a message key of its own (the detail is the core's text). */
export function engineReason(e: unknown): { key: MessageKey; detail: string } {
  const text = messageOf(e)
  const c = engineCode(text)
  if (c?.code === 'overflow') return { key: 'load.reasonOverflow', detail: c.detail }
  if (c?.code === 'empty') return { key: 'load.reasonEmpty', detail: c.detail }
  if (c?.code === 'nonfinite') return { key: 'load.reasonNonFinite', detail: c.detail }
  if (c?.code === 'shape') return { key: 'load.reasonShape', detail: c.detail }
  return { key: 'load.reasonOther', detail: text }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** Report an engine failure in the user's language; the core's own text is only the detail. */
function reportFailure(e: unknown) {
  const text = messageOf(e)
  const c = engineCode(text)
  const say = useLab.getState().say
  if (c?.code === 'overflow') say('error', 'lab.errorOverflow', { detail: c.detail })
  else if (c?.code === 'float32') say('error', 'lab.errorFloat32', { detail: c.detail })
  else if (c?.code === 'nonfinite') say('error', 'lab.computeFailed', { detail: c.detail })
  else if (c?.code === 'empty') say('error', 'lab.errorEmpty')
  else say('error', 'lab.computeFailed', { detail: text })
}

/**
 * Runs the engine when the source or the settings change: generation/loading first, then quantization.
 * Results arrive asynchronously; only the newest request's result is shown, and while one quantization is
 * running further drags are coalesced into one follow-up request (latest wins), so dragging stays smooth.
 */
export function useLabCompute() {
  const engine = useMemo(() => labEngine(), [])
  const params = useLab((s) => s.params)
  const loaded = useLab((s) => s.loaded)
  const summary = useLab((s) => s.summary)
  const sourceKey =
    params.dist === 'loaded'
      ? `loaded:${loaded ? loadedIdOf(loaded) : 0}`
      : JSON.stringify(sourceSpecOf(params))
  const settings = quantSettingsOf(params)
  const settingsKey = JSON.stringify(settings)
  const gen = useRef(0)

  useEffect(() => {
    const my = ++gen.current
    // a link to loaded data opened elsewhere: the page explains it (LabPage) and keeps the previous tensor
    if (params.dist === 'loaded' && !loaded) {
      // nothing to compute until the data is found: no spinner beside the explanation
      useLab.setState({ busy: null })
      return
    }
    if (params.dist === 'loaded' && loaded === primed) {
      // accepted by acceptLoaded: the engine holds it and the summary is in the store already
      primed = null
      return
    }
    // the engine is given another tensor now: what acceptLoaded handed it is no longer there. (The Lab opened from
    // the model page first renders with its previous source, which replaced the accepted tensor; the loaded
    // source that follows must be sent again, or every figure but the histogram was the previous tensor's.)
    primed = null
    const job =
      params.dist === 'loaded' && loaded
        ? engine.setLoaded(loaded.data, loaded.shape)
        : engine.generate(sourceSpecOf(params))
    // the busy line and the stale marks only for a tensor that takes a while, like a slow result
    // (STALE_AFTER_MS): a quick one never flickers them, and a large one's marks are rendered in a task of
    // their own rather than in the one that applied the new link (at N = 10⁶ that task was over 50 ms). A busy
    // line already shown for a slow result says "generating" at once: the new tensor is what the page now waits
    // for, and the result's answer would otherwise take the line down until the delay brought it back
    if (useLab.getState().busy === 'quantize') useLab.setState({ busy: 'generate' })
    let busyTimer: ReturnType<typeof setTimeout> | null = setTimeout(() => {
      busyTimer = null
      if (my === gen.current) useLab.setState({ busy: 'generate' })
    }, STALE_AFTER_MS)
    const stopBusyTimer = () => {
      if (busyTimer !== null) clearTimeout(busyTimer)
      busyTimer = null
    }
    job
      .then((summary) => {
        stopBusyTimer()
        if (my !== gen.current) return
        useLab.setState({ summary, busy: null, candidate: null, entropyAll: {} })
      })
      .catch((e) => {
        stopBusyTimer()
        if (my !== gen.current) return
        useLab.setState({ busy: null })
        if (params.dist === 'loaded' && loaded) {
          // data kept from an earlier visit that the engine refuses (e.g. NaN stored by an older version)
          const r = engineReason(e)
          useLab
            .getState()
            .say(
              'error',
              'load.storedRejected',
              { name: loaded.name },
              { key: r.key, vars: { detail: r.detail } },
            )
        } else reportFailure(e)
      })
    return stopBusyTimer
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sourceKey, engine])

  // Quantization requests: one at a time, the newest settings win, and while settings keep changing (a drag,
  // a held arrow key) a new request starts at most every RESULT_GAP_MS. The handle and the clipping region
  // follow every step without the engine (useLiveGrid); the panels that need the engine's pass over the
  // data, the summary's grid among them, then re-render ~7 times a second instead of every frame, which is what keeps each
  // frame of a drag within budget.
  const inflight = useRef(false)
  const pending = useRef<QuantSettings | null>(null)
  const lastStart = useRef(-Infinity)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const disposed = useRef(false)
  const staleTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const cancelTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  /** counts the requests started, so a cancel timer only ever cancels the request it was set for */
  const runId = useRef(0)
  /** the per-channel comparison's request (QuantResult.channelsLater): its number, and whether it runs */
  const channelsId = useRef(0)
  const channelsRunning = useRef(false)
  /** drops the per-channel request in flight: newer settings come first, and its answer would be stale */
  const dropChannels = useCallback(() => {
    channelsId.current++
    if (channelsRunning.current) engine.cancel('channels')
    channelsRunning.current = false
  }, [engine])
  const clearCancel = () => {
    if (cancelTimer.current !== null) clearTimeout(cancelTimer.current)
    cancelTimer.current = null
  }
  /** the newest settings have their result (nothing pending or running): the figures are current again */
  const settled = () => {
    if (staleTimer.current !== null) clearTimeout(staleTimer.current)
    staleTimer.current = null
    if (useLab.getState().busy === 'quantize') useLab.setState({ busy: null })
  }
  // (declared before the request effect, so a remount clears `disposed` before it asks again)
  useEffect(() => {
    disposed.current = false
    return () => {
      disposed.current = true
      if (timer.current !== null) clearTimeout(timer.current)
      timer.current = null
      pending.current = null
      clearCancel()
      dropChannels()
      // leaving the Lab: a long request's result would only be dropped, and it would hold the next visit's
      if (inflight.current && performance.now() - lastStart.current >= CANCEL_AFTER_MS)
        engine.cancel('quantize')
      settled()
    }
  }, [engine, dropChannels])
  useEffect(() => {
    if (!summary) return
    const kick = () => {
      if (disposed.current || pending.current === null) return
      if (inflight.current) {
        // newer settings wait: a request that runs past CANCEL_AFTER_MS is given up for them
        if (cancelTimer.current === null) {
          const id = runId.current
          cancelTimer.current = setTimeout(
            () => {
              cancelTimer.current = null
              if (!disposed.current && inflight.current && runId.current === id && pending.current !== null)
                engine.cancel('quantize')
            },
            Math.max(0, lastStart.current + CANCEL_AFTER_MS - performance.now()),
          )
        }
        return
      }
      if (timer.current !== null) return
      const wait = lastStart.current + RESULT_GAP_MS - performance.now()
      if (wait > 0) {
        timer.current = setTimeout(() => {
          timer.current = null
          kick()
        }, wait)
        return
      }
      const s = pending.current
      pending.current = null
      void run(s)
    }
    // the per-channel comparison of a 2-D tensor quantized per tensor: asked once its result is shown, so that
    // the main figures do not wait for every row's calibration (at 10⁷ values in 1000 rows, seconds)
    const askChannels = (s: QuantSettings, result: QuantResult, tensorMetrics: Metrics) => {
      const id = ++channelsId.current
      channelsRunning.current = true
      engine.channels(s, tensorMetrics).then(
        (view) => {
          if (id !== channelsId.current) return
          channelsRunning.current = false
          if (view && useLab.getState().result === result) useLab.setState({ channelView: { view, result } })
        },
        (e: unknown) => {
          if (id !== channelsId.current) return
          channelsRunning.current = false
          if (isCancelled(e)) return
          reportFailure(e)
          // the panel stops saying it is computing (the message says why)
          if (useLab.getState().result === result) useLab.setState({ channelsFailed: result })
        },
      )
    }
    const run = async (s: QuantSettings) => {
      inflight.current = true
      runId.current++
      dropChannels()
      lastStart.current = performance.now()
      // a request that takes a while (a new calibration at N = 10⁷): say so, and mark the old figures stale;
      // quick ones (small N, and every step of a drag there) never do, so nothing flickers
      if (staleTimer.current === null) {
        staleTimer.current = setTimeout(() => {
          staleTimer.current = null
          if (!disposed.current && inflight.current && useLab.getState().busy === null)
            useLab.setState({ busy: 'quantize' })
        }, STALE_AFTER_MS)
      }
      try {
        const forSummary = useLab.getState().summary
        const result = await engine.quantize(s)
        // shown just after the page's next frame, so its commit does not hold up the frame of a dragging pointer
        await afterNextFrame()
        // a result for a tensor that has since been replaced is dropped (the new tensor's request follows)
        if (useLab.getState().summary === forSummary) {
          useLab.setState({ result })
          // (with newer settings already waiting, their result asks instead)
          // (not after leaving the Lab: nothing would drop it)
          if (result.channelsLater && pending.current === null && !disposed.current)
            askChannels(s, result, result.channelsLater)
        }
      } catch (e) {
        // cancelled for newer settings (which run next): nothing went wrong
        if (!isCancelled(e)) reportFailure(e)
      } finally {
        inflight.current = false
        clearCancel()
        if (staleTimer.current !== null) clearTimeout(staleTimer.current)
        staleTimer.current = null
        // (with newer settings waiting, the figures stay marked until their result is in)
        if (pending.current === null) settled()
        kick()
      }
    }
    pending.current = settings
    kick()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [summary, settingsKey, engine])

  // the curves depend on the tensor, the KL variant and the grid they calibrate for (its width and signedness),
  // not on the threshold: fetch them when those change
  const variant = params.variant
  const { numBits, unsigned } = useCalibrationGrid()
  useEffect(() => {
    if (!summary) return
    let live = true
    const grid = { numBits, unsigned }
    void Promise.all([engine.entropyCurve(variant, grid), engine.mseCurve(grid)]).then(([entropy, mse]) => {
      if (!live) return
      noteCurveGrid(entropy, grid)
      // a candidate under the microscope keeps its threshold on the new curve (lab/klCandidate.ts)
      const { entropy: prev, candidate } = useLab.getState()
      useLab.setState({ entropy, mse, candidate: followCandidate(candidate, prev, entropy) })
    })
    return () => {
      live = false
    }
  }, [summary, variant, numBits, unsigned, engine])

  // the three entropy variants, overlaid on request (`variants=1` in the link)
  const showVariants = useLab((s) => s.params.variants)
  useEffect(() => {
    if (!showVariants || !summary) return
    let live = true
    const grid = { numBits, unsigned }
    void Promise.all([
      engine.entropyCurve('tensorrt', grid),
      engine.entropyCurve('pytorch-quantization', grid),
      engine.entropyCurve('tvm', grid),
    ]).then(([a, b, c]) => {
      if (live) useLab.setState({ entropyAll: { tensorrt: a, 'pytorch-quantization': b, tvm: c } })
    })
    return () => {
      live = false
    }
  }, [showVariants, summary, numBits, unsigned, engine])

  return engine
}
