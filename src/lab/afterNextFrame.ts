/**
 * A promise that resolves in a task of its own just after the page's next frame (requestAnimationFrame, then a
 * timer task), or after `fallbackMs` when no frame comes (a hidden page draws none; so does a test's DOM).
 *
 * Why: the Lab's engine results arrive from the worker at any moment of a frame. During a pointer drag the
 * browser hands the moves to the page at the start of each frame; a result whose React commit, effects and
 * drawing fell just before that frame held up the frame and the move in it. Handed to React right after a frame,
 * a result has the most of a frame's time before the next move (issue 17's input budget at N = 10⁵: in
 * alternating bench runs, 12–21 of 484 pointer moves over 16 ms against 34–62 with results taken as they came;
 * the arrow keys, which are not tied to frames, within the noise either way).
 */
export function afterNextFrame(fallbackMs = 100): Promise<void> {
  return new Promise((resolve) => {
    let done = false
    const finish = () => {
      if (done) return
      done = true
      clearTimeout(fallback)
      if (frame !== null) cancelAnimationFrame(frame)
      resolve()
    }
    const fallback = setTimeout(finish, fallbackMs)
    const frame =
      typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(finish, 0)) : null
  })
}
