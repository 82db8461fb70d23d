// Helpers that let a threshold step reach the screen sooner in Chromium (issue 17's arrow-key budget). A key
// that comes while the compositor still follows the vsync after the previous step's frame is drawn at a vsync:
// the first one after the page asked for a frame, and then only after the work left for that frame. Measured
// on a 2-core machine (software compositing): asking for the frame at once took the share of keys over one
// frame from ~10 % to ~7 %; the two others each cut 0.3–1 ms from the frame's work.

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

/**
 * Asks for the next frame at once. React asks for it only when it writes the DOM, ~2 ms after a key on the
 * Lab (the store's update and React's render come first); a vsync that passes in between is lost and the
 * step waits a whole frame more. Call it first in a handler that is about to change what the page shows.
 */
export function askForFrame(): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => undefined)
}
