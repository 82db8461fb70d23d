import type { fmtviewEn } from './fmtview.en'

// 简体中文：与 fmtview.en.ts 的键一一对应。
export const fmtviewZh: Record<keyof typeof fmtviewEn, string> = {
  'fmtview.zero.tensor':
    '所有值都是 0，范围为零，T = 0 定不出缩放因子。{format} 这时用缩放因子 {scale}；0 是它的一个取值，所以每个值都仍然恰好是 0。（计算约定在范围为零时改用的缩放因子，在数值格式下不起作用。）',
  'fmtview.zero.channel':
    '所有值都是 0，每个通道最大的 |x| 都是 0，定不出缩放因子。0 是 {format} 的一个取值，所以不管通道用哪个缩放因子，每个值都仍然恰好是 0。（计算约定在范围为零时改用的缩放因子，在数值格式下不起作用。）',
  'fmtview.zero.group':
    '所有值都是 0，每组最大的 |x| 都是 0，定不出缩放因子。0 是 {format} 的一个取值，所以不管组用哪个缩放因子，每个值都仍然恰好是 0。（计算约定在范围为零时改用的缩放因子，在数值格式下不起作用。）',
  'fmtview.zero.block':
    '所有值都是 0，每块最大的 |x| 都是 0，定不出 2 的幂。0 是 {format} 的一个取值，所以不管块用哪个 2 的幂，每个值都仍然恰好是 0。（计算约定在范围为零时改用的缩放因子，在数值格式下不起作用。）',
  'fmtview.emptyClip':
    '裁剪阈值 T = {T} 定不出缩放因子：{format} 这时用缩放因子 {scale}。把阈值调大一些，缩放因子就由阈值决定。',
  'fmtview.numpyFormat':
    '这段代码生成同一个张量后就停下了：{format} 的舍入没有用 numpy 写出来（笔记里的函数只在整数网格上量化），所以它不会重现实验室的 x̂。CSV 和 JSON 导出里有逐个值的 x 和 x̂。',
  'fmtview.ch.format':
    '两边都是 {format}：整个张量共用一个缩放因子，s = T/{largest} = {scale}（T = {T}）；每个通道一个缩放因子，等于该通道最大的 |x|/{largest}，所以那边没有值被裁剪。数值格式是对称的：零点都是 0。',
  'fmtview.ch.computing': '正在计算逐通道视图：{format} 整个张量共用一个缩放因子，以及每个通道一个缩放因子……',
  'fmtview.ch.blocks':
    '{format} 给每块 {block} 个值各自一个 2 的幂：它既不是整个张量共用一个缩放因子，也不是每个通道一个，所以这里不比较这两种做法。“SQNR 与每权重位数”图在这个张量上比较了逐通道的各种格式和 MX。',
}
