import { fmtInt } from '../../charts/format'
import type { MessageKey, T } from '../../i18n'
import { NAME_DETAIL, type ReadReason } from '../../models/types'

/**
 * The model view's message for a model it could not load, in the language of `t`: the code's message, then its
 * reason (a sentence of its own, its counts grouped as the page groups them). The English `detail` is shown only
 * where it is a name (NAME_DETAIL): the readers' and the browser's words never reach a Chinese message.
 */
export function modelErrorText(
  t: T,
  lang: string,
  e: { code: string; file: string; detail: string; reason?: ReadReason | undefined },
): string {
  const detail = e.reason ? reasonText(t, lang, e.reason) : NAME_DETAIL.has(e.code) ? e.detail : ''
  return t(`model.err.${e.code}` as MessageKey, { file: e.file, detail }).trim()
}

/** A reader's reason as a sentence (`read.why.<key>`) */
export function reasonText(t: T, lang: string, r: ReadReason): string {
  const vars: Record<string, string | number> = {}
  for (const [k, v] of Object.entries(r.vars))
    vars[k] =
      typeof v === 'number' && Number.isSafeInteger(v)
        ? fmtInt(v, lang)
        : typeof v === 'number' || typeof v === 'string'
          ? v
          : nameList(t, lang, v)
  const key: MessageKey = `read.why.${r.key}`
  return t(key, vars)
}

/** at most this many names of a list are written out (an archive may hold thousands of members) */
export const MAX_LISTED = 10

/**
 * Names (of a file's members) as the language lists them ("a, b" / "a、b"), whole; past MAX_LISTED, how many
 * more. Put into a message as a value, each name's invisible characters are written as code points
 * (`translate`, visibleText).
 */
export function nameList(t: T, lang: string, names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).join(t('model.names.sep'))
  return names.length > MAX_LISTED
    ? shown + t('model.names.more', { n: fmtInt(names.length - MAX_LISTED, lang) })
    : shown
}
