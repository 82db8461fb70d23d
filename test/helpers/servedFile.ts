/** float32 values as the bytes a .safetensors tensor holds */
export const f32 = (values: number[]) => new Uint8Array(new Float32Array(values).buffer)

/**
 * A fetch that answers with `file` as the page's origin serves it: happy-dom's own fetch hands out Node
 * Buffers, whose slice() shares memory, unlike a browser's Uint8Array chunks (the safetensors reader then
 * read the wrong bytes).
 */
export const servedFetch = (file: Uint8Array) => () =>
  Promise.resolve({
    ok: true,
    headers: new Headers({ 'Content-Length': String(file.length) }),
    body: new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(file.slice())
        c.close()
      },
    }),
  } as unknown as Response)

/**
 * A fetch that answers with `file` a chunk of `chunk` bytes at a time, each `everyMs` after it is asked for (a
 * download in progress); `served` counts the chunks asked for and says whether the reader let go of the body.
 */
export function trickledFetch(file: Uint8Array, chunk: number, everyMs: number) {
  const served = { pulls: 0, cancelled: false }
  const fetch = () =>
    Promise.resolve({
      ok: true,
      headers: new Headers({ 'Content-Length': String(file.length) }),
      body: new ReadableStream<Uint8Array>(
        {
          async pull(c) {
            const at = served.pulls++ * chunk
            await new Promise((r) => setTimeout(r, everyMs))
            if (at >= file.length) c.close()
            else c.enqueue(file.slice(at, at + chunk))
          },
          cancel() {
            served.cancelled = true
          },
        },
        { highWaterMark: 0 },
      ),
    } as unknown as Response)
  return { fetch, served }
}
