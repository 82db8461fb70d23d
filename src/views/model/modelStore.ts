/**
 * The model view's state, kept at module level so a model survives leaving the view (e.g. "Open in the Lab"
 * and Back). Each model lives in its own Web Worker: a new one loads in a fresh worker, and only when it
 * succeeds does it replace the one shown, so a cancelled or broken load keeps what was there.
 */
import { proxy, wrap, type Remote } from 'comlink'
import { create } from 'zustand'
import type { LayerInfo } from '../../models/analyze'
import { ModelEngine, type LoadInput, type LoadOutcome, type Progress } from '../../models/engine'
import { useWorkerFallbacks, type WorkerFailure } from '../../worker/workerClient'

export type Src = 'mobilenet' | 'digits-mlp' | 'digits-cnn' | 'loaded'
/** the models the app ships (fetched from the page's own origin) */
export const SHIPPED: readonly Src[] = ['mobilenet', 'digits-mlp', 'digits-cnn']
type Api = Remote<ModelEngine> | ModelEngine

export interface Handle {
  api: Api
  worker: Worker | null
  overview: Extract<LoadOutcome, { ok: true }>['overview']
  layers: LayerInfo[]
  label: string
}

export interface ModelError {
  id: number
  code: string
  file: string
  detail: string
}

export interface ModelState {
  models: Partial<Record<Src, Handle>>
  /** a load under way: what, and how far */
  loading: { src: Src; what: string; stage: 'read' | 'parse' | 'report'; done: number; total: number } | null
  errors: ModelError[]
  info: 'cancelled' | null
}

export const useModel = create<ModelState>(() => ({ models: {}, loading: null, errors: [], info: null }))

let cancelCurrent: (() => void) | null = null
let nextId = 1

function spawn(): { api: Api; worker: Worker | null } {
  if (typeof Worker === 'undefined') {
    useWorkerFallbacks.setState((s) => ({ reasons: { ...s.reasons, model: { kind: 'missing' } } }))
    return { api: new ModelEngine(), worker: null }
  }
  try {
    const worker = new Worker(new URL('../../worker/model.worker.ts', import.meta.url), { type: 'module' })
    return { api: wrap<ModelEngine>(worker), worker }
  } catch (e) {
    pageFallback({ kind: 'error', detail: e instanceof Error ? e.message : String(e) })
    return { api: new ModelEngine(), worker: null }
  }
}

/** ms for a new worker to answer a first, empty question (as workerClient's startMs) */
export const MODEL_WORKER_START_MS = 10_000

/** records why the model view computes on the page (WorkerNotice name="model" says so) */
function pageFallback(why: WorkerFailure) {
  useWorkerFallbacks.setState((s) => ({ reasons: { ...s.reasons, model: why } }))
}

/**
 * Resolves with why `worker` failed to start: its `error` event (the script blocked, missing or broken) or no
 * answer to a first, empty question within MODEL_WORKER_START_MS (a module script that never loads does not
 * always fire `error`). Never resolves for a worker that starts; `stop` ends the watch.
 */
function watchStart(worker: Worker, api: Api): { failed: Promise<WorkerFailure>; stop: () => void } {
  let stop = () => undefined as void
  const failed = new Promise<WorkerFailure>((resolve) => {
    const onError = (ev: ErrorEvent) => {
      ev.preventDefault()
      resolve(ev.message ? { kind: 'error', detail: ev.message } : { kind: 'load' })
    }
    worker.addEventListener('error', onError)
    const timer = setTimeout(
      () => resolve({ kind: 'timeout', seconds: Math.round(MODEL_WORKER_START_MS / 1000) }),
      MODEL_WORKER_START_MS,
    )
    // comlink answers a GET of a property the engine lacks as soon as the worker's script runs
    void Promise.resolve((api as unknown as { started: Promise<unknown> }).started).then(
      () => clearTimeout(timer),
      () => undefined,
    )
    stop = () => {
      clearTimeout(timer)
      worker.removeEventListener('error', onError)
    }
  })
  return { failed, stop }
}

export const MOBILENET_FILES = ['ssd_mobilenetv1_model-weights_manifest.json', 'ssd_mobilenetv1_model.bin']

export function mobilenetInput(): LoadInput {
  const base = typeof document === 'undefined' ? 'http://localhost/' : document.baseURI
  return {
    urls: MOBILENET_FILES.map((name) => ({ name, url: new URL(`models/mobilenet/${name}`, base).href })),
  }
}

