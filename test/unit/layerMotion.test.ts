import { describe, expect, it, vi } from 'vitest'
import { askForFrame, holdTransformAnimation, layOutBeforeFrame } from '../../src/charts/layerMotion'

/** an element stand-in whose animate() records its call and returns a controllable animation */
function fakeElement(animate?: (keyframes: Keyframe[], options: KeyframeAnimationOptions) => Animation) {
  return { animate, getBoundingClientRect: vi.fn() } as unknown as Element
}

describe('holdTransformAnimation', () => {
  it('holds a paused animation that adds nothing to the transform, and cancels it on unmount', () => {
    const animation = { pause: vi.fn(), cancel: vi.fn() }
    const animate = vi.fn(() => animation as unknown as Animation)
    const cleanup = holdTransformAnimation(fakeElement(animate))
    expect(animate).toHaveBeenCalledTimes(1)
    const [keyframes, options] = animate.mock.calls[0] as unknown as [Keyframe[], KeyframeAnimationOptions]
    // every keyframe is the identity added to the style's own transform: the element stays where its style puts it
    expect(keyframes.length).toBeGreaterThan(0)
    for (const k of keyframes) expect(k).toEqual({ transform: 'none', composite: 'add' })
    // endless and paused: it never ends and never asks for frames of its own
    expect(options.duration).toBe(Infinity)
    expect(animation.pause).toHaveBeenCalledTimes(1)
    expect(animation.cancel).not.toHaveBeenCalled()
    expect(typeof cleanup).toBe('function')
    cleanup!()
    expect(animation.cancel).toHaveBeenCalledTimes(1)
  })

  it('does nothing, and throws nothing, where the animation is missing or refused', () => {
    expect(holdTransformAnimation(null)).toBeUndefined()
    expect(holdTransformAnimation(fakeElement())).toBeUndefined()
    const refuse = vi.fn(() => {
      throw new TypeError('Invalid animation timing options.')
    })
    expect(() => holdTransformAnimation(fakeElement(refuse))).not.toThrow()
    expect(holdTransformAnimation(fakeElement(refuse))).toBeUndefined()
  })
})

describe('layOutBeforeFrame', () => {
  it('reads the layout after the current task’s own work, not during it', async () => {
    const read = vi.fn()
    const el = { getBoundingClientRect: read } as unknown as Element
    layOutBeforeFrame(el)
    expect(read).not.toHaveBeenCalled()
    await Promise.resolve()
    expect(read).toHaveBeenCalledTimes(1)
    expect(() => layOutBeforeFrame(null)).not.toThrow()
  })
})

describe('askForFrame', () => {
  it('asks for an animation frame at once, with a callback that changes nothing', () => {
    const raf = vi.fn((cb: FrameRequestCallback) => {
      cb(0)
      return 1
    })
    vi.stubGlobal('requestAnimationFrame', raf)
    try {
      askForFrame()
      expect(raf).toHaveBeenCalledTimes(1)
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
