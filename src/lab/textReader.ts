/**
 * Reading a large text (a CSV file, a long paste) without freezing the page: the text goes in chunks to a
 * TextJob in the text worker, which feeds them to the incremental TextParser (loaders.ts), so the value limit
 * is checked as the text arrives and the page stays responsive, shows progress and can cancel. Without a
 * worker (or when it fails) the same job runs on the page, one chunk per task (workerClient yields between
 * calls), so the page still paints between chunks.
 */
import { transfer } from 'comlink'
import { LoadError, TextParser, type LoadErrorCode, type LoadedArray } from './loaders'
import { workerClient, type Api } from '../worker/workerClient'

/** an error crosses the worker boundary as a value: comlink keeps only an Error's message */
export type JobResult<T> = { ok: true; value: T } | { ok: false; code: LoadErrorCode; detail: string }

const wrapErr = (e: unknown): JobResult<never> => {
  if (e instanceof LoadError) return { ok: false, code: e.code, detail: e.detail }
  throw e
}

/** One text being read; lives in the text worker (or on the page as the fallback). */
export class TextJob {
  private parser: TextParser | null = null
  private fed = 0

  /** @param expectedChars the text's length (characters or bytes), for the parser's array (TextParser) */
  begin(expectedChars = 0): void {
    this.parser = new TextParser(undefined, expectedChars)
    this.fed = 0
  }

  /**
   * Feed the chunk that starts at character `at` of the text. A job that lost earlier chunks (a worker that
   * died and was replaced by the page's copy) answers 'restart' so that the reader starts over.
   */
  feed(chunk: string, at: number): JobResult<number> | 'restart' {
    if (!this.parser || at !== this.fed) return 'restart'
    this.fed += chunk.length
    try {
      return { ok: true, value: this.parser.feed(chunk).count }
    } catch (e) {
      this.parser = null
      return wrapErr(e)
    }
  }

  finish(): JobResult<LoadedArray> | 'restart' {
    const p = this.parser
    if (!p) return 'restart'
    this.parser = null
    try {
      const value = p.finish()
      // hand the values over rather than copying 80 MB
      return transfer({ ok: true as const, value }, [value.data.buffer])
    } catch (e) {
      return wrapErr(e)
    }
  }

  cancel(): void {
    this.parser = null
  }
}

let client: Api<TextJob> | null = null
const job = () =>
  (client ??= workerClient<TextJob>({
    name: 'text',
    spawn: () => new Worker(new URL('../worker/text.worker.ts', import.meta.url), { type: 'module' }),
    local: () => new TextJob(),
  }))

/** characters (or bytes of a file) per chunk: a few ms of parsing each */
export const CHUNK = 1 << 20

/**
 * A file's encoding by its byte order mark: UTF-16 when it starts with one (a spreadsheet's "Unicode text", which
 * Excel writes as UTF-16LE with a BOM, was read as UTF-8 and refused as a binary file for its NUL bytes), UTF-8
 * otherwise. The chunks are a whole number of UTF-16 code units (CHUNK is even), and `stream` keeps a surrogate
 * pair cut between two.
 */
export async function textEncoding(file: Blob): Promise<'utf-8' | 'utf-16le' | 'utf-16be'> {
  const b = new Uint8Array(await file.slice(0, 2).arrayBuffer())
  if (b.length === 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le'
  if (b.length === 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be'
  return 'utf-8'
}

export class ReadCancelled extends Error {
  constructor() {
    super('cancelled')
    this.name = 'ReadCancelled'
  }
}

/**
 * Read a pasted text or a text file in chunks. `progress(done, total)` is called after each chunk (characters
 * or bytes); `signal` cancels (the promise rejects with ReadCancelled). Bad text rejects with a LoadError.
 */
export async function readText(
  source: string | Blob,
  progress: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<LoadedArray> {
  const total = typeof source === 'string' ? source.length : source.size
  const j = job()
  const encoding = typeof source === 'string' ? 'utf-8' : await textEncoding(source)
  for (let attempt = 0; attempt < 2; attempt++) {
    await j.begin(total)
    // (the decoder drops the byte order mark of the encoding it reads)
    const decoder = new TextDecoder(encoding)
    let at = 0
    let restart = false
    for (let pos = 0; pos < total && !restart; pos += CHUNK) {
      if (signal?.aborted) {
        void j.cancel()
        throw new ReadCancelled()
      }
      const chunk =
        typeof source === 'string'
          ? source.slice(pos, pos + CHUNK)
          : // stream: true keeps a character cut between two slices for the next one
            decoder.decode(await source.slice(pos, pos + CHUNK).arrayBuffer(), {
              stream: pos + CHUNK < total,
            })
      const r = await j.feed(chunk, at)
      if (r === 'restart') restart = true
      else if (!r.ok) throw new LoadError(r.code, r.detail)
      at += chunk.length
      progress(Math.min(pos + CHUNK, total), total)
    }
    if (restart) continue
    if (signal?.aborted) {
      void j.cancel()
      throw new ReadCancelled()
    }
    const r = await j.finish()
    // a cancel that came while the last values were handed over still wins: the user saw the progress bar
    if (signal?.aborted) throw new ReadCancelled()
    if (r === 'restart') continue
    if (!r.ok) throw new LoadError(r.code, r.detail)
    return r.value
  }
  throw new Error('the text reader lost its state twice')
}
