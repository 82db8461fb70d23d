import type { mworkerEn } from './mworker.en'

// 简体中文：与 mworker.en.ts 的键一一对应。
export const mworkerZh: Record<keyof typeof mworkerEn, string> = {
  'worker.stopped': '已停止运行',
}
