import type { T } from '../i18n'

/** A value echoed from a link is shortened to this many characters (a 100 KB `draw=` is not shown in full). */
export const MAX_ECHO = 60

/** A value from a link, as a notice may quote it: at most MAX_ECHO characters, and how long it really was. */
export function echo(v: string | number | undefined, t: T): string {
  const s = String(v ?? '')
  if (s.length <= MAX_ECHO) return s
  return `${s.slice(0, MAX_ECHO)}… ${t('notice.truncated', { count: s.length })}`
}
