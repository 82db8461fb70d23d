/**
 * How the page talks to the LabEngine: through a Web Worker (comlink) in the browser, or directly where
 * workers do not exist (component tests). Both give the same async interface.
 */
import { wrap, type Remote } from 'comlink'
import { LabEngine } from '../engine/labEngine'

export type EngineApi = {
  [K in keyof LabEngine]: LabEngine[K] extends (...a: infer A) => infer R
    ? (...a: A) => Promise<Awaited<R>>
    : never
}

function local(): EngineApi {
  const e = new LabEngine()
  return new Proxy({} as EngineApi, {
    get:
      (_t, key: string) =>
      async (...args: unknown[]) =>
        (e as unknown as Record<string, (...a: unknown[]) => unknown>)[key](...args),
  })
}

export function createEngine(): EngineApi {
  if (typeof Worker === 'undefined') return local()
  const worker = new Worker(new URL('../worker/lab.worker.ts', import.meta.url), { type: 'module' })
  return wrap<LabEngine>(worker) as unknown as Remote<LabEngine> as unknown as EngineApi
}
