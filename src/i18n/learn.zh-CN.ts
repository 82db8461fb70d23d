import type { learnEn } from './learn.en'

// 简体中文：与 learn.en.ts 的键一一对应。
export const learnZh: Record<keyof typeof learnEn, string> = {}
