import type { mworkerEn } from './mworker.en'

// 简体中文：与 mworker.en.ts 的键一一对应。
export const mworkerZh: Record<keyof typeof mworkerEn, string> = {
  'worker.stopped': '已停止运行',
  'model.reportFailed': '各层的结果没能算出来。可以改一项设置再试，或重新载入模型。',
}
