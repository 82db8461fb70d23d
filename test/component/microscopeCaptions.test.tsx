/**
 * The KL microscope's captions describe the candidate of the variant it shows: TensorRT's (i bins, the
 * outliers folded into P's last bin), pytorch-quantization's (the same on a copy with bins[0] = bins[1]) and
 * TVM's (a window of 2i + 1 bins around 0, the lower tail folded into P's first bin and the upper into its last,
 * P and Q smoothed) — checked against the candidate the core computes.
 */
import { act, render, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EntropyVariant } from '../../src/core'
import { LabEngine, type QuantSettings } from '../../src/engine/labEngine'
import type { SourceSpec } from '../../src/engine/sources'
import { useLab } from '../../src/lab/labStore'
import { useLabCompute } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { defaultLabParams } from '../../src/state/labParams'
import { MicroscopePanel } from '../../src/views/lab/MicroscopePanel'

const engine = vi.hoisted(() => ({ current: null as LabEngine | null }))
vi.mock('../../src/lab/engineClient', () => ({
  createEngine: () => {
    const e = new LabEngine()
    engine.current = e
    return {
      generate: (s: SourceSpec) => Promise.resolve(e.generate(s)),
      entropyCurve: (v: EntropyVariant) => Promise.resolve(e.entropyCurve(v)),
      mseCurve: () => Promise.resolve(null),
      quantize: (s: QuantSettings) => Promise.resolve(e.quantize(s)),
      // (async: a refusal is a rejected promise, as from the worker)
      microscope: (v: EntropyVariant, i: number) => Promise.resolve().then(() => e.microscope(v, i)),
    }
  },
}))

function Lab() {
  useLabCompute()
  return <MicroscopePanel />
}

async function facts(variant: EntropyVariant, lang: 'en' | 'zh-CN' = 'en') {
  act(() => useApp.setState({ lang }))
  const p = { ...defaultLabParams(), n: 4000, dist: 'normal' as const, variant }
  useLab.setState({
    params: p,
    committed: p,
    summary: null,
    result: null,
    busy: null,
    candidate: null,
    entropy: null,
  })
  const view = render(<Lab />)
  await waitFor(() => expect(view.container.querySelector('.micro-facts')).not.toBeNull(), { timeout: 5000 })
  const entropy = useLab.getState().entropy!
  const m = engine.current!.microscope(variant, entropy.best)
  const text = view.container.querySelector('.micro-facts')!.textContent
  const summary = view.container.querySelector('[data-chart="kl-microscope"]')?.textContent ?? ''
  view.unmount()
  return { text, summary, m }
}

afterEach(() => act(() => useApp.setState({ lang: 'en' })))

describe('the KL microscope’s captions', () => {
  it('TVM: a window of 2i + 1 bins, both tails folded in, smoothed', async () => {
    const { text, m } = await facts('tvm')
    expect(m.size).toBe(2 * m.candidate + 1)
    expect(m.windowStart).toBeGreaterThan(0)
    expect(text).toContain(`2i + 1 = ${m.size} bins around 0`)
    expect(text).toContain('the lower tail into P’s first bin and the upper tail into its last')
    expect(text).toContain('smoothed')
    expect(text).not.toContain('folded into P’s last bin;')
  })

  it('TVM in Chinese', async () => {
    const { text, m } = await facts('tvm', 'zh-CN')
    expect(text).toContain(`2i + 1 = ${m.size} 个桶`)
    expect(text).toContain('平滑')
  })

  it('pytorch-quantization: TensorRT’s candidate on bins[0] = bins[1], not smoothed', async () => {
    const { text, m } = await facts('pytorch-quantization')
    expect(m.size).toBe(m.candidate)
    expect(text).toContain('bins[0] = bins[1]')
    expect(text).toContain('folded into P’s last bin')
    expect(text).toContain('no smoothing')
  })

  it('TensorRT: i bins, the outliers in P’s last bin', async () => {
    const { text, m } = await facts('tensorrt')
    expect(m.size).toBe(m.candidate)
    expect(text).toContain(`Candidate i = ${m.candidate} bins`)
    expect(text).toContain('folded into P’s last bin')
    expect(text).not.toContain('window')
  })
})
