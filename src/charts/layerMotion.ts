// Two helpers that let a threshold step reach the screen sooner in Chromium (issue 17's arrow-key budget).
// A key that comes while the compositor still follows the vsync after the previous step's frame waits for the
// next vsync; what then counts is the work left for that frame. Measured on a 2-core machine (software
// compositing), each cut about 0.3–1 ms from it.

// Chromium moves a composited layer whose transform changed without layerizing the page again
// (PaintArtifactCompositor::DirectlyUpdateTransform) only when the element has an active transform animation,
// a paused one included: third_party/blink/renderer/core/paint/paint_property_tree_builder.cc,
// DirectlyUpdateCcTransform, and TransformPaintPropertyNode::HasActiveTransformAnimation. Without it, every
// step of the histogram's moving regions and handle re-ran the layerization of the whole page (~0.3 ms).
// The animation adds nothing (`none`, composited by addition) to the transform the element's style gives,
// and it is paused, so it never asks for a frame of its own.
const ADD_NOTHING: Keyframe[] = [
  { transform: 'none', composite: 'add' },
  { transform: 'none', composite: 'add' },
]

/**
 * A ref callback for an element that is moved by its style's `transform`: it holds a paused animation on the
 * element while it is mounted (see above). Where the Web Animations API is missing or refuses the animation
 * (happy-dom rejects an endless one), the element simply moves the slower way.
 */
export function holdTransformAnimation(el: Element | null): (() => void) | undefined {
  if (!el || typeof el.animate !== 'function') return undefined
  let animation: Animation
  try {
    animation = el.animate(ADD_NOTHING, { duration: Infinity })
    animation.pause()
  } catch {
    return undefined
  }
  return () => animation.cancel()
}

/**
 * Lays the page out once the current task's DOM updates are done (a microtask after a React event handler
 * runs after React has committed). After a key, the browser waits for the next frame anyway; work done now
 * is work that frame no longer has to do (style and layout, ~0.5–1 ms of it on the Lab).
 */
export function layOutBeforeFrame(el: Element | null): void {
  queueMicrotask(() => void el?.getBoundingClientRect())
}
