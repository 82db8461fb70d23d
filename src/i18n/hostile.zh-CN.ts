import type { hostileEn } from './hostile.en'

// 简体中文：与 hostile.en.ts 的键一一对应。
export const hostileZh: Record<keyof typeof hostileEn, string> = {
  'load.tooManyText': '“{name}”的值多于 {detail} 个，实验室最多接受 10,000,000 个。未做任何更改。',
  'preset.notSaved': '没有保存预设“{name}”：当前的设置并非都是有效的链接设置。现有内容保持不变。',
  'worker.loadFailed': '脚本无法加载',
  'worker.messageError': '有一条消息无法读取',
  'lab.mseOverflow': '误差太大，平方后超出 float64 的范围：MSE 显示为 ∞；SQNR 按缩放后的单位计算。',
  'ops.err.outputScale':
    'TFLite 的整数加法用不了输出缩放因子 w_c = {detail}：它太小，输出乘子 2·max(w_a, w_b) / (2²⁰·w_c) 达到 1 或更大，而该内核拒绝这样的乘子（32 位求和会溢出）。请选用更大的输出缩放因子。',
  'ops.err.range':
    '这些输入对本计算来说太大：某个输入或两者之和的范围超出了 float64 能表示的范围（约 1.8·10³⁰⁸），无法算出缩放因子。请把数据缩小。',
  'view.chunkFailed':
    '这部分页面没能加载：页面可能已离线，或者应用刚发布了新版本。应用的其他部分仍然可用；重新加载页面即可再试。',
  'learn.widgetChunkFailed': '它的代码没能加载（页面可能已离线，或者刚发布了新版本）；重新加载页面即可再试。',
  'model.err.chunk':
    '页面中读取“{file}”的那部分没能加载：页面可能已离线，或者应用刚发布了新版本。重新加载页面即可再试。',
  'model.err.network':
    '无法获取随站模型“{file}”：网络请求失败（页面可能已离线，或者被浏览器或扩展程序拦截）。',
  'acc.err.network':
    '无法获取数字识别网络或其数据（{detail}）：网络请求失败（页面可能已离线，或者被浏览器或扩展程序拦截）。链接里的设置都保留着，重新加载页面即可重试。',
  'model.layer.extra':
    '链接里的“{name}”是列在层“{layer}”下的向量（只有两个及以上维度的权重才算一层），改为显示这一层。',
  'model.err.external':
    '“{file}”把张量 {detail} 的数据存放在另一个外部文件里，本页无法读取。请把权重保存在 .onnx 文件内部。',
}