/** The digits networks of `#/model/accuracy` (public/models/digits-*.safetensors). */
export function digitsInput(src: 'digits-mlp' | 'digits-cnn'): LoadInput {
  const base = typeof document === 'undefined' ? 'http://localhost/' : document.baseURI
  const name = `${src}.safetensors`
  return { urls: [{ name, url: new URL(`models/${name}`, base).href }] }
}

/** The input and label of a shipped model. */
export function shippedInput(src: Src): { input: LoadInput; label: string } | null {
  if (src === 'mobilenet') return { input: mobilenetInput(), label: 'MobileNetV1' }
  if (src === 'digits-mlp') return { input: digitsInput(src), label: 'digits MLP' }
  if (src === 'digits-cnn') return { input: digitsInput(src), label: 'digits CNN' }
  return null
}

/** Load a model into a new worker; on success it replaces `src`'s model, otherwise nothing changes. */
export async function loadModel(src: Src, input: LoadInput, label: string): Promise<boolean> {
  cancelCurrent?.()
  let { api, worker } = spawn()
  let cancelled = false
  let last = 0
  const onProgress: Progress = (stage, done, total) => {
    // at most ~20 updates a second
    const now = performance.now()
    if (now - last < 50 && done < total) return
    last = now
    if (!cancelled) useModel.setState({ loading: { src, what: label, stage, done, total } })
  }
  useModel.setState({ loading: { src, what: label, stage: 'read', done: 0, total: 0 }, info: null })
  // a worker that fails to start (its script blocked or broken) is dropped and the model is read on the page,
  // as the Lab's and the ops views' clients do (worker/workerClient.ts), instead of waiting for ever
  const watch = worker ? watchStart(worker, api) : null
  // a cancel ends the wait too: a cancelled load never falls back to reading the model on the page
  let onCancel = () => undefined as void
  const cancelledWait = new Promise<{ cancelled: true }>((resolve) => {
    onCancel = () => resolve({ cancelled: true })
  })
  const cancel = () => {
    cancelled = true
    watch?.stop()
    onCancel()
    worker?.terminate()
    useModel.setState({ loading: null, info: 'cancelled' })
  }
  cancelCurrent = cancel
  const orPage = async <R>(ask: (a: Api) => Promise<R> | R): Promise<R> => {
    if (!watch || !worker) return ask(api)
    const first = await Promise.race([
      Promise.resolve(ask(api)).then((value) => ({ value })),
      watch.failed.then((why) => ({ why })),
      cancelledWait,
    ])
    if ('value' in first) {
      // this worker answers: an earlier load's "read on the page" notice no longer holds
      if (useWorkerFallbacks.getState().reasons.model) {
        useWorkerFallbacks.setState((st) => {
          const { model: _gone, ...rest } = st.reasons
          return { reasons: rest }
        })
      }
      return first.value
    }
    if ('cancelled' in first) throw new Error('cancelled')
    worker.terminate()
    worker = null
    pageFallback(first.why)
    api = new ModelEngine()
    return ask(api)
  }
  try {
    const outcome = await orPage((a) =>
      a.load(input, { mobilenet: src === 'mobilenet' }, worker ? proxy(onProgress) : onProgress),
    )
    if (cancelled) return false
    if (!outcome.ok) {
      worker?.terminate()
      useModel.setState((s) => ({
        loading: null,
        errors: [
          ...s.errors.slice(-3),
          { id: nextId++, code: outcome.code, file: outcome.file, detail: outcome.detail },
        ],
      }))
      return false
    }
    const layers = await orPage((a) => a.layers())
    if (cancelled) return false
    const old = useModel.getState().models[src]
    old?.worker?.terminate()
    useModel.setState((s) => ({
      loading: null,
      models: { ...s.models, [src]: { api, worker, overview: outcome.overview, layers, label } },
    }))
    return true
  } catch (e) {
    if (cancelled) return false
    worker?.terminate()
    useModel.setState((s) => ({
      loading: null,
      errors: [
        ...s.errors.slice(-3),
        { id: nextId++, code: 'unknown', file: label, detail: e instanceof Error ? e.message : String(e) },
      ],
    }))
    return false
  } finally {
    watch?.stop()
    if (cancelCurrent === cancel) cancelCurrent = null
  }
}

export function cancelLoad() {
  cancelCurrent?.()
}

export function dismissError(id: number) {
  useModel.setState((s) => ({ errors: s.errors.filter((e) => e.id !== id) }))
}
