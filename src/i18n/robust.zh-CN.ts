import type { robustEn } from './robust.en'

// 简体中文：与 robust.en.ts 的键一一对应。
export const robustZh: Record<keyof typeof robustEn, string> = {
  'load.rejected': '没有载入“{name}”，现有数据保持不变：',
  'load.storedRejected': '上次保存在本机的数据（“{name}”）无法使用，请另选文件或粘贴数据：',
  'load.reasonOverflow': '数值跨度超出了 float64 能表示的范围（{detail}），无法算出缩放因子。',
  'load.reasonNonFinite': '其中有非数值（NaN）或无穷大（{detail}）。',
  'load.reasonEmpty': '里面没有数值。',
  'load.reasonShape': '它的形状和数值个数对不上（{detail}）。',
  'load.reasonOther': '计算失败（{detail}）。',
  'load.hexText': '“{name}”里是十六进制数（如 {detail}），实验室只读十进制数。现有数据保持不变。',
  'view.failed': '这部分页面没能加载（{detail}）。应用的其他部分仍然可用；重新加载页面即可再试。',
  'view.reload': '重新加载页面',
  'view.back': '回到实验室',
  'worker.fallback': '后台线程不可用（{detail}），改在本页面计算；大张量会慢一些，页面可能短暂停顿。',
  'worker.timeout': '{seconds} 秒内没有响应',
  'worker.missing': '此浏览器不支持 Web Worker',
  'notice.more': '……另有 {count} 条提示。',
  'notice.truncated': '（已截短，原长 {count} 个字符）',
  'lab.stale': '正在计算新的张量：当前显示的仍是上一个张量的结果。',
  'lab.staleQuantize': '正在按新设置重新计算：当前显示的仍是旧设置下的结果。',
  'lab.mseUnderflow': '误差太小，平方后在 float64 中下溢：MSE 显示为 0；SQNR 按缩放后的单位计算。',
}
