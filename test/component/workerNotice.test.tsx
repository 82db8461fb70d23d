import { act, render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { WorkerNotice } from '../../src/app/WorkerNotice'
import { useApp } from '../../src/state/appStore'
import { useWorkerFallbacks } from '../../src/worker/workerClient'

describe('WorkerNotice', () => {
  it('says in the user’s language why the worker is not used (no English detail of our own)', () => {
    act(() => {
      useApp.setState({ lang: 'zh-CN' })
      useWorkerFallbacks.setState({ reasons: { model: { kind: 'load' }, lab: { kind: 'message' } } })
    })
    const { container } = render(
      <>
        <WorkerNotice name="model" />
        <WorkerNotice name="lab" />
      </>,
    )
    const texts = Array.from(container.querySelectorAll('[data-message="worker.fallback"]')).map(
      (p) => p.textContent ?? '',
    )
    expect(texts[0]).toContain('后台线程不可用（脚本无法加载）')
    expect(texts[1]).toContain('后台线程不可用（有一条消息无法读取）')
    for (const text of texts) expect(text).not.toMatch(/[A-Za-z]{3}/)
  })
})
