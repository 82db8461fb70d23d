import type { modelsEn } from './models.en'

// 简体中文：与 models.en.ts 的键一一对应。
export const modelsZh: Record<keyof typeof modelsEn, string> = {
  'model.workerFallback':
    '“{model}”改在本页面读取和计算：它的后台线程不可用（{detail}）。大模型会慢一些，页面可能短暂停顿。',
}
