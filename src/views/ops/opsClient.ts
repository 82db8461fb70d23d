/**
 * How the add and dense views reach the OpsEngine: through a Web Worker (comlink) in the browser, or directly
 * where workers do not exist (component tests). Both give the same async interface. One worker per page.
 */
import { wrap } from 'comlink'
import { OpsEngine } from '../../engine/ops'

export type OpsApi = {
  [K in keyof OpsEngine]: OpsEngine[K] extends (...a: infer A) => infer R
    ? (...a: A) => Promise<Awaited<R>>
    : never
}

function local(): OpsApi {
  const e = new OpsEngine()
  return new Proxy({} as OpsApi, {
    get:
      (_t, key: string) =>
      async (...args: unknown[]) =>
        (e as unknown as Record<string, (...a: unknown[]) => unknown>)[key](...args),
  })
}

let shared: OpsApi | null = null

export function opsEngine(): OpsApi {
  if (shared) return shared
  if (typeof Worker === 'undefined') shared = local()
  else {
    const worker = new Worker(new URL('../../worker/ops.worker.ts', import.meta.url), { type: 'module' })
    shared = wrap<OpsEngine>(worker) as unknown as OpsApi
  }
  return shared
}
