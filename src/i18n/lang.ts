// Languages the app speaks. `zh-CN` is listed first: the notes the app teaches are Chinese.
export const LANGS = ['zh-CN', 'en'] as const
export type Lang = (typeof LANGS)[number]

/** Browser default: any Chinese locale gets zh-CN, everything else English. */
export function langFromNavigator(languages: readonly string[] | undefined): Lang {
  for (const l of languages ?? []) {
    const low = l.toLowerCase()
    if (low.startsWith('zh')) return 'zh-CN'
    if (low.startsWith('en')) return 'en'
  }
  return 'en'
}
