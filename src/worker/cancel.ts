/**
 * A call given up by its caller before it finished (workerClient `cancel`): newer settings made its answer
 * useless. Callers tell it from a failure with `isCancelled`; it crosses comlink as an Error with this name.
 */
export class CancelledError extends Error {
  constructor(method: string) {
    super(`${method}: cancelled (newer settings replaced it)`)
    this.name = 'CancelledError'
  }
}

export function isCancelled(e: unknown): boolean {
  return e instanceof Error && e.name === 'CancelledError'
}
