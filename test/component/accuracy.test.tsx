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
/** which of the view's two workers each call went to: 'main:evaluate', 'background:sensitivity', … */
const routed: string[] = []
const via = (worker: string) =>
  Object.fromEntries(
    Object.entries(fake).map(([name, f]) => [
      name,
      (...a: unknown[]) => {
        routed.push(`${worker}:${name}`)
        return (f as (...b: unknown[]) => unknown)(...a)
      },
    ]),
  )
const mainWorker = via('main')
const backgroundWorker = via('background')
vi.mock('../../src/views/accuracy/client', () => ({
  accuracyEngine: () => mainWorker,
  accuracyBackground: () => backgroundWorker,
}))

const { AccuracyView } = await import('../../src/views/accuracy/AccuracyPage')
const { resetEvaluations } = await import('../../src/views/accuracy/useAccuracy')

describe('accuracy view pieces', () => {
  it('formats accuracies as the e2e and the issue read them', () => {
    expect(pct(0.9806)).toBe('98.06\u00a0%')
    expect(pct(1)).toBe('100.00\u00a0%')
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
      () =>
        expect(container.querySelector('[data-metric="quant-accuracy"]')?.textContent).toBe('85.00\u00a0%'),
      { timeout: 15_000 },
    )
    expect(container.querySelector('[data-metric="float-accuracy"]')?.textContent).toBe('90.00\u00a0%')
    // like the Lab's cards, the strip never breaks a number: each is a no-break span, and the card knows its
    // longest unbreakable run (the font shrinks when that is wider than the card)
    for (const dd of container.querySelectorAll('.acc-metrics dd')) {
      const spans = [...dd.querySelectorAll('.nobreak')].map((e) => e.textContent)
      expect(spans.join(''), dd.textContent).toMatch(/\d/)
      expect(dd.textContent.replace(/[^\d]/g, '')).toBe(spans.join('').replace(/[^\d]/g, ''))
      expect(Number((dd as HTMLElement).style.getPropertyValue('--run'))).toBeGreaterThan(0)
    }
    // Chinese captions use Chinese punctuation: "fc1：46.0 dB；fc2：…", not "fc1: 46.0 dB; …"
    const sqnr = container.querySelector('[data-chart="accuracy-sqnr"] .chart-summary')!.textContent
    expect(sqnr).toMatch(/^fc1：.+；/)
    expect(sqnr).not.toMatch(/[:;] /)
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
      () =>
        expect(container.querySelector('[data-metric="quant-accuracy"]')?.textContent).toBe('10.00\u00a0%'),
      { timeout: 15_000 },
    )
    await waitFor(() =>
      expect(container.querySelector('[data-sens="fc1"]')?.textContent).toBe('20.00\u00a0%'),
    )
    fireEvent.click(container.querySelector('button[data-keep="fc1"]')!)
    await waitFor(() =>
      expect(container.querySelector('[data-metric="quant-accuracy"]')?.textContent).toBe('85.00\u00a0%'),
    )
    expect(calls.some((c) => c.abits === 4 && c.traitor === 40 && c.float.join() === 'fc1')).toBe(true)
    fireEvent.click(screen.getAllByRole('button', { name: /Clean, 8 bits/ })[0])
    await waitFor(() =>
      expect(container.querySelector('[data-metric="quant-accuracy"]')?.textContent).toBe('90.00\u00a0%'),
    )
    // a chapter's widget keeps its state to itself
    expect(useApp.getState().query.toString()).toBe(before)
  })

  it('asks for the accuracy of new settings before the panels’ own jobs (the worker answers in order)', async () => {
    // the view keeps the evaluations it asked for: an earlier test's would answer these settings
    resetEvaluations()
    act(() => useApp.setState({ lang: 'en' }))
    const { container } = render(<AccuracyView embed="abits=6" />)
    await waitFor(
      () => expect(container.querySelector('[data-sens="fc1"]')?.textContent).toBe('20.00\u00a0%'),
      {
        timeout: 15_000,
      },
    )
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
  it('computes the figure on screen in one worker and the panels’ jobs in the other; presets once', async () => {
    resetEvaluations()
    act(() => useApp.setState({ lang: 'en' }))
    const { container } = render(<AccuracyView embed="abits=5" />)
    await waitFor(
      () => expect(container.querySelector('[data-sens="fc1"]')?.textContent).toBe('20.00\u00a0%'),
      {
        timeout: 15_000,
      },
    )
    await waitFor(() => expect(routed).toContain('background:activations'))
    await waitFor(() => expect(container.querySelector('[data-sweep-progress]')).toBeNull(), {
      timeout: 15_000,
    })
    // the presets' accuracies (one of them on the CNN) come from the background worker
    const presetCalls = () => calls.filter((c) => c.net === 'cnn').length
    await waitFor(() => expect(presetCalls()).toBeGreaterThan(0))
    const presetsBefore = presetCalls()
    expect(routed).not.toContain('main:sensitivity')
    expect(routed).not.toContain('main:activations')
    expect(routed).not.toContain('main:bitsPoint')
    routed.length = 0
    order.length = 0
    fireEvent.click(screen.getAllByRole('button', { name: /Clean, 8 bits/ })[0])
    await waitFor(() => expect(order).toContain('activations:8'))
    await waitFor(() => expect(order).toContain('sensitivity:8'))
    // the new settings' accuracy from the main worker, the panels' jobs from the other
    expect(routed).toContain('main:evaluate')
    expect(routed).toContain('background:sensitivity')
    expect(
      routed.filter((r) => r.startsWith('main:')).every((r) => r === 'main:evaluate' || r === 'main:load'),
    ).toBe(true)
    // a settings change lifts the panels' hold again: the presets (whose settings did not change) are not
    // computed again
    expect(presetCalls()).toBe(presetsBefore)
  })

  it('asks for the accuracy of new settings as soon as the link changes, before the view renders', async () => {
    resetEvaluations()
    act(() => useApp.setState({ lang: 'en' }))
    act(() => useApp.getState().navigate({ name: 'accuracy' }, new URLSearchParams('abits=7')))
    const { container } = render(<AccuracyView />)
    await waitFor(() => expect(container.querySelector('[data-metric="quant-accuracy"]')).not.toBeNull(), {
      timeout: 15_000,
    })
    calls.length = 0
    // no act(): React has not rendered the new link when setQuery returns
    useApp.getState().setQuery(new URLSearchParams('abits=6&calib=percentile'))
    expect(calls.some((c) => c.abits === 6 && c.calib === 'percentile')).toBe(true)
    await waitFor(() => expect(useApp.getState().query.get('abits')).toBe('6'))
    await act(async () => {
      await new Promise((r) => setTimeout(r, 50))
    })
    // the view's own job took the same answer: asked once
    expect(calls.filter((c) => c.abits === 6 && c.calib === 'percentile')).toHaveLength(1)
  })
})
