/**
 * The model view's state, kept at module level so a model survives leaving the view (e.g. "Open in the Lab"
 * and Back). Each model lives in its own Web Worker, reached through the app's one worker client
 * (worker/workerClient.ts): a new one loads in a fresh worker, and only when it succeeds does it replace the
 * one shown, so a cancelled or broken load keeps what was there. A worker that fails to start, or that breaks
 * or falls silent at any time after (an uncaught error, an unreadable message, killed for memory), is given up
 * by the client: the model is read again on the page from the same input (the files or the shipped URLs) and
 * the pending and later requests are answered there. Each model's client records why under a name of its own
 * (`Handle.notice`, a key of `useWorkerFallbacks`), so the view says it beside that model only: another model
 * that loads fine in its worker leaves it alone, and the record goes when its model is replaced or its load
 * ends without a model (`endClient`).
 */
import { proxy } from 'comlink'
import { create } from 'zustand'
import type { LayerInfo } from '../../models/analyze'
import { ModelEngine, type LoadInput, type LoadOutcome, type Progress } from '../../models/engine'
import { unexpected, type ReadReason, type SkippedMembers } from '../../models/types'
import { useWorkerFallbacks, workerClient, type Api } from '../../worker/workerClient'
import type { ModelSource } from '../../params/modelParams'

/** a model of the view (the link's `src=`) */
export type Src = ModelSource
/** the models the app ships (fetched from the page's own origin) */
export const SHIPPED: readonly Src[] = ['mobilenet', 'digits-mlp', 'digits-cnn']
export type ModelApi = Api<ModelEngine>

export interface Handle {
  /** the model's own client: its worker, or the page's engine once the worker gave up */
  api: ModelApi
  /** the name its client records a worker failure under (a key of `useWorkerFallbacks`: its notice) */
  notice: string
  overview: Extract<LoadOutcome, { ok: true }>['overview']
  /** the .npz members its files hold that are not arrays (not read): named beside the model */
  skipped: SkippedMembers[]
  layers: LayerInfo[]
  label: string
}

export interface ModelError {
  id: number
  code: string
  file: string
  /** English (a reader's or the browser's words), for the tooltip; the message says `reason` */
  detail: string
  reason?: ReadReason | undefined
  /**
   * a model of the same source was shown when it failed, and is still shown: the message says so. (Read when
   * the message was drawn, every message claimed a model "shown before", one that failed before any model was
   * read too, as soon as a later file was read.)
   */
  kept: boolean
}

export interface ModelState {
  models: Partial<Record<Src, Handle>>
  /** a load under way: what, and how far */
  loading: {
    src: Src
    what: string
    stage: 'read' | 'parse' | 'report'
    done: number
    total: number
    /** the loading client's notice name (its worker can give up while it loads) */
    notice: string
  } | null
  errors: ModelError[]
  info: 'cancelled' | null
}

export const useModel = create<ModelState>(() => ({ models: {}, loading: null, errors: [], info: null }))

let cancelCurrent: (() => void) | null = null
let nextId = 1

/** ms for a new worker to answer a first, empty question (workerClient's startMs) */
export const MODEL_WORKER_START_MS = 10_000

/** how many values a load reads, about (float32), for the client's timeout; unknown for a URL */
function valuesIn(input: LoadInput): number | undefined {
  return 'files' in input ? input.files.reduce((s, f) => s + f.size, 0) / 4 : undefined
}

let nextClient = 1

/**
 * A client for one model in a worker of its own; `params()` is the model's size once it is known. `notice` is
 * the name its worker's failure is recorded under: one per client, so that each model has a notice of its own.
 */
function modelClient(params: () => number | undefined): { api: ModelApi; notice: string } {
  const notice = `model:${nextClient++}`
  const api = workerClient<ModelEngine>({
    name: notice,
    spawn: () => new Worker(new URL('../../worker/model.worker.ts', import.meta.url), { type: 'module' }),
    local: () => new ModelEngine(),
    // the model lived in the worker: after a fallback the page's engine reads it again from the same input
    stateKey: (m) => (m === 'load' ? 'model' : null),
    // a call's timeout scales with the values it works on: the file's, then the model's
    sizeOf: (m, a) => (m === 'load' ? valuesIn(a[0] as LoadInput) : params()),
    startMs: MODEL_WORKER_START_MS,
  })
  return { api, notice }
}

/** Ends a model's client (worker and all, no fallback) and its notice with it: its model is gone. */
function endClient(c: { api: ModelApi; notice: string }) {
  c.api.dispose()
  if (!(c.notice in useWorkerFallbacks.getState().reasons)) return
  useWorkerFallbacks.setState((st) => {
    const { [c.notice]: _gone, ...rest } = st.reasons
    return { reasons: rest }
  })
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
  let params: number | undefined
  const client = modelClient(() => params)
  const { api, notice } = client
  let cancelled = false
  /** the load is over: a later reading of the same input (on the page, after its worker gave up) is silent */
  let over = false
  let last = 0
  let lastStage = ''
  const onProgress: Progress = (stage, done, total) => {
    if (cancelled || over) return
    // at most ~20 updates a second, and each new stage at once
    const now = performance.now()
    if (now - last < 50 && done < total && stage === lastStage) return
    last = now
    lastStage = stage
    useModel.setState({ loading: { src, what: label, stage, done, total, notice } })
  }
  useModel.setState({ loading: { src, what: label, stage: 'read', done: 0, total: 0, notice }, info: null })
  // a cancelled load never falls back to reading the model on the page: its client ends, worker and all (and
  // a reading on the page that had begun stops, its notice gone with it)
  const cancel = () => {
    cancelled = true
    endClient(client)
    useModel.setState({ loading: null, info: 'cancelled' })
  }
  cancelCurrent = cancel
  try {
    // (a function crosses to a worker as a comlink proxy; on the page it is called as it is)
    const outcome = await api.load(input, { mobilenet: src === 'mobilenet' }, proxy(onProgress))
    if (cancelled) return false
    if (!outcome.ok) {
      endClient(client)
      useModel.setState((s) => ({
        loading: null,
        errors: [
          ...s.errors.slice(-3),
          {
            id: nextId++,
            code: outcome.code,
            file: outcome.file,
            detail: outcome.detail,
            reason: outcome.reason,
            kept: s.models[src] !== undefined,
          },
        ],
      }))
      return false
    }
    params = outcome.overview.params
    const layers = await api.layers()
    if (cancelled) return false
    over = true
    // the model it replaces goes, and its notice with it (another model's notice is not this load's business)
    const replaced = useModel.getState().models[src]
    if (replaced) endClient(replaced)
    useModel.setState((s) => ({
      loading: null,
      models: {
        ...s.models,
        [src]: {
          api,
          notice,
          overview: outcome.overview,
          skipped: outcome.skipped,
          layers,
          label,
        },
      },
    }))
    return true
  } catch (e) {
    if (cancelled) return false
    endClient(client)
    useModel.setState((s) => ({
      loading: null,
      errors: [
        ...s.errors.slice(-3),
        { id: nextId++, code: 'unknown', file: label, ...unexpected(e), kept: s.models[src] !== undefined },
      ],
    }))
    return false
  } finally {
    over = true
    if (cancelCurrent === cancel) cancelCurrent = null
  }
}

export function cancelLoad() {
  cancelCurrent?.()
}

export function dismissError(id: number) {
  useModel.setState((s) => ({ errors: s.errors.filter((e) => e.id !== id) }))
}
