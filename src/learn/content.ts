/**
 * Chapter files: content/<lang>/<chapter>.md, loaded lazily (one chunk per file) and parsed once.
 */
import type { Lang } from '../i18n/lang'
import type { Chapter } from '../state/route'
import { parseChapter, type ParsedChapter } from './parse'

const files = import.meta.glob<string>('/content/**/*.md', { query: '?raw', import: 'default' })

const cache = new Map<string, Promise<ParsedChapter>>()

/** The parsed chapter (the same promise for the same file, so React's `use` can suspend on it). */
export function loadChapter(lang: Lang, chapter: Chapter): Promise<ParsedChapter> {
  const key = `/content/${lang}/${chapter}.md`
  let p = cache.get(key)
  if (!p) {
    const load = files[key]
    p = load ? load().then(parseChapter) : Promise.reject(new Error(`missing chapter file ${key}`))
    cache.set(key, p)
  }
  return p
}
