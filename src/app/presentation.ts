/**
 * Classroom mode (`present=1`): which parts of a view a teacher may hide with `hide=a,b,…`. Views mark
 * those parts with `data-hide-id`; the shell puts one `hide-<id>` class on <html> per hidden part and the
 * stylesheet hides them (highlighting and hiding are state, never DOM surgery).
 */
export { HIDEABLE, isHideable, parseHide, type Hideable } from '../params/hide'
import { isHideable, type Hideable } from '../params/hide'

/** The link a teacher shares: the view's own link plus present=1 and the parts to hide. */
export function presentationLink(
  base: string,
  hash: string,
  hide: readonly Hideable[],
  lang: string,
): string {
  const h = hash.startsWith('#') ? hash.slice(1) : hash
  const qi = h.indexOf('?')
  const path = qi >= 0 ? h.slice(0, qi) : h || '/'
  const q = new URLSearchParams(qi >= 0 ? h.slice(qi + 1) : '')
  q.set('lang', lang)
  q.set('present', '1')
  q.delete('hide')
  const valid = hide.filter(isHideable)
  if (valid.length) q.set('hide', valid.join(','))
  return `${base}#${path}?${q.toString()}`
}
