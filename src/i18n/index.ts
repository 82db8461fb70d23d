import { useCallback } from 'react'
import { en, type MessageKey as ShellKey } from './en'
import type { Lang } from './lang'
import { accuracyEn } from './accuracy.en'
import { accuracyZh } from './accuracy.zh-CN'
import { modelEn } from './model.en'
import { modelZh } from './model.zh-CN'
import { zhCN } from './zh-CN'

export type MessageKey = ShellKey | keyof typeof modelEn | keyof typeof accuracyEn
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = {
  en: { ...en, ...modelEn, ...accuracyEn },
  'zh-CN': { ...zhCN, ...modelZh, ...accuracyZh },
}

export type Vars = Record<string, string | number>

/** Look up a message and fill `{name}` placeholders. Values are inserted as text, never as markup. */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  // a missing translation falls back to English (the i18n test fails on it, so it never ships)
  const template = MESSAGES[lang][key] ?? MESSAGES.en[key] ?? key
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
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
