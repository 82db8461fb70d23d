/**
 * The Lab's state (zustand): the link parameters, what the engine computed from them, the linked
 * highlight, undo/redo, and the messages shown to the user. The URL mirrors `params`: a drag replaces the
 * history entry, a committed change pushes one (so Back steps through changes).
 */
import { create } from 'zustand'
import type { CurveResult } from '../core'
import type { ChannelView, QuantResult, SourceSummary } from '../engine/labEngine'
import {
  TRAITOR_SOURCE,
  decodeLabParams,
  defaultLabParams,
  encodeLabParams,
  type LabParams,
  type ParamNotice,
} from '../state/labParams'
import type { MessageKey } from '../i18n'
import { langNotices } from '../params/langParam'

export interface UserMessage {
  id: number
  kind: 'error' | 'info'
  key: MessageKey
  vars?: Record<string, string | number> | undefined
  /** a second sentence (e.g. the reason after "… was not loaded:") */
  then?: { key: MessageKey; vars?: Record<string, string | number> | undefined } | undefined
}

export interface LoadedData {
  name: string
  data: Float64Array
  shape: [number, number]
  dropped: number
}

export interface LabState {
  params: LabParams
  /** the params as of the last committed change (a drag's start point for undo) */
  committed: LabParams
  notices: ParamNotice[]
  messages: UserMessage[]
  summary: SourceSummary | null
  result: QuantResult | null
  /**
   * the per-channel comparison of a 2-D tensor quantized per tensor (QuantResult.channelsLater), asked after
   * the result it belongs to: shown as stale while a newer result's is computed
   */
  channelView: { view: ChannelView; result: QuantResult } | null
  /** the result whose per-channel comparison failed (the error is among the messages) */
  channelsFailed: QuantResult | null
  entropy: CurveResult | null
  entropyAll: Partial<Record<LabParams['variant'], CurveResult | null>>
  mse: CurveResult | null
  busy: string | null
  hoverX: number | null
  /** candidate index (into the entropy curve) under the KL microscope */
  candidate: number | null
  loaded: LoadedData | null
  past: LabParams[]
  future: LabParams[]
  /**
   * apply a change; `commit` false while dragging (replaceState, no undo entry); `step` for a keyboard step of
   * a slider: steps that follow each other quickly are one change, like a drag (one undo entry, one history
   * entry), so holding an arrow key does not flood the history
   */
  update: (
    patch: Partial<LabParams>,
    opts?: { commit?: boolean | undefined; step?: boolean | undefined },
  ) => void
  /** read params from a link (first load, Back/Forward): no undo entry, no URL write */
  fromQuery: (query: URLSearchParams) => void
  undo: () => void
  redo: () => void
  /** show a message; the same message again replaces the earlier one (said once, not stacked) */
  say: (
    kind: UserMessage['kind'],
    key: MessageKey,
    vars?: UserMessage['vars'],
    then?: UserMessage['then'],
  ) => void
  dismiss: (id: number) => void
  dismissNotices: () => void
}

/** What `#/lab` with no parameters shows: the notes' traitor. */
export function traitorPreset(): LabParams {
  return { ...defaultLabParams(), ...TRAITOR_SOURCE }
}

let nextId = 1
/** a drag is under way (its history entry exists and is being replaced) */
let dragging = false
/** when the last keyboard step was applied; steps closer together than STEP_RUN_MS form one change */
let lastStep = -Infinity
const STEP_RUN_MS = 500
/** set by the page: writes the URL (push or replace) */
let writeUrl: (q: URLSearchParams, replace: boolean) => void = () => undefined
export function setUrlWriter(fn: (q: URLSearchParams, replace: boolean) => void) {
  writeUrl = fn
}

export const MAX_UNDO = 100

export const useLab = create<LabState>((set, get) => ({
  params: traitorPreset(),
  committed: traitorPreset(),
  notices: [],
  messages: [],
  summary: null,
  result: null,
  channelView: null,
  channelsFailed: null,
  entropy: null,
  entropyAll: {},
  mse: null,
  busy: null,
  hoverX: null,
  candidate: null,
  loaded: null,
  past: [],
  future: [],
  update: (patch, opts = {}) => {
    const commit = opts.commit ?? true
    const s = get()
    const next = { ...s.params, ...patch }
    const now = performance.now()
    const repeat = commit && opts.step === true && now - lastStep < STEP_RUN_MS
    lastStep = opts.step === true ? now : -Infinity
    const newEntry = commit && !repeat
    const past = newEntry ? [...s.past, s.committed].slice(-MAX_UNDO) : s.past
    set({ params: next, past, future: commit ? [] : s.future, ...(commit ? { committed: next } : {}) })
    // history: a drag's first move pushes one entry (so Back returns to the state before the drag), its
    // further moves and its final commit replace that entry; a run of keyboard steps likewise; a single
    // committed change pushes its own
    writeUrl(encodeLabParams(next), dragging || repeat)
    dragging = !commit
  },
  fromQuery: (query) => {
    lastStep = -Infinity // Back/Forward ends a run of keyboard steps
    const hasLabParams = [...query.keys()].some((k) => k !== 'lang' && k !== 'present' && k !== 'hide')
    // a bare #/lab is the traitor preset
    const { params, notices } = hasLabParams
      ? decodeLabParams(query)
      : // (a `lang` the app does not speak is said on a bare #/lab too)
        { params: traitorPreset(), notices: langNotices(query) }
    // no notices before or after: the same empty list, so the messages panel does not re-render for a new link
    const kept = notices.length === 0 && get().notices.length === 0 ? get().notices : notices
    set({ params, notices: kept, committed: params })
  },
  undo: () => {
    lastStep = -Infinity // a step after an undo is a change of its own
    const s = get()
    const prev = s.past[s.past.length - 1]
    if (!prev) return
    set({ params: prev, past: s.past.slice(0, -1), future: [s.params, ...s.future], committed: prev })
    writeUrl(encodeLabParams(prev), false)
  },
  redo: () => {
    lastStep = -Infinity
    const s = get()
    const next = s.future[0]
    if (!next) return
    set({ params: next, past: [...s.past, s.params], future: s.future.slice(1), committed: next })
    writeUrl(encodeLabParams(next), false)
  },
  say: (kind, key, vars, then) =>
    set((s) => {
      const sig = JSON.stringify([kind, key, vars ?? null, then ?? null])
      const others = s.messages.filter(
        (m) => JSON.stringify([m.kind, m.key, m.vars ?? null, m.then ?? null]) !== sig,
      )
      return { messages: [...others.slice(-4), { id: nextId++, kind, key, vars, then }] }
    }),
  dismiss: (id) => set((s) => ({ messages: s.messages.filter((m) => m.id !== id) })),
  dismissNotices: () => set({ notices: [] }),
}))
