import type { convEn } from './conv.en'

// 简体中文：与 conv.en.ts 的键一一对应。
export const convZh: Record<keyof typeof convEn, string> = {
  'conv.adjust.rangeUnsigned':
    '用无符号整数时，笔记的对称网格占满完整范围 [{qmin}, {qmax}]（w = α/{qmax}），没有限制范围可选，这项设置不起作用。',
}
