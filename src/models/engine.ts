/**
 * The model view's worker side: reads the files (from the user's File objects or from the page's own origin)
 * with progress, keeps the tensors, and answers report / detail / matrix requests. One model per worker: a new
 * model loads in a new worker, so a cancelled or failed load leaves the previous model untouched. The same
 * engine runs on the page once a model's worker gave up (workerClient): there `loadSteps`, `reportSteps`,
 * `detailSteps` and `matrixSteps` run in slices between turns of the event loop (a large layer in many), and stop
 * at their next slice when cancelled.
 */
import { runAsyncSteps, type AsyncSteps } from '../core/steps'
import { ModelAnalysis, mobilenetTensors, type ReportSettings } from './analyze'
import { readModelFilesSteps } from './read'
import { copySteps } from './slices'
import {
  ModelFileError,
  unexpected,
  why,
  type ModelErrorCode,
  type ModelFile,
  type ReadReason,
  type SkippedMembers,
} from './types'
import { isChunkLoadError } from '../engine/engineError'

export type LoadInput = { files: File[] } | { urls: { name: string; url: string }[] }
export type Progress = (stage: 'read' | 'parse' | 'report', done: number, total: number) => void
export type LoadOutcome =
  | {
      ok: true
      overview: ReturnType<ModelAnalysis['overview']>
      /** the .npz members that are not arrays, left unread: the page names them */
      skipped: SkippedMembers[]
    }
  | {
      ok: false
      code: ModelErrorCode | 'fetch' | 'network' | 'chunk' | 'unknown'
      file: string
      /** English (the readers' words, or the browser's), for logs; the UI says `reason` */
      detail: string
      reason?: ReadReason | undefined
    }

/** more than this many bytes in one go is refused (the tab would run out of memory) */
export const MAX_MODEL_BYTES = 1.5 * 2 ** 30

/**
 * All the bytes of `stream`, a chunk per slice (it waits for each), then joined a MiB at a time. Stopped
 * before its end (cancelled, or failed), it lets go of the stream, so a file or a download is not read on.
 */
async function* readAllSteps(
  stream: ReadableStream<Uint8Array>,
  size: number,
  onBytes: (n: number) => void,
): AsyncSteps<Uint8Array> {
  const chunks: Uint8Array[] = []
  let got = 0
  const reader = stream.getReader()
  let ended = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      got += value.length
      onBytes(value.length)
      yield
    }
    ended = true
  } finally {
    if (!ended)
      reader.cancel().catch(() => {
        /* a stream that failed has nothing more to give up */
      })
  }
  if (chunks.length === 1 && (size === got || size === 0)) return chunks[0]
  const out = new Uint8Array(got)
  let p = 0
  for (const c of chunks) {
    yield* copySteps(c, out, p)
    p += c.length
    yield
  }
  return out
}

export class ModelEngine {
  private a: ModelAnalysis | null = null

  load(input: LoadInput, opts: { mobilenet: boolean }, onProgress: Progress): Promise<LoadOutcome> {
    return runAsyncSteps(this.loadSteps(input, opts, onProgress))
  }

