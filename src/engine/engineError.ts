/**
 * Refusals a user can act on, from any engine (the Lab's, the add and dense views'), and how a view reads them
 * back. Pure: no DOM.
 */

/** What was refused: each code has a message of its own in the view that shows it. */
export const ENGINE_ERROR_CODES = [
  'empty',
  'overflow',
  'nonfinite',
  'float32',
  'shape',
  'zeropoint',
  'outputscale',
  'range',
  'network',
] as const
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number]

/** An engine failure the UI can explain in the user's language (`code` picks the message). */
export class EngineError extends Error {
  constructor(
    public code: EngineErrorCode,
    detail: string,
    options?: { cause?: unknown },
  ) {
    // the code leads the message: comlink carries an error's message across the worker boundary, not its fields
    super(`${code}: ${detail}`, options)
    this.name = 'EngineError'
  }
}

const CODED = new RegExp(`^(${ENGINE_ERROR_CODES.join('|')}): (.*)$`, 's')

/** An EngineError's code and detail, read back from its message; null for any other failure. */
export function engineCode(text: string): { code: EngineErrorCode; detail: string } | null {
  const m = CODED.exec(text)
  return m ? { code: m[1] as EngineErrorCode, detail: m[2] } : null
}

/**
 * Whether `e` is a failed load of a part of the app (a lazy chunk, the .onnx reader): the browsers' own words
 * for it (Chromium, Firefox, Safari, Vite's preload) are English and name a hashed file, so the views say
 * instead, in the user's language, that this part could not be downloaded (offline, or a new version).
 */
export function isChunkLoadError(e: unknown): boolean {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
  return /dynamically imported module|Importing a module script failed|Unable to preload CSS|ChunkLoadError|Loading (CSS )?chunk \S+ failed/i.test(
    text,
  )
}
