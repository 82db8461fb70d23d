import { useCallback } from 'react'
import { en, type MessageKey as ShellKey } from './en'
import type { Lang } from './lang'
import { accuracyEn } from './accuracy.en'
import { accuracyZh } from './accuracy.zh-CN'
import { modelEn } from './model.en'
import { modelZh } from './model.zh-CN'
import { zhCN } from './zh-CN'
import { visibleText } from './visibleText'

export type MessageKey = ShellKey | keyof typeof modelEn | keyof typeof accuracyEn
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = {
  en: { ...en, ...modelEn, ...accuracyEn },
  'zh-CN': { ...zhCN, ...modelZh, ...accuracyZh },
}

export type Vars = Record<string, string | number>

/**
 * The number a placeholder's value stands for: a number as is, or a number the caller already formatted for
 * display ("4,553", "1"); NaN when it is not one.
 */
function countOf(v: string | number): { n: number; fractionDigits: number } {
  if (typeof v === 'number') return { n: v, fractionDigits: 0 }
  const plain = v.replace(/[,\s\u00a0\u202f]/g, '')
  // digits written after the point count: CLDR puts "1.0" in English's "other" ("1.0 values")
  // (at most 20: Intl.PluralRules may refuse more, and any written fraction already picks "other" in English)
  const fractionDigits = Math.min(20, /\.(\d+)$/.exec(plain)?.[1].length ?? 0)
  return { n: plain === '' ? NaN : Number(plain), fractionDigits }
}

const pluralRules = new Map<string, Intl.PluralRules>()
/** CLDR's plural category of a count in a language (Intl.PluralRules): English has one/other, Chinese other. */
function pluralCategory(lang: Lang, n: number, fractionDigits: number): Intl.LDMLPluralRule {
  const key = `${lang} ${fractionDigits}`
  let rules = pluralRules.get(key)
  if (!rules) {
    rules = new Intl.PluralRules(lang, { minimumFractionDigits: fractionDigits })
    pluralRules.set(key, rules)
  }
  return rules.select(n)
}

/** `{name}` fills in a value; `{name?one|other}` picks the words that agree with it ("1 value is", "2 values are"). */
const PLACEHOLDER = /\{(\w+)(?:\?([^|{}]*)\|([^{}]*))?\}/g

/**
 * Look up a message and fill its placeholders. Values are inserted as text, never as markup, with their
 * invisible characters (bidirectional controls, zero-width characters) written as U+XXXX (visibleText). A choice
 * `{name?one|other}` takes `one` when the value is a count of CLDR category "one" in the message's language
 * (English: exactly 1) and `other` otherwise, so English says "1 value is clipped" and "2 values are clipped";
 * Chinese messages need no choice.
 */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  // a missing translation falls back to English (the i18n test fails on it, so it never ships)
  const own = MESSAGES[lang][key]
  const template = own ?? MESSAGES.en[key] ?? key
  const templateLang: Lang = own === undefined ? 'en' : lang
  if (!vars) return keepPercent(template)
  return keepPercent(
    template.replace(PLACEHOLDER, (m, name: string, one?: string, other?: string) => {
      if (!(name in vars)) return m
      // a value from a file or a link may hold characters that would reorder or hide the sentence around it
      if (one === undefined || other === undefined) return visibleText(String(vars[name]))
      const { n, fractionDigits } = countOf(vars[name])
      return Number.isFinite(n) && pluralCategory(templateLang, n, fractionDigits) === 'one' ? one : other
    }),
  )
}

/** "97.21 %" never breaks before its sign: the space before a % is a no-break space. */
function keepPercent(text: string): string {
  return text.replace(/ %/g, '\u00a0%')
}

export type T = (key: MessageKey, vars?: Vars) => string

/**
 * Where the current language comes from: a React hook the app store registers when it loads
 * (state/appStore.ts), so that i18n does not import the store (the layers: state may use i18n, not the
 * reverse). Until then, English.
 */
let useLangSource: () => Lang = () => 'en'
export function registerLangSource(hook: () => Lang): void {
  useLangSource = hook
}

/** The translator for the current language; the same function until the language changes (effects and memos
 *  that use it do not re-run on every render). */
export function useT(): T {
  const lang = useLangSource()
  return useCallback<T>((key, vars) => translate(lang, key, vars), [lang])
}
