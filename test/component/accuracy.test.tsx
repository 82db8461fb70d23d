import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { AccuracyParams } from '../../src/params/accuracyParams'
import { useApp } from '../../src/state/appStore'
import { ConfusionMatrix } from '../../src/views/accuracy/charts'
import { pct } from '../../src/views/accuracy/format'

// A stand-in engine (the real one fetches the shipped files, which happy-dom cannot): its figures are made
// from the settings, so the test can tell which settings the view asked for.
const calls: AccuracyParams[] = []
/** the order in which the view asks the worker for things: 'evaluate', 'sensitivity', 'activations' */
const order: string[] = []
const fake = {
  load: (net: 'mlp' | 'cnn') =>
    Promise.resolve({
      net,
      layers: [
        { name: 'fc1', kind: 'fc' },
        { name: 'fc2', kind: 'fc' },
        { name: 'fc3', kind: 'fc' },
      ],
      testN: 359,
      trainN: 1438,
      floatAccuracy: 0.9,
    }),
  evaluate: (p: AccuracyParams) => {
    calls.push(p)
    order.push(`evaluate:${p.abits}`)
    const quant = p.float.includes('fc1') ? 0.85 : p.traitor !== null ? 0.1 : 0.9
    const confusion = new Int32Array(100)
    confusion[0] = 3
    confusion[1] = 2
    return Promise.resolve({
      floatAccuracy: 0.9,
      quantAccuracy: quant,
      changed: p.traitor !== null ? 250 : 0,
      testN: 359,
      confusion,
      layers: ['fc1', 'fc2', 'fc3'].map((name) => ({
        name,
        kind: 'fc',
        quantized: !p.float.includes(name),
        lo: 0,
        hi: 1,
        min: 0,
        max: 1,
        scale: 1 / 255,
        sqnrDb: 30,
        clipped: 0,
      })),
      misclassified: [
        {
          index: 7,
          label: 3,
          floatPred: 3,
          quantPred: 8,
          floatLogits: new Float32Array(10),
          quantLogits: new Float32Array(10),
          image: new Float32Array(64),
        },
      ],
      elapsedMs: 1,
    })
  },
  sensitivity: (p: AccuracyParams) =>
    order.push(`sensitivity:${p.abits}`) &&
    Promise.resolve([
      { layer: 'fc1', accuracy: 0.2 },
      { layer: 'fc2', accuracy: 0.9 },
      { layer: 'fc3', accuracy: 0.9 },
    ]),
  bitsPoint: (_p: AccuracyParams, _c: string, bits: number) => Promise.resolve(bits / 10),
  activations: (p: AccuracyParams, layer: string) =>
    order.push(`activations:${p.abits}`) &&
    Promise.resolve({
      layer,
      values: Float32Array.from({ length: 50 }, (_, i) => i / 50),
      min: 0,
      max: 0.98,
      lo: 0,
      hi: 0.98,
      thresholds: { minmax: 0.98, percentile: 0.9, entropy: 0.8, mse: 0.85 },
    }),
}
vi.mock('../../src/views/accuracy/client', () => ({ accuracyEngine: () => fake }))

const { AccuracyView } = await import('../../src/views/accuracy/AccuracyPage')

describe('accuracy view pieces', () => {
  it('formats accuracies as the e2e and the issue read them', () => {
    expect(pct(0.9806)).toBe('98.06 %')
    expect(pct(1)).toBe('100.00 %')
    expect(pct(NaN)).toBe('—')
  })

  it('the confusion matrix writes a count in every non-empty cell, none in empty ones', () => {
    const c = new Int32Array(100)
    c[0] = 5
    c[13] = 2
    const { container } = render(
      <ConfusionMatrix confusion={c} rowLabel="t" colLabel="p" cellLabel={(a, b, n) => `${a}-${b}-${n}`} />,
    )
    expect(container.querySelectorAll('rect')).toHaveLength(100)
    expect([...container.querySelectorAll('text.cm-count')].map((e) => e.textContent)).toEqual(['5', '2'])
    expect([...container.querySelectorAll('title')].map((e) => e.textContent)).toContain('1-3-2')
  })
})

describe('the accuracy view', { timeout: 20_000 }, () => {
  it('shows both accuracies, and link notices in the user’s language', async () => {
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const { container } = render(<AccuracyView embed="abits=12&float=fc1,nope" />)
    await waitFor(
      () => expect(container.querySelector('[data-metric="quant-accuracy"]')?.textContent).toBe('85.00 %'),
      { timeout: 15_000 },
    )
    expect(container.querySelector('[data-metric="float-accuracy"]')?.textContent).toBe('90.00 %')
    const notice = container.querySelector('[data-message="link-notices"]')!.textContent
    expect(notice).toContain('abits')
    expect(notice).toContain('nope')
    // Chinese, not English
    expect(notice).not.toMatch(/clamped|invalid/i)
    // the clamped value is the one evaluated
    expect(calls.some((c) => c.abits === 8 && c.traitor === null && c.float.join() === 'fc1')).toBe(true)
  })

  it('"Keep in float" re-evaluates with the layer in float, and a preset card applies its settings', async () => {
    act(() => useApp.setState({ lang: 'en' }))
    const before = useApp.getState().query.toString()
    const { container } = render(<AccuracyView embed="traitor=40&abits=4" />)
    await waitFor(
      () => expect(container.querySelector('[data-metric="quant-accuracy"]')?.textContent).toBe('10.00 %'),
      { timeout: 15_000 },
    )
    await waitFor(() => expect(container.querySelector('[data-sens="fc1"]')?.textContent).toBe('20.00 %'))
    fireEvent.click(container.querySelector('button[data-keep="fc1"]')!)
    await waitFor(() =>
      expect(container.querySelector('[data-metric="quant-accuracy"]')?.textContent).toBe('85.00 %'),
    )
    expect(calls.some((c) => c.abits === 4 && c.traitor === 40 && c.float.join() === 'fc1')).toBe(true)
    fireEvent.click(screen.getAllByRole('button', { name: /Clean, 8 bits/ })[0])
    await waitFor(() =>
      expect(container.querySelector('[data-metric="quant-accuracy"]')?.textContent).toBe('90.00 %'),
    )
    // a chapter's widget keeps its state to itself
    expect(useApp.getState().query.toString()).toBe(before)
  })

  it('asks for the accuracy of new settings before the panels’ own jobs (the worker answers in order)', async () => {
    act(() => useApp.setState({ lang: 'en' }))
    const { container } = render(<AccuracyView embed="abits=6" />)
    await waitFor(() => expect(container.querySelector('[data-sens="fc1"]')?.textContent).toBe('20.00 %'), {
      timeout: 15_000,
    })
    await waitFor(() => expect(order).toContain('activations:6'))
    order.length = 0
    // a new bit width from the settings column
    fireEvent.click(screen.getAllByRole('button', { name: /Clean, 8 bits/ })[0])
    await waitFor(() => expect(order).toContain('sensitivity:8'))
    await waitFor(() => expect(order).toContain('activations:8'))
    const first = order.indexOf('evaluate:8')
    expect(first).toBeGreaterThanOrEqual(0)
    expect(first).toBeLessThan(order.indexOf('sensitivity:8'))
    expect(first).toBeLessThan(order.indexOf('activations:8'))
  })
})
