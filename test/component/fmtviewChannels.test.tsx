/**
 * The Per channel panel under a number format. It used to compare the integer grid of the format's width (int8
 * for FP8 E4M3: scales max|x|/127, every channel calibrated) beside main figures that are the format's, so at
 * per-channel granularity its "per channel" MSE was not the result's. Now both sides are the format's, from the
 * format quantizer (one scale for the tensor, T/largest; one per channel, its largest |x|/largest), and under MX,
 * whose blocks each have their own power of two, the panel says there is no such comparison.
 */
import { act, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { groupwiseQuantize, errorMetrics, quantizeToFormat } from '../../src/core'
import { fmt } from '../../src/charts/format'
import { LabEngine } from '../../src/engine/labEngine'
import { sourceSpecOf } from '../../src/engine/sources'
import { useLab } from '../../src/lab/labStore'
import { quantSettingsOf } from '../../src/lab/useLabCompute'
import { useApp } from '../../src/state/appStore'
import { defaultLabParams, type LabParams } from '../../src/state/labParams'
import { ChannelPanel } from '../../src/views/lab/ChannelPanel'

/** The Lab's state for these settings as useLabCompute leaves it, the per-channel call answered. */
function setUp(over: Partial<LabParams>) {
  const p: LabParams = { ...defaultLabParams(), dist: 'normal', n: 16 * 256, rows: 16, spread: 1, ...over }
  const e = new LabEngine()
  const summary = e.generate(sourceSpecOf(p))
  const q = quantSettingsOf(p)
  const result = e.quantize(q)
  const later = result.channelsLater ? e.channels(q, result.channelsLater) : null
  useLab.setState({
    params: p,
    committed: p,
    summary,
    result,
    busy: null,
    channelsFailed: null,
    channelView: later ? { view: later, result } : null,
  })
  const x = e.table({ ...q, fmt: 'int', gran: 'tensor' }).x
  return { result, later, x }
}

const cells = (c: HTMLElement) =>
  [...c.querySelectorAll('.channel-table tbody tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent),
  )

afterEach(() => act(() => useApp.setState({ lang: 'en' })))

describe('the Per channel panel under FP8 E4M3', () => {
  it('per channel: the channel side is the result itself, with the format’s scales max|x|/448', () => {
    const { result, later, x } = setUp({ fmt: 'e4m3', gran: 'channel' })
    expect(later).not.toBeNull()
    // the core: one scale per row, its largest |x| onto 448
    const ref = groupwiseQuantize(x, { shape: [16, 256], axis: 0, groupSize: 256, format: 'e4m3' })
    expect(later!.metricsChannel.mse).toBe(result.metrics.mse)
    expect(result.metrics.mse).toBe(errorMetrics(x, ref.dequantized).mse)
    expect([...later!.scales]).toEqual([...ref.scales])
    // and the tensor side is E4M3 with one scale, T / 448
    expect(later!.metricsTensor.mse).toBe(
      errorMetrics(x, quantizeToFormat(x, 'e4m3', result.threshold / 448)).mse,
    )
    const v = render(<ChannelPanel />)
    const rows = cells(v.container)
    expect(rows[0][1]).toBe(fmt(ref.scales[0], 6))
    expect(rows.every((r) => r[2] === '0')).toBe(true)
    expect(v.container.textContent).toContain(`MSE ${fmt(result.metrics.mse, 4)}`)
    expect(v.container.querySelector('[data-key="ch-format"]')!.textContent).toContain(
      'Both sides in FP8 E4M3',
    )
    v.unmount()
  })

  it('per tensor: the tensor side is the result, and the note says so in Chinese too', () => {
    const { result, later } = setUp({ fmt: 'e4m3', gran: 'tensor' })
    expect(later!.metricsTensor.mse).toBe(result.metrics.mse)
    act(() => useApp.setState({ lang: 'zh-CN' }))
    const v = render(<ChannelPanel />)
    expect(v.container.querySelector('[data-key="ch-format"]')!.textContent).toContain('两边都是 FP8 E4M3')
    v.unmount()
  })
})

describe('the Per channel panel under MX', () => {
  it('shows no comparison of integer grids, and says why', () => {
    setUp({ fmt: 'mxfp4', gran: 'channel' })
    const v = render(<ChannelPanel />)
    expect(v.container.querySelector('.channel-table')).toBeNull()
    expect(v.container.querySelector('[data-key="ch-blocks"]')!.textContent).toContain(
      'MXFP4 gives every block of 32 values a power of two of its own',
    )
    v.unmount()
  })
})

describe('the integer grid', () => {
  it('keeps its own comparison (int8 per channel, every channel calibrated)', () => {
    const { result } = setUp({ gran: 'channel' })
    expect(result.perChannel).toBe(true)
    const v = render(<ChannelPanel />)
    expect(v.container.querySelector('[data-key="ch-format"]')).toBeNull()
    expect(v.container.querySelector('.channel-table')).not.toBeNull()
    v.unmount()
  })
})
