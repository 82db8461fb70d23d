/**
 * The model view's worker side: reads the files (from the user's File objects or from the page's own origin)
 * with progress, keeps the tensors, and answers report / detail / matrix requests. One model per worker: a new
 * model loads in a new worker, so a cancelled or failed load leaves the previous model untouched.
 */
import { ModelAnalysis, mobilenetTensors, type ReportSettings } from './analyze'
import { readModelFiles } from './read'
import { ModelFileError, type ModelErrorCode, type ModelFile } from './types'
import { isChunkLoadError } from '../engine/engineError'

export type LoadInput = { files: File[] } | { urls: { name: string; url: string }[] }
export type Progress = (stage: 'read' | 'parse' | 'report', done: number, total: number) => void
export type LoadOutcome =
  | { ok: true; overview: ReturnType<ModelAnalysis['overview']> }
  | {
      ok: false
      code: ModelErrorCode | 'fetch' | 'network' | 'chunk' | 'unknown'
      file: string
      detail: string
    }

/** more than this many bytes in one go is refused (the tab would run out of memory) */
export const MAX_MODEL_BYTES = 1.5 * 2 ** 30

async function readAll(
  stream: ReadableStream<Uint8Array>,
  size: number,
  onBytes: (n: number) => void,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let got = 0
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    got += value.length
    onBytes(value.length)
  }
  if (chunks.length === 1 && (size === got || size === 0)) return chunks[0]
  const out = new Uint8Array(got)
  let p = 0
  for (const c of chunks) {
    out.set(c, p)
    p += c.length
  }
  return out
}

export class ModelEngine {
  private a: ModelAnalysis | null = null

  async load(input: LoadInput, opts: { mobilenet: boolean }, onProgress: Progress): Promise<LoadOutcome> {
    let current = ''
    // each report crosses to the page as a message: at most one every 50 ms, plus the last of each stage
    let last = -Infinity
    const progress: Progress = (stage, done, total) => {
      const now = performance.now()
      if (now - last < 50 && done < total) return
      last = now
      void onProgress(stage, done, total)
    }
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
          )
        for (const f of input.files) {
          current = f.name
          const bytes = await readAll(f.stream(), f.size, (n) => progress('read', (done += n), total))
          files.push({ name: f.name, bytes })
        }
      } else {
        const responses = []
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
        }
        const total = responses.reduce((s, x) => s + x.size, 0)
        for (const x of responses) {
          current = x.name
          const bytes = await readAll(x.r.body!, x.size, (n) => progress('read', (done += n), total))
          files.push({ name: x.name, bytes })
        }
      }
      current = files[0]?.name ?? ''
      progress('parse', 0, files.length)
      const read = await readModelFiles(files, { onProgress: (d, t) => progress('parse', d, t) })
      const tensors = opts.mobilenet ? mobilenetTensors(read.tensors) : read.tensors
      const manifest = read.format === 'tfjs' ? files.find((f) => f.name.endsWith('.json')) : undefined
      const fileBytes = files.reduce((s, f) => s + f.bytes.length, 0)
      const a = new ModelAnalysis(tensors, read.format, fileBytes, manifest)
      if (a.layers.length === 0) throw new ModelFileError('empty', current)
      this.a = a
      return { ok: true, overview: a.overview() }
    } catch (e) {
      if (e instanceof ModelFileError) return { ok: false, code: e.code, file: e.file, detail: e.detail }
      // the .onnx reader is a chunk of its own, loaded when an .onnx file arrives
      if (isChunkLoadError(e)) return { ok: false, code: 'chunk', file: current, detail: '' }
      return { ok: false, code: 'unknown', file: current, detail: e instanceof Error ? e.message : String(e) }
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

  /** `report` one layer per slice: served (worker/serve.ts) and on the page (workerClient) it runs this way */
  reportSteps(s: ReportSettings, progress?: Progress) {
    return this.model.reportSteps(s, progress ? (d, t) => progress('report', d, t) : undefined)
  }

  detail(name: string, s: ReportSettings) {
    return this.model.detail(name, s)
  }

  matrix(name: string, s: ReportSettings) {
    return this.model.matrix(name, s)
  }
}
