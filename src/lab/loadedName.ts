import type { T } from '../i18n'

/**
 * The name pasted numbers are stored under (in the store and the copy saved on this device): a marker, not a
 * word of either language, so that the data's name follows a change of language (`loadedName` words it).
 * No file is named so (a file name has no control characters).
 */
export const PASTED_NAME = '\u0001pasted'

/** A loaded tensor's name as shown: the file's own name, or "pasted numbers" in the current language. */
export function loadedName(name: string, t: T): string {
  return name === PASTED_NAME ? t('load.pasted') : name
}

/**
 * A message's variables with a loaded tensor's `name` worded by `loadedName`: the Lab's messages keep their
 * variables and are worded when shown, so "pasted numbers" follows a change of language there too.
 */
export function withLoadedName<V extends Record<string, string | number>>(
  vars: V | undefined,
  t: T,
): V | undefined {
  return vars && typeof vars.name === 'string' ? { ...vars, name: loadedName(vars.name, t) } : vars
}
