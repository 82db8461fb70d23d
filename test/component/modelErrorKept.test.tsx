// "The model shown before is still here" was added to every error message when the message was drawn, whenever
// any model was loaded: a file that failed before any model was read claimed a model "shown before" as soon as
// a later file was read. Each message now says so only when a model of its source was there when it failed.
import { act, render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import ModelPage from '../../src/views/model/ModelPage'
import { loadModel, useModel } from '../../src/views/model/modelStore'
import { showModelView, smallModel, withModelWorker } from '../helpers/modelView'

// no Worker: the model is read on the page
withModelWorker(undefined)

const bad = (name: string) => new File([new Uint8Array([1, 2, 3])], name)
const good = () => new File([new Uint8Array(smallModel(1))], 'good.safetensors')

describe('the model page’s errors, and the model they say was kept', () => {
  it('only a file that failed while a model was shown says the model is still here (zh-CN)', async () => {
    expect(await loadModel('loaded', { files: [bad('first.safetensors')] }, 'first.safetensors')).toBe(false)
    expect(await loadModel('loaded', { files: [good()] }, 'good.safetensors')).toBe(true)
    expect(await loadModel('loaded', { files: [bad('second.safetensors')] }, 'second.safetensors')).toBe(
      false,
    )
    expect(useModel.getState().errors.map((e) => [e.file, e.kept])).toEqual([
      ['first.safetensors', false],
      ['second.safetensors', true],
    ])
    act(() => showModelView('src=loaded', 'zh-CN'))
    const view = render(<ModelPage />)
    const texts = [...view.container.querySelectorAll('.notice.error span')].map((e) => e.textContent ?? '')
    expect(texts).toHaveLength(2)
    expect(texts[0]).toContain('first.safetensors')
    expect(texts[0]).not.toContain('之前显示的模型仍在')
    expect(texts[1]).toContain('second.safetensors')
    expect(texts[1]).toContain('之前显示的模型仍在')
    view.unmount()
  })
})
