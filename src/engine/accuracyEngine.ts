/**
 * The `#/model/accuracy` engine (runs in a Web Worker, or on the page when workers fail): fetches the shipped
 * digits data and network from the page's own origin, prepares them once per network (float activations of
 * every layer cached by the runner), and answers the view's questions (src/engine/accuracyTypes.ts) with the
 * network runner of src/engine/network. Pure apart from `fetch` of same-origin files.
 */
import { readSafetensors } from '../models/safetensors'
import { EngineError } from './engineError'
import type { AccuracyParams, NetId } from '../params/accuracyParams'
import type { DataCalibratorId } from '../registry/calibrators'
import type { ActsView, EvalView, NetInfo } from './accuracyTypes'
import {
  accuracyVsBits,
  decodeDigitsGz,
  evaluate,
  layerInputActivations,
  layerSensitivity,
  loadNetwork,
  parseDigitsCsv,
  prepareEvaluation,
  splitDigits,
  type AccuracySettings,
  type DigitsSplit,
  type PreparedNetwork,
} from './network'

/** The files, relative to the page's base URL (public/ in the repository). */
export const DIGITS_DATA_PATH = 'data/digits.csv.gz'
export const digitsModelPath = (net: NetId): string => `models/digits-${net}.safetensors`

async function fetchBytes(url: string): Promise<Uint8Array> {
  let res: Response
  try {
    res = await fetch(url)
  } catch (e) {
    // the request itself failed (offline, blocked): a coded refusal the page words in the user's language
    // (the browser's own "Failed to fetch" is English); the detail is the file's name
    throw new EngineError('network', url.replace(/^.*\//, ''), { cause: e })
  }
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`)
  return new Uint8Array(await res.arrayBuffer())
}

/** The link's settings as the runner's (the link's `float` list is already validated against the net). */
export function toSettings(p: AccuracyParams): AccuracySettings {
  return {
    net: p.net,
    wbits: p.wbits,
    abits: p.abits,
    wgran: p.wgran,
    group: p.group,
    calib: p.calib,
    variant: p.variant,
    pct: p.pct,
    ncal: p.ncal,
    traitor: p.traitor,
    float: p.float,
  }
}

/**
 * The data file's bytes: gzip as stored, or already inflated (a server that sends `.gz` files with
 * `Content-Encoding: gzip`, as Vite's preview does, has the browser inflate them before `fetch` sees them).
 */
export function readDigits(bytes: Uint8Array) {
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
  return gzip ? decodeDigitsGz(bytes) : parseDigitsCsv(new TextDecoder().decode(bytes))
}

export class AccuracyEngine {
  private split: Promise<DigitsSplit> | null = null
  private prepared = new Map<NetId, Promise<PreparedNetwork>>()

  private data(base: string): Promise<DigitsSplit> {
    this.split ??= fetchBytes(new URL(DIGITS_DATA_PATH, base).href).then((b) => splitDigits(readDigits(b)))
    // a failed fetch is tried again next time
    this.split.catch(() => (this.split = null))
    return this.split
  }

  private net(net: NetId, base?: string): Promise<PreparedNetwork> {
    let p = this.prepared.get(net)
    if (!p) {
      if (base === undefined) throw new Error(`network ${net} is not loaded`)
      const url = new URL(digitsModelPath(net), base).href
      p = Promise.all([this.data(base), fetchBytes(url)]).then(([split, bytes]) =>
        prepareEvaluation(loadNetwork(net, readSafetensors(url, bytes)), split),
      )
      this.prepared.set(net, p)
      p.catch(() => this.prepared.delete(net))
    }
    return p
  }

  async load(net: NetId, base: string): Promise<NetInfo> {
    const pr = await this.net(net, base)
    return {
      net,
      layers: pr.model.layers.map((l) => ({ name: l.name, kind: l.kind })),
      testN: pr.split.test.n,
      trainN: pr.split.train.n,
      floatAccuracy: pr.floatAccuracy,
    }
  }

  async evaluate(p: AccuracyParams): Promise<EvalView> {
    const pr = await this.net(p.net)
    const r = evaluate(pr, toSettings(p))
    const test = pr.split.test
    return {
      floatAccuracy: r.floatAccuracy,
      quantAccuracy: r.quantAccuracy,
      changed: r.changed,
      testN: test.n,
      confusion: r.confusion,
      layers: r.layers.map((l) => ({
        name: l.name,
        kind: l.kind,
        quantized: l.quantized,
        lo: l.lo,
        hi: l.hi,
        min: l.min,
        max: l.max,
        scale: l.scale,
        sqnrDb: l.sqnrDb,
        clipped: l.clipped,
      })),
      misclassified: r.misclassified.map((m) => ({
        index: m.index,
        label: m.label,
        floatPred: m.floatPred,
        quantPred: m.quantPred,
        floatLogits: m.floatLogits,
        quantLogits: m.quantLogits,
        image: test.images.slice(m.index * 64, m.index * 64 + 64),
      })),
      elapsedMs: r.elapsedMs,
    }
  }

  /** Accuracy with only each layer quantized: every other layer kept in float. */
  async sensitivity(p: AccuracyParams): Promise<{ layer: string; accuracy: number }[]> {
    const pr = await this.net(p.net)
    return layerSensitivity(pr, toSettings(p))
  }

  async bitsPoint(p: AccuracyParams, calib: DataCalibratorId, abits: number): Promise<number> {
    const pr = await this.net(p.net)
    return accuracyVsBits(pr, toSettings(p), calib, [abits])[0].accuracy
  }

  async activations(p: AccuracyParams, layer: string): Promise<ActsView> {
    const pr = await this.net(p.net)
    const s = toSettings(p)
    const a = layerInputActivations(pr, s, layer)
    const r = evaluate(pr, s).layers.find((l) => l.name === layer)
    return {
      layer,
      values: a.values,
      min: a.min,
      max: a.max,
      lo: r?.lo ?? a.min,
      hi: r?.hi ?? a.max,
      thresholds: a.thresholds,
    }
  }
}
