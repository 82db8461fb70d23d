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
