// A Web Worker for tests that works, then fails the way a real one can after it started: an uncaught error
// (`error`, with the browser's message or none), a message it cannot read (`messageerror`), or silence (killed
// for memory: no event at all). Its worker side is a served engine (src/worker/serve.ts) over a MessageChannel,
// spoken to with comlink as the page speaks to a real worker; it fails when the page posts a message `plan`
// picks, and from then on nothing reaches the engine or comes back from it.
import { expose } from 'comlink'
import { serveEngine } from '../../src/worker/serve'

export type Death = { kind: 'error'; message?: string } | { kind: 'messageerror' } | { kind: 'silent' }

/** a comlink call of `method` (what the page posts: `{ type: 'APPLY', path: [method], … }`) */
export const callOf = (method: string) => (data: unknown) => {
  const m = data as { type?: string; path?: unknown[] } | null
  return m?.type === 'APPLY' && m.path?.[0] === method
}

/**
 * A Worker class whose instances serve `engine()` until the page posts a message `plan.when` accepts; the
 * instance then dies as `plan.death` says. `plan` null: it never dies. `made` lists the instances.
 */
export function dyingWorker(
  engine: () => object,
  plan: () => { when: (data: unknown) => boolean; death: Death } | null,
) {
  return class DyingWorker extends EventTarget {
    static made: DyingWorker[] = []
    terminated = false
    dead = false
    /** the page's messages that reached the engine */
    posted: unknown[] = []
    private page: MessagePort
    private inside: MessagePort
    constructor() {
      super()
      DyingWorker.made.push(this)
      const { port1, port2 } = new MessageChannel()
      this.inside = port1
      this.page = port2
      expose(
        serveEngine(engine(), (m) => port1.postMessage(m)),
        port1,
      )
      port2.addEventListener('message', (e) => {
        if (!this.dead) this.dispatchEvent(new MessageEvent('message', { data: e.data as unknown }))
      })
      port2.start()
    }
    postMessage(data: unknown, transfer: Transferable[] = []) {
      if (this.dead) return
      const p = plan()
      if (p?.when(data)) {
        this.die(p.death)
        return
      }
      this.posted.push(data)
      this.page.postMessage(data, transfer)
    }
    start() {}
    terminate() {
      this.terminated = true
      this.close()
    }
    private close() {
      this.dead = true
      this.inside.close()
      this.page.close()
    }
    private die(death: Death) {
      this.close()
      // as a browser reports it: after the failing message was handed over, in a task of its own
      setTimeout(() => {
        if (death.kind === 'error')
          this.dispatchEvent(
            Object.assign(new Event('error', { cancelable: true }), { message: death.message ?? '' }),
          )
        else if (death.kind === 'messageerror') this.dispatchEvent(new Event('messageerror'))
      }, 0)
    }
  }
}