  /**
   * `load` in slices (an async generator: it also waits for the files' bytes): a chunk of a file per slice, then
   * the readers' slices (`readModelFilesSteps`) and the layers'. Stopped at a slice (`return()`: a cancelled load
   * on the page), it lets go of its files and downloads and keeps no model.
   */
  async *loadSteps(
    input: LoadInput,
    opts: { mobilenet: boolean },
    onProgress: Progress,
  ): AsyncSteps<LoadOutcome> {
    let current = ''
    // each report crosses to the page as a message: at most one every 50 ms, plus the first and the last of each
    // stage (the page then says at once that the file is being decoded)
    let last = -Infinity
    let lastStage = ''
    const progress: Progress = (stage, done, total) => {
      const now = performance.now()
      if (now - last < 50 && done < total && stage === lastStage) return
      last = now
      lastStage = stage
      void onProgress(stage, done, total)
    }
    /** the downloads not read yet */
    const responses: { name: string; r: Response; size: number }[] = []
    try {
      const files: ModelFile[] = []
      let done = 0
      if ('files' in input) {
        const total = input.files.reduce((s, f) => s + f.size, 0)
        const big = input.files.find((f) => f.size > MAX_MODEL_BYTES)
        if (big || total > MAX_MODEL_BYTES)
          throw new ModelFileError(
            'too-large',
            big?.name ?? input.files[0].name,
            `${(total / 2 ** 20).toFixed(0)} MiB`,
            why('fileSize', { size: Math.round(total / 2 ** 20), max: MAX_MODEL_BYTES / 2 ** 20 }),
          )
        for (const f of input.files) {
          current = f.name
          const bytes = yield* readAllSteps(f.stream(), f.size, (n) => progress('read', (done += n), total))
          files.push({ name: f.name, bytes })
        }
      } else {
        for (const u of input.urls) {
          current = u.name
          let r: Response
          try {
            r = await fetch(u.url)
          } catch (e) {
            // the request itself failed (offline, blocked): the browser's words ("Failed to fetch") are English
            return {
              ok: false,
              code: 'network',
              file: u.name,
              detail: e instanceof Error ? e.message : String(e),
            }
          }
          if (!r.ok || !r.body) return { ok: false, code: 'fetch', file: u.name, detail: `HTTP ${r.status}` }
          responses.push({ name: u.name, r, size: Number(r.headers.get('Content-Length') ?? 0) })
          yield
        }
        const total = responses.reduce((s, x) => s + x.size, 0)
        while (responses.length > 0) {
          const x = responses.shift()!
          current = x.name
          const bytes = yield* readAllSteps(x.r.body!, x.size, (n) => progress('read', (done += n), total))
          files.push({ name: x.name, bytes })
        }
      }
      current = files[0]?.name ?? ''
      progress('parse', 0, files.length)
      const read = yield* readModelFilesSteps(files, { onProgress: (d, t) => progress('parse', d, t) })
      const tensors = opts.mobilenet ? mobilenetTensors(read.tensors) : read.tensors
      const manifest = read.format === 'tfjs' ? files.find((f) => f.name.endsWith('.json')) : undefined
      const fileBytes = files.reduce((s, f) => s + f.bytes.length, 0)
      const a = yield* ModelAnalysis.createSteps(tensors, read.format, fileBytes, manifest)
      if (a.layers.length === 0) throw new ModelFileError('empty', current)
      this.a = a
      return { ok: true, overview: a.overview(), skipped: read.skipped }
    } catch (e) {
      if (e instanceof ModelFileError)
        return { ok: false, code: e.code, file: e.file, detail: e.detail, reason: e.reason }
      // the .onnx reader is a chunk of its own, loaded when an .onnx file arrives
      if (isChunkLoadError(e)) return { ok: false, code: 'chunk', file: current, detail: '' }
      return { ok: false, code: 'unknown', file: current, ...unexpected(e) }
    } finally {
      // stopped, or failed, before every download was read: the others are not downloaded on
      for (const x of responses)
        x.r.body?.cancel().catch(() => {
          /* nothing more to give up */
        })
    }
  }

  private get model(): ModelAnalysis {
    if (!this.a) throw new Error('no model loaded')
    return this.a
  }

  layers() {
    return this.model.layers
  }

  report(s: ReportSettings, progress?: Progress) {
    return this.model.report(s, progress ? (d, t) => progress('report', d, t) : undefined)
  }

  /**
   * `report` in slices, within each layer too: served (worker/serve.ts) and on the page (workerClient) it runs
   * this way
   */
  reportSteps(s: ReportSettings, progress?: Progress) {
    return this.model.reportSteps(s, progress ? (d, t) => progress('report', d, t) : undefined)
  }

  detail(name: string, s: ReportSettings) {
    return this.model.detail(name, s)
  }

  /** `detail` in slices (as `reportSteps`) */
  detailSteps(name: string, s: ReportSettings) {
    return this.model.detailSteps(name, s)
  }

  matrix(name: string, s: ReportSettings) {
    return this.model.matrix(name, s)
  }

  /** `matrix` in slices (as `reportSteps`) */
  matrixSteps(name: string, s: ReportSettings) {
    return this.model.matrixSteps(name, s)
  }
}
