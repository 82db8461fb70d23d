/**
 * Classroom mode's `hide=a,b,…` parameter: which parts of a view a teacher may hide. A pure link-parameter
 * module, so that the app store (state/) can parse it without importing the app shell.
 */
export const HIDEABLE = [
  'nav',
  'lang',
  'controls',
  'export',
  'formulas',
  'curves',
  'microscope',
  'error',
  'grid',
  'code',
  'steps',
  'charts',
] as const
export type Hideable = (typeof HIDEABLE)[number]

export function isHideable(v: string): v is Hideable {
  return (HIDEABLE as readonly string[]).includes(v)
}

/** Parse `hide=` (unknown names dropped). */
export function parseHide(raw: string | null): Hideable[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(isHideable)
}
