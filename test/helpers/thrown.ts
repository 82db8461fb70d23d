/** What `f` throws, or null when it returns: for a test that looks at the error's class, code and message. */
export function thrown(f: () => unknown): unknown {
  try {
    f()
  } catch (e) {
    return e
  }
  return null
}
