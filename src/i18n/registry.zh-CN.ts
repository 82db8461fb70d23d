// 约定与校准方法注册表（src/registry/）的中文文本：名称，以及某项设置不属于参考实现时控件给出的说明。
import type { registryEn } from './registry.en'

export const registryZh: Record<keyof typeof registryEn, string> = {
  'conv.name.notes': '笔记',
  'conv.name.pytorch': 'PyTorch',
  'conv.name.onnxruntime': 'ONNX Runtime',
  'conv.name.tensorrt': 'TensorRT',
  'conv.name.tvm': 'TVM',
  'conv.adjust.scheme': '{conv} 只有对称量化，这里按对称方案计算。',
  'conv.adjust.rangeIgnored': '{conv} 固定使用{range}，这项设置不起作用。',
  'conv.adjust.rangeCustom':
    '这不是 {conv} 的默认设置（默认是{range}），属于自定义范围，得到的数字与 {conv} 的默认结果不同。',
  'conv.adjust.round': '{conv} 的舍入方式是“{round}”；换成别的舍入，数字就不再是 {conv} 的结果。',
  'rangeKind.full': '完整范围 [{qmin}, {qmax}]',
  'rangeKind.restricted': '限制范围 [{qmin}, {qmax}]',
  'roundKind.half-even': '四舍六入五成双',
  'roundKind.half-away': '远离零舍入',
  'roundKind.half-up': '逢 .5 朝 +∞ 方向舍入',
  'preset.rejected': '有些已保存的预设不是有效的设置，已跳过（它们仍保存在本设备上）：{names}。',
}
