/**
 * The value a link gives a single-valued parameter: its last one. A link edited by hand can give a parameter
 * twice (`lang=en&lang=zh-CN`); every view's own parameters read the later value (decodeFields, with a notice),
 * while the shell's (`lang`, `present`, `hide`, `v`, `step`, `sec`) read the first through
 * URLSearchParams.get. All of them read the last now, so a repeated parameter means one thing wherever it is.
 */
export function lastParam(query: URLSearchParams, key: string): string | null {
  const all = query.getAll(key)
  return all.length === 0 ? null : all[all.length - 1]
}
