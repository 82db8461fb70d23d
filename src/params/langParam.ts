/**
 * The link's `lang=` parameter. The app speaks zh-CN and en; a link written by hand or by another site often
 * names a variant (zh-TW, zh-Hans, en-GB, EN), which fell back to the browser's language without a word. Any
 * Chinese tag reads as zh-CN (the app's one Chinese: a reader of zh-TW reads it sooner than English) and any
 * English one as en; anything else keeps the browser's language, and every view's link notices say so.
 * A pure link-parameter module (the shell's store and the views' decoders share it).
 */
import type { ParamNotice } from './paramCodec'

/** The language a `lang=` value names, or null for one the app does not speak. Case is ignored (BCP 47). */
export function langFromParam(raw: string | null): 'zh-CN' | 'en' | null {
  if (raw === null) return null
  // a primary tag and any subtags (script, region, variant); `_` as POSIX locales write it (zh_TW)
  const m = /^(zh|en)(?:[-_][a-z\d]{1,8})*$/i.exec(raw.trim())
  if (!m) return null
  return m[1].toLowerCase() === 'zh' ? 'zh-CN' : 'en'
}

/**
 * The notices for the link's `lang=`: given again with another value (the last is read, as the shell's store
 * reads it: lastParam), and a value the app does not speak. The language shown instead is the one the notice
 * is written in, so the view names it when it renders the notice.
 */
export function langNotices(query: URLSearchParams): ParamNotice[] {
  const all = query.getAll('lang')
  if (all.length === 0) return []
  const raw = all[all.length - 1]
  const notices: ParamNotice[] = []
  // (each earlier value that differs, as decodeFields reports a view's own parameter given twice)
  for (const before of new Set(all.slice(0, -1)))
    if (before !== raw) notices.push({ key: 'lang', value: before, reason: 'repeated', used: raw })
  if (langFromParam(raw) === null) notices.push({ key: 'lang', value: raw, reason: 'language' })
  return notices
}
