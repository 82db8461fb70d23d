import type { convEn } from './conv.en'

// 简体中文：与 conv.en.ts 的键一一对应。
export const convZh: Record<keyof typeof convEn, string> = {
  'conv.adjust.rangeUnsigned':
    '用无符号整数时，笔记的对称网格占满完整范围 [{qmin}, {qmax}]（w = α/{qmax}），没有限制范围可选，这项设置不起作用。',
  'conv.tvm.unsigned': 'TVM（α/{d}，裁剪到 0 … {q}）',
  'conv.asym.notes': '笔记（w = (α − β)/{d}）',
  'conv.asym.pytorch': 'PyTorch（(α − β)/{d}，带零点）',
  'conv.asym.onnxruntime': 'ONNX Runtime（(α − β)/{d}，带零点）',
  'conv.plain.notes': '笔记',
  'conv.plain.pytorch': 'PyTorch',
  'conv.plain.onnxruntime': 'ONNX Runtime',
  'conv.plain.tensorrt': 'TensorRT',
  'conv.plain.tvm': 'TVM',
  'conv.ownScale.tensor':
    '{format} 用自己的缩放因子：s\u00a0=\u00a0T/{largest}。计算约定里的除数、无符号整数、限制范围和舍入方式在这里都不起作用。',
  'conv.ownScale.channel':
    '{format} 每个通道一个缩放因子，等于该通道最大的 |x|/{largest}。计算约定里的除数、无符号整数、限制范围和舍入方式在这里都不起作用。',
  'conv.ownScale.group':
    '{format} 每组一个缩放因子，等于组内最大的 |x|/{largest}。计算约定里的除数、无符号整数、限制范围和舍入方式在这里都不起作用。',
  'conv.ownScale.block':
    '{format} 每 {block} 个值一块，每块一个缩放因子：由块内最大的 |x| 定出的 2 的幂。计算约定里的除数、无符号整数、限制范围和舍入方式在这里都不起作用。',
}
