import type { opsEn } from './ops.en'

// 简体中文：与 ops.en.ts 的键一一对应。
export const opsZh: Record<keyof typeof opsEn, string> = {}
