import type { MessageKey } from './en'
import { formatsZh } from './formats.zh-CN'
import { learnZh } from './learn.zh-CN'
import { opsZh } from './ops.zh-CN'
import { registryZh } from './registry.zh-CN'
import { robustZh } from './robust.zh-CN'
import { reachZh } from './reach.zh-CN'
import { hostileZh } from './hostile.zh-CN'
import { mworkerZh } from './mworker.zh-CN'
import { convZh } from './conv.zh-CN'
import { fmtviewZh } from './fmtview.zh-CN'
import { modelsZh } from './models.zh-CN'
import { whyZh } from './why.zh-CN'

// 简体中文界面文字：必须覆盖 en.ts 中的每一个键（类型检查与测试都会检查）。
const shellZh: Omit<
  Record<MessageKey, string>,
  | keyof typeof opsZh
  | keyof typeof learnZh
  | keyof typeof registryZh
  | keyof typeof robustZh
  | keyof typeof formatsZh
  | keyof typeof reachZh
  | keyof typeof hostileZh
  | keyof typeof mworkerZh
  | keyof typeof convZh
  | keyof typeof fmtviewZh
  | keyof typeof modelsZh
  | keyof typeof whyZh
> = {
  'app.name': '量化实验室',
  'app.tagline': '看清 int8 量化的每一个数',
  'nav.home': '首页',
  'nav.lab': '实验室',
  'nav.traitor': '叛徒：逐步演示',
  'nav.learn': '教程',
  'nav.main': '主导航',
  'nav.skip': '跳到正文',
  'lang.label': '语言',
  'lang.shown': '简体中文',
  'lang.switchTo': 'English',
  'lang.switchToName': '切换到英文',
  'present.on': '课堂模式',
  'present.off': '退出课堂模式',
  'present.builder': '课堂链接…',
  'present.builderTitle': '生成课堂链接',
  'present.builderIntro':
    '先把页面调成你想展示的样子，再选择语言和要隐藏的部分。打开这个链接就会以课堂模式显示当前页面：大字号、高对比度，←/→ 切换步骤，F 全屏，Esc 退出。',
  'present.hideLegend': '隐藏这些部分',
  'present.link': '课堂链接',
  'present.openLink': '立即打开',
  'present.close': '关闭',
  'present.part.nav': '导航栏',
  'present.part.lang': '语言切换',
  'present.part.controls': '实验室设置面板',
  'present.part.export': '导出与分享按钮',
  'present.part.formulas': '公式',
  'present.part.curves': 'KL 散度与直方图误差曲线',
  'present.part.microscope': 'KL 显微镜',
  'present.part.error': '误差面板',
  'present.part.grid': '量化网格',
  'present.part.code': 'Python 代码（逐步演示）',
  'present.part.steps': '步骤列表（逐步演示）',
  'present.part.charts': '图表（逐步演示）',
  'notFound.title': '页面不存在',
  'notFound.body': '“{path}”这里没有页面。',
  'notFound.home': '回到首页',
  'notice.unknown': '已忽略未知的链接参数“{key}”。',
  'notice.invalid': '链接参数“{key}”的值“{value}”无效，已改用 {used}。',
  'notice.invalidNoDefault': '链接参数“{key}”的值“{value}”无效，已忽略。',
  'notice.clamped': '链接参数“{key}” = “{value}”超出范围，已改用 {used}。',
  'notice.order': '链接参数“{key}” = “{value}”越过了“{other}”（范围的下限必须小于上限），已改用 {used}。',
  'notice.repeated': '链接参数“{key}”出现了不止一次；读取最后一个值“{used}”，忽略了“{value}”。',
  'notice.language':
    '链接参数“lang”的值“{value}”不是本应用提供的语言（只有 zh-CN 和 en），页面以{used}显示。',
  'notice.version': '这个链接来自第 {value} 版的参数格式，已按第 {used} 版读取。',
  'notice.dismiss': '关闭',
  'footer.about':
    '量化实验室的每一个数都出自同一个 TypeScript 内核，结果与 numpy 及各参考校准器逐位一致。你改动任何设置，结果都在浏览器里当场重新计算，数据不会离开本页。',

  'chart.exportSvgOf': '将“{title}”下载为 SVG',
  'chart.exportPngOf': '将“{title}”下载为 PNG',
  'lab.tabs': '实验室视图',
  'lab.tabTensor': '单个张量',
  'lab.tabAdd': '量化加法',
  'lab.tabDense': '量化全连接',
  'lab.title': '实验室：量化一个张量',
  'lab.controls': '实验设置',
  'lab.source': '数据',
  'lab.preset': '预设',
  'lab.presetChoose': '选择预设…',
  'lab.presetSave': '另存为预设',
  'lab.presetNamePrompt': '给预设起个名字',
  'lab.dist': '数据来源',
  'lab.outliers': '离群值',
  'lab.injectOutlier': '注入离群值（叛徒）',
  'lab.invalidNumber': '请输入 {min} 到 {max} 之间的数。',
  'lab.invalidBelow': '请输入小于“{other}”（{value}）的数。',
  'lab.invalidAbove': '请输入大于“{other}”（{value}）的数。',
  'lab.outlierPast': '位置 {at} 已在最后一个值（{last}）之后：没有注入离群值。',
  'lab.outlierPartly': '从位置 {at} 到最后一个值（{last}），{outliers} 个离群值只放得下 {count} 个。',
  'lab.quantization': '量化',
  'lab.convention': '计算约定',
  'lab.scheme': '量化方式',
  'lab.form': '非对称量化写法',
  'lab.round': '舍入方式',
  'lab.unsigned': '无符号整数（如 ReLU 之后用 uint8）',
  'lab.restricted': '限制范围（{qmin} … {qmax}）',
  'lab.granularity': '量化粒度',
  'lab.axis': '通道轴',
  'lab.calibration': '校准',
  'lab.method': '方法',
  'lab.variant': 'KL 实现',
  'lab.pctmode': '百分位实现',
  'lab.showVariants': '叠加显示三种 KL 实现',
  'lab.logCounts': '计数轴使用对数刻度',
  'lab.undo': '撤销',
  'lab.redo': '重做',
  'lab.busyGenerate': '正在生成张量及其直方图…',
  'lab.busyQuantize': '正在校准和量化…',
  'lab.progress': '进度',
  'lab.sourceLine': '共 {n} 个值，形状为 {rows} × {cols}。',
  'lab.loadedMissing':
    '这个链接指向的是从文件载入的数据。载入的数据只保留在载入它的那台设备上，不会离开该设备，所以这里无法使用：请载入文件，或选择其他数据来源。',
  'lab.computeFailed': '计算失败：{detail}。当前仍显示上一次的结果。',
  'preset.traitor': '笔记里的叛徒（±1 均匀分布，外加一个 10）',
  'preset.clean': '笔记里不含叛徒的 x1',
  'preset.relu': '长尾激活值（对数正态分布，≥ 0）',
  'preset.weights': '某一层的权重（逐通道）',
  'preset.heavy': '重尾分布（t 分布）',
  'dist.uniform': '均匀分布',
  'dist.normal': '正态分布',
  'dist.laplace': '拉普拉斯分布',
  'dist.student-t': 't 分布',
  'dist.bimodal': '双峰混合分布',
  'dist.lognormal': '对数正态分布',
  'dist.relu-normal': 'ReLU(正态分布)',
  'dist.drawn': '手绘',
  'dist.loaded': '从文件载入',
  'param.lo': '下限',
  'param.hi': '上限',
  'param.mu': '位置 μ',
  'param.sigma': '尺度 σ',
  'param.df': '自由度',
  'param.sep': '两峰间距',
  'param.mix': '左峰占比',
  'param.dlo': '手绘区间下限',
  'param.dhi': '手绘区间上限',
  'param.n': '样本数 N',
  'param.seed': '随机种子',
  'param.rows': '行数（通道数）',
  'param.spread': '通道间差异',
  'param.outlier': '离群值取值',
  'param.outliers': '个数',
  'param.at': '位置（下标）',
  'param.bits': '位数',
  'param.pct': '百分位（%）',
  'draw.hint': '用鼠标、手写笔或手指画出概率密度。键盘操作：←/→ 选择列，↑/↓ 调整高度。',
  'draw.label': '密度草图，第 {col} 列，高度 {height}%',
  'draw.reset': '重置手绘',
  'load.drop': '把 .npy、.csv 或 .txt 文件拖到这里',
  'load.pick': '选择文件…',
  'load.paste': '或者粘贴数字（用逗号、空格或换行分隔）',
  'load.pasted': '粘贴的数字',
  'load.usePasted': '使用粘贴的数字',
  'load.current': '已载入：{name}，{n} 个值（{rows} × {cols}）。',
  'load.ok': '已载入 {name}：{n} 个值（{rows} × {cols}）。',
  'load.dropped': '已丢弃 {count} 个 NaN 或无穷大的值。',
  'load.npyMagic': '“{name}”不是 NumPy .npy 文件（开头的字节不是 \\x93NUMPY）。未做任何更改。',
  'load.npyTruncated': '“{name}”不完整：文件在所有数值读完之前就结束了。未做任何更改。',
  'load.npyHeader': '“{name}”的 .npy 文件头无法解析。未做任何更改。',
  'load.npyDtype':
    '“{name}”中的数值类型是 {detail}，实验室无法读取（支持 float16/32/64、int8/16/32/64、uint8/16/32 和 bool）。未做任何更改。',
  'load.npyStructured':
    "“{name}”是结构化数组（记录数组）：每个元素都由几个带名字的字段组成，无法当作数值读取。请把需要的那个字段单独存成一个数组再载入，例如 numpy.save('{field}.npy', a['{field}'])。未做任何更改。",
  'load.npyNdim': '“{name}”是 {detail} 维数组，实验室只能读取一维和二维数组。未做任何更改。',
  'load.textWords': '“{name}”中有不是数字的内容（第 {line} 行：{word}）。未做任何更改。',
  'load.textBinary':
    '“{name}”看起来是二进制文件，不是文本：第 {line} 行有控制字符 {char}，而数字文本里不会有这种字符。实验室读取以文本写成的数字（.csv、.txt）和 NumPy .npy 文件。未做任何更改。',
  'load.textEncoding':
    '“{name}”不是 UTF-8 文本：第 {line} 行有不是有效 UTF-8 的字节。它可能是二进制文件，也可能是用其他字符集保存的文本（请另存为 UTF-8）。未做任何更改。',
  'load.zip':
    '“{name}”是 zip 压缩包（NumPy 的 .npz 文件就是这种格式），而实验室只读取单个数组，来自 .npy 文件或文本。请用 numpy.save 保存需要的那个数组，或者在“真实模型”页面打开权重的 .npz 文件。未做任何更改。',
  'load.onlyFirst': '拖入了 {count} 个文件；实验室一次只读取一个，所以只读取“{name}”。',
  'load.empty': '“{name}”里没有任何数值。未做任何更改。',
  'load.tooMany': '“{name}”有 {detail} 个值，实验室最多接受 10,000,000 个。未做任何更改。',
  'load.allNonFinite': '“{name}”中的值全是 NaN 或无穷大，没有可以量化的数据。未做任何更改。',
  'load.reading': '正在读取“{name}”…… {pct}%',
  'load.cancel': '取消',
  'load.cancelled': '已取消读取“{name}”，未做任何更改。',
  'load.unknown': '无法读取“{name}”，未做任何更改。',
  'conv.notes': '笔记（w = α/{d}）',
  'conv.pytorch': 'PyTorch（α/{d}，带零点）',
  'conv.onnxruntime': 'ONNX Runtime（2α/{d2}）',
  'conv.tensorrt': 'TensorRT（α/{d}，对称）',
  'conv.tvm': 'TVM（α/{d}，裁剪到 ±{q}）',
  'scheme.symmetric': '对称量化',
  'scheme.asymmetric': '非对称量化',
  'form.notes': '笔记写法：y = w·x_q + b_f',
  'form.zp': '零点写法：x = S·(q − Z)',
  'round.half-even': '四舍六入五成双（numpy）',
  'round.half-away': '远离零舍入（C 的 round）',
  'round.half-up': '逢 .5 朝 +∞ 方向舍入（Math.round）',
  'gran.tensor': '逐张量',
  'gran.channel': '逐通道',
  'axis.row': '按行',
  'axis.col': '按列',
  'calib.minmax': '最大最小值',
  'calib.percentile': '百分位',
  'calib.entropy': 'KL 散度',
  'calib.mse': '均方误差 MSE',
  'calib.manual': '手动',
  'variant.tensorrt': 'TensorRT（幻灯片版）',
  'variant.pytorch-quantization': 'pytorch-quantization',
  'variant.tvm': 'TVM / MXNet',
  'pctmode.hist': '直方图（pytorch-quantization）',
  'pctmode.notes': '笔记的做法（partition）',
  'sum.label': '关键数值',
  'sum.scale': '缩放因子 S',
  'sum.w': '步长 w',
  'sum.zp': '零点 Z',
  'sum.bf': '偏移 b_f',
  'sum.clip': '裁剪范围',
  'sum.codes': '用到的码字',
  'sum.codesValue': '用了 {used} 个（共 {total} 个）',
  'sum.codesUncounted': '未统计（共 {total} 个）',
  'sum.inliers': '去掉注入的 {outliers} 个离群值后，其余数值只用到了 {used} 个码字（共 {total} 个）。',
  'sum.zeroRange': '所有值都是 0，范围为零：没有可以分摊到各个码字上的跨度。{fallback}',
  'sum.fallback.pytorch':
    'PyTorch 的观察器不让缩放因子小于 float32 的 eps，所以缩放因子是 {scale}（ONNX Runtime 则用 1）。',
  'sum.fallback.onnxruntime':
    'ONNX Runtime 这时用缩放因子 {scale}、零点 0，避免除以零（PyTorch 则用 float32 的 eps，约 1.19e-7）。',
  'sum.fallback.own':
    '{conv} 的公式在这里会除以零；实验室仿照 ONNX Runtime，改用缩放因子 {scale}（PyTorch 则用 float32 的 eps，约 1.19e-7）。',
  'sum.perChannelScales': '每个通道一个（共 {n} 个）',
  'sum.formatScales': '每 {per} 个值一个（共 {n} 个）',
  'sum.ownRanges': '各自的最大 |x|',
  'sum.blockRanges': '每块 ±{largest}·2ᵉ，2ᵉ 由块内最大的 |x| 定',
  'sum.perChannelRanges': '每个通道一个',
  'sum.emptyClip':
    '这个裁剪阈值没有留下任何范围，算不出合适的缩放因子。{fallback}这些值落在 {used} 个码字上。把阈值调大一些，给网格留出空间。',
  'sum.emptyClipZp':
    '这个裁剪阈值没有留下任何范围：每个值都被映射到 {edge}。零点写法会把范围扩展到包含 0，所以网格覆盖 [{lo}, {hi}]，缩放因子 {scale}，这些值落在 {used} 个码字上。把阈值调大一些，给网格留出空间。',
  'sum.singleValue':
    '所有数据都等于 {value}，从最小值到最大值的范围是空的，算不出合适的缩放因子。{fallback}这些值落在 {used} 个码字上。',
  'sum.singleValueZp':
    '所有数据都等于 {value}，从最小值到最大值的范围是空的；零点写法会把范围扩展到包含 0，所以网格覆盖 [{lo}, {hi}]，缩放因子 {scale}。',
  'lab.errorOverflow':
    '这些设置产生的数值太大，无法表示（溢出成了无穷大）：{detail}。请选用更小的参数；仍显示之前的张量。',
  'lab.errorEmpty': '没有可以量化的值。仍显示之前的张量。',
  'lab.errorFloat32':
    '这个计算约定和 PyTorch、ONNX Runtime 一样用 float32 计算缩放因子，而裁剪范围 {detail} 或它的宽度超过了 float32 能表示的最大数（约 3.4·10³⁸）。笔记、TensorRT 和 TVM 的约定用 float64 计算。',
  'hist.title': '直方图与裁剪',
  'hist.x': '数值 x',
  'hist.y': '计数',
  'hist.yLog': '计数（对数刻度）',
  'hist.original': '原始值',
  'hist.dequant': '反量化值 x̂',
  'hist.clipped': '裁剪区域',
  'hist.threshold': '裁剪阈值',
  'hist.thresholdValue': '±{value}，裁剪了 {clipped} 个值',
  'hist.summary':
    '{n} 个值的直方图，范围从 {min} 到 {max}。量化网格覆盖 {lo} 到 {hi}；有 {clipped} 个值落在网格之外，被裁剪。各方法的阈值：最大最小值 {minmax}，百分位 {percentile}，KL {entropy}，MSE {mse}。',
  'hist.summaryPerChannel':
    '{n} 个值的直方图，范围从 {min} 到 {max}。逐通道量化：每个通道有自己的网格（见下方“逐通道”），有 {clipped} 个值落在所属通道的网格之外，被裁剪。阴影标出的 {lo} 到 {hi} 是整个张量共用一个网格时的裁剪范围。整个张量上各方法的阈值：最大最小值 {minmax}，百分位 {percentile}，KL {entropy}，MSE {mse}。',
  'hist.summaryOwnChannel':
    '{n} 个值的直方图，范围从 {min} 到 {max}。{format} 逐通道：每个通道按自己的最大 |x| 取缩放因子，这个最大值正好落在最大的取值上，所以没有值被裁剪，裁剪阈值也不起作用。整个张量上各方法的阈值：最大最小值 {minmax}，百分位 {percentile}，KL {entropy}，MSE {mse}。',
  'hist.summaryOwnGroup':
    '{n} 个值的直方图，范围从 {min} 到 {max}。{format} 按每 {block} 个值分组：每组按自己的最大 |x| 取缩放因子，这个最大值正好落在最大的取值上，所以没有值被裁剪，裁剪阈值也不起作用。整个张量上各方法的阈值：最大最小值 {minmax}，百分位 {percentile}，KL {entropy}，MSE {mse}。',
  'hist.summaryBlocks':
    '{n} 个值的直方图，范围从 {min} 到 {max}。{format}：每块 {block} 个值共用一个由块内最大 |x| 定下的 2 的幂，裁剪阈值不起作用；有 {clipped} 个值超出所在块的最大取值，饱和在那里，算作被裁剪。整个张量上各方法的阈值：最大最小值 {minmax}，百分位 {percentile}，KL {entropy}，MSE {mse}。',
  'grid.title': '量化网格',
  'grid.summary': '网格共有 {total} 个码字，间隔 {step}，从 {lo} 到 {hi}；数据用到了其中 {used} 个。',
  'grid.summaryPerChannel':
    '逐通道量化：每个通道有自己的 {total} 个码字的网格和缩放因子（见下方“逐通道”）；数据用到了其中 {used} 个码字。这里画的是整个张量的网格，间隔 {step}，从 {lo} 到 {hi}。',
  'grid.nonlinear': '对比非线性网格',
  'grid.pow2': '2 的幂次网格（±α·2⁻ᵏ）',
  'grid.log': '对数网格（10⁻³α … α）',
  'grid.mseCompare': '在当前显示的数值上计算 MSE：线性 {linear}，2 的幂次 {pow2}，对数 {log}。',
  'err.title': '误差',
  'err.mse': '均方误差',
  'err.sqnr': 'SQNR',
  'err.maxAbs': '最大 |x̂ − x|',
  'err.meanAbs': '平均 |x̂ − x|',
  'err.clipped': '被裁剪的值',
  'err.codes': '用到的码字',
  'err.split': '平方误差中，裁剪造成 {clip}，舍入造成 {round}',
  'err.splitNone': '没有平方误差：每个值都原样还原，谈不上裁剪和舍入各占多少。',
  'err.summaryNone': 'MSE 为 {mse}，SQNR 为 {sqnr} dB：每个值都原样还原，没有误差可以分给裁剪和舍入。',
  'err.x': '误差 x̂ − x',
  'err.summary': 'MSE 为 {mse}，SQNR 为 {sqnr} dB。平方误差中裁剪占 {clip}，舍入占 {round}。',
  'kl.title': '每个候选阈值的 KL 散度',
  'kl.x': '候选阈值',
  'kl.y': 'KL(P‖Q)',
  'kl.select': '选择要放到显微镜下查看的候选阈值（←/→）',
  'kl.current': '当前使用的阈值',
  'kl.selected': '显微镜下的候选阈值',
  'kl.undefinedSummary':
    '从 {from} 到 {to} 共 {count} 个候选阈值。这里的 KL 散度无定义（0/0：数据只落在极少几个桶里），因此沿用参考实现自己的选择：阈值 {best}。',
  'kl.allInfiniteSummary':
    '从 {from} 到 {to} 共 {count} 个候选阈值，散度全是无穷大，没有最小值，因此阈值取整个范围：{best}。',
  'kl.fallbackSummary':
    '{bits} 位网格的级数不少于直方图的桶数：没有哪个候选阈值会裁掉数据，无从比较，因此阈值取整个范围：{best}。',
  'kl.emptySummary': '直方图是空的：没有可比较的候选阈值，阈值为 {best}。',
  'kl.summary': '从 {from} 到 {to} 共 {count} 个候选阈值。最小值 {value} 出现在阈值 {best} 处。',
  'kl.infNote':
    '{total} 个候选阈值中有 {count} 个的散度为无穷大：它们保留的最后一个桶是空的，而更远处还有值，于是 Q 在 P 不为 0 的地方为 0（这个实现没有做平滑）。曲线上略去了这些点。',
  'kl.infNote.tvm':
    '{total} 个候选阈值中有 {count} 个的散度为无穷大：它们的 Q 是空的，或者非零的桶太少，没法平滑（TVM 每有一个空桶，就要从非零的桶里匀出 0.0001），TVM 把这样的候选记为无穷大。曲线上略去了这些点。',
  'mse.title': '每个候选阈值的直方图误差（pytorch-quantization 的判据）',
  'mse.y': '直方图误差',
  'mse.summary':
    '阈值为 {best} 时直方图误差最小，为 {value}。这是 pytorch-quantization 的 MSE 校准器用的判据：在 |x| 直方图的各个桶中心上求 Σ 计数·(x̂ − x)²，再除以桶数（不是值的个数）。它只用来给阈值排先后，并不是误差面板里按每个值平均的 MSE。',
  'micro.title': 'KL 显微镜',
  'micro.pq': 'P（离群值并入最后一个桶）与 Q（把每一级摊回它的非空桶）',
  'micro.pq.tvm':
    'P（下侧尾部并入第一个桶，上侧尾部并入最后一个桶）与 Q（把每一级摊回 P 不为 0 的桶），两者都先平滑（eps = 0.0001）再归一化',
  'micro.terms': '每个桶的项 p·ln(p/q)',
  'micro.termLegend': '项 p·ln(p/q)',
  'micro.chartLabel': '所选候选阈值的 P、Q 以及 KL 求和中的各项',
  'micro.prev': '上一个候选阈值',
  'micro.next': '下一个候选阈值',
  'micro.best': '回到最小值',
  'micro.facts':
    '候选 i = {i} 个桶，阈值 {threshold}；{outliers} 个离群计数并入 P 的最后一个桶；{levels} 级；KL = Σ 各项 = {kl}。',
  'micro.facts.pq':
    '候选 i = {i} 个桶，阈值 {threshold}；先把第 0 个桶的计数换成第 1 个桶的（pytorch-quantization：bins[0] = bins[1]）；{outliers} 个离群计数并入 P 的最后一个桶；{levels} 级；不做平滑；KL = Σ 各项 = {kl}。',
  'micro.facts.tvm':
    '候选 i = {i}：以 0 为中心、2i + 1 = {size} 个桶的窗口，阈值 {threshold}；窗口外的 {outliers} 个离群计数分两头并入：下侧尾部并入 P 的第一个桶，上侧尾部并入最后一个桶；{levels} 级；P 和 Q 先平滑（eps = 0.0001），再算 KL = Σ 各项 = {kl}。',
  'micro.summary.tvm':
    '候选 {i}：以 0 为中心的 {size} 个桶，阈值 {threshold}，{outliers} 个离群值并入 P 两端的桶，{levels} 级，平滑后 KL 为 {kl}。',
  'micro.summary': '候选 {i}：阈值 {threshold}，并入 {outliers} 个离群值，{levels} 级，KL 为 {kl}。',
  'ch.title': '逐通道',
  'ch.summary':
    '{rows} × {cols} 的张量：整个张量共用一个缩放因子时 MSE 为 {tensor}，每个通道各用一个缩放因子时为 {channel}（仅为前者的 1/{gain}）。',
  'ch.summaryWorse':
    '{rows} × {cols} 的张量：整个张量共用一个缩放因子时 MSE 为 {tensor}，每个通道各用一个缩放因子时为 {channel}（反而是前者的 {gain} 倍）。',
  'ch.summarySame':
    '{rows} × {cols} 的张量：整个张量共用一个缩放因子与每个通道各用一个缩放因子，MSE 相同，都是 {tensor}。',
  'ch.summaryAbout':
    '{rows} × {cols} 的张量：整个张量共用一个缩放因子时 MSE 为 {tensor}，每个通道各用一个缩放因子时为 {channel}：两者差不多（比值四舍五入后是 1）。',
  'ch.fallback':
    '每个通道只有 {len} 个值，不够填满 2048 个桶的直方图：逐通道的缩放因子改用各通道自己的最大最小值（TensorRT 和 PyTorch 对权重也是这样做的）。',
  'ch.computing': '正在计算逐通道视图：每个通道各自做一次校准……',
  'ch.stale': '正在计算新的逐通道视图：当前显示的仍是上一次的结果。',
  'ch.heatTensor': '整个张量共用一个缩放因子时，每个元素的绝对误差',
  'ch.heatChannel': '每个通道各用一个缩放因子时，每个元素的绝对误差',
  'ch.heatLegend': '颜色：|x̂ − x| 从 0（深色）到 {max}（黄色），两张图使用相同的色标。',
  'ch.tableCaption': '各通道的缩放因子、零点与误差',
  'ch.channel': '通道',
  'ch.scale': '缩放因子',
  'ch.zp': '零点 / 偏移',
  'ch.mseTensor': '逐张量 MSE',
  'ch.mseChannel': '逐通道 MSE',
  'formula.title': '公式，代入实际数值',
  'formula.intro.sym': '{bits} 位对称量化：没有零点，α 就是裁剪阈值。',
  'formula.intro.symZp':
    '{bits} 位对称量化，码字为 {qmin} … {qmax}：网格关于实数 0 对称，实数 0 落在零点 {zp} 上（码字的正中）；α 就是裁剪阈值。',
  'formula.intro.asymNotes': '按笔记写法的 {bits} 位非对称量化：一个步长 w 加一个浮点偏移 b_f。',
  'formula.intro.asymZp': '带零点 Z 的 {bits} 位非对称量化：实数 0 能被精确表示。',
  'export.title': '分享与导出',
  'export.copyLink': '复制链接',
  'export.numpy': '导出为 numpy 代码',
  'export.copyCode': '复制代码',
  'export.downloadPy': '下载 .py',
  'export.copied': '已复制。',
  'export.copyFailed': '此处不允许复制，请选中文本后手动复制。',

  'home.title': '量化实验室：\u200b把 int8 量化的\u200b每一个数都算给你看',
  'home.lead':
    '画一个、生成一个或载入一个张量，把它压进 8 位整数，然后看清每一步：量化网格、裁剪阈值、校准曲线和误差。所有数字都出自同一个计算内核，与 numpy 及各家参考校准器逐位一致；你改动任何设置，结果都会在浏览器里当场重新计算。',
  'home.storyTitle': '一个叛徒，连累全体正常值',
  'home.storyIntro':
    '一万个在 −1 到 1 之间均匀分布的数（numpy，种子 42），其中一个被换成了 10。用最大最小值校准时，缩放因子由这一个 10 说了算。（下面的数字是构建本应用时由同一个内核算好的，实验室会当场重新计算。）',
  'home.storyMinmax':
    '最大最小值校准：缩放因子 = 10/127 = {scale}。其余 9,999 个正常值只用到了 {used} 个码字（共 {total} 个）。',
  'home.colMethod': '校准方法',
  'home.colThreshold': '阈值 α',
  'home.colScale': '缩放因子 α/127',
  'home.colCodes': '正常值用到的码字',
  'home.colMse': 'MSE（全部 10,000 个值）',
  'home.colMseHonest': 'MSE（其余 9,999 个值）',
  'home.storyNote':
    '两列误差的结论正好相反，因为量的不是一回事。把 10,000 个值全算上，最大最小值胜出：百分位和 KL 把叛徒从 10 裁剪到 1 左右，这一个约为 9 的误差一平方，比其余所有舍入误差加起来还大。只算其余 9,999 个值，百分位和 KL 的误差小了约 {gain} 倍——它们把分辨率还给了正常值。该看哪一列，取决于这个叛徒在你的模型里意味着什么。（这里的百分位是 pytorch-quantization 在直方图上取的 99.99%，裁剪了 {pctClipped} 个值；逐步演示用的是笔记的规则，只去掉叛徒一个。）',
  'home.waysTitle': '从这里开始',
  'home.wayTraitor':
    '笔记里的 Python 代码逐块运行，每一步旁边是我们的内核算出的结果，包括那两段失败输出，一个字符都不差。',
  'home.wayLab': '实验场：任意分布、全部设置、所有校准方法及其曲线，图表互相联动，链接可以直接分享。',
  'home.wayPresent': '上课用：大字号、高对比度，方向键逐步推进；按 F 全屏，按 Esc 退出。',
  'traitor.title': '叛徒：逐步演示',
  'traitor.lead':
    '笔记里的代码逐块列出，每块都配上它的输出——由我们的内核当场算出，并按 numpy 的格式打印。用 ←/→（或 Home/End）切换步骤。',
  'traitor.steps': '步骤',
  'traitor.prev': '上一步',
  'traitor.next': '下一步',
  'traitor.stepOf': '第 {i} 步，共 {n} 步',
  'traitor.runAll': '自动播放',
  'traitor.stop': '停止',
  'traitor.openLab': '在实验室中打开这一步',
  'traitor.code': '笔记中的 Python',
  'traitor.codeBeyond': '仿照笔记写的 Python（笔记里没有）',
  'traitor.output': '输出（由量化实验室计算）',
  'traitor.noOutput': '（没有输出）',
  'traitor.pass': '通过',
  'traitor.fail': '失败',
  'traitor.with': '含叛徒 x1[0] = 10',
  'traitor.without': '不含叛徒',
  'traitor.chartHist': 'x1 的直方图',
  'traitor.chartHistSummary': 'x1 的 10,000 个值的直方图（{traitor}），计数轴取对数。',
  'traitor.chartError': 'c = f1 + f2 每个元素的误差',
  'traitor.chartErrorSummary':
    '10,000 个元素各自的 |c − (x1 + x2)|；其中 {bad} 个超出容差 0.01 + 0.01·|x1 + x2|（橙红色）。',
  'traitor.chartErrorLabel': '每个元素的绝对误差（对数轴）及容差线',
  'traitor.seed.title': '设定随机种子',
  'traitor.seed.text':
    'numpy 的旧版随机数生成器（梅森旋转 MT19937），种子为 42。量化实验室实现了同一个生成器，所以下面每一次抽样都和 numpy 得到的数完全相同。',
  'traitor.draw.title': '生成 x1 和 x2',
  'traitor.draw.text':
    'x1 在 [−1, 1) 上均匀分布，x2 在 [−2, 1) 上均匀分布，二者从同一个随机序列中先后抽出。这里是前几个值，与 Python 打印的一模一样。',
  'traitor.params.title': '非对称量化参数',
  'traitor.params.text':
    '带偏移（with_bias）的 calculate_quant_param：w = (max − min)/255，b = max − 127·w。x1 的 w1 = {w1clean}。（这个函数还会顺手打印 a_max 和 a_min。）',
  'traitor.quantize.title': '量化',
  'traitor.quantize.text':
    'q = clip(round((x − b)/w), −128, 127)，round 是 numpy 的四舍六入五成双。干净的 x1 用到了 {codesClean} 个码字（共 256 个）。',
  'traitor.dequantize.title': '反量化',
  'traitor.dequantize.text': 'x̂ = w·q + b 把码字还原成浮点数，每个值与原值相差不超过 w/2。',
  'traitor.add.title': '相加并检查',
  'traitor.add.text':
    '反量化后的和 c = f1 + f2 与 x1 + x2 比较，atol = rtol = 0.01：每个元素都在容差之内（最大误差 {cleanMax}），assert_allclose 一声不吭。',
  'traitor.traitor.title': '叛徒登场：x1[0] = 10',
  'traitor.traitor.text':
    '一个 10 把范围撑大了：w1 从 {w1clean} 跳到 {w1traitor}。舍入现在最多会让一个值偏离 w1/2 = {halfStep}，而容差是 0.01 + 0.01·|x1 + x2|，在 0.01 到 0.04 左右之间；所以只有舍入误差恰好偏大的元素才会失败：10,000 个里有 {bad} 个（{badShare}%）。其余 9,999 个正常值只剩 {codesTraitor} 个码字可用。',
  'traitor.symmetric.title': '对称量化，不用百分位',
  'traitor.symmetric.text':
    '不带偏移时 w = max|x|/127 = 10/127 = {w1sym}：正常值只用到 {codesSym} 个码字，10,000 个元素中有 {bad} 个失败——这就是笔记里的第一段输出。',
  'traitor.percentile.title': '对称量化，用笔记里的百分位',
  'traitor.percentile.text':
    '笔记保留 ⌊10000 × 0.99999⌋ = 9999 个最小的 |x|，再取其中的最大值：w1 = {w1pct}。正常值重新拿回了 {codesPct} 个码字，只有 {bad} 个元素失败——这就是笔记里的第二段输出。其中一个是叛徒；另外两个（第 {fail1} 和第 {fail2} 个元素）是正常值：它们的和很小（|x1 + x2| 约为 {y1} 和 {y2}），容差只比 0.01 大一点点，而两个输入的舍入误差加起来最多可达 (w1 + w2)/2 = {bound}，这两个元素的误差分别是 {err1} 和 {err2}。',
  'traitor.kl.title': '笔记之外：KL 散度校准',
  'traitor.kl.text':
    '笔记之外：在同样的数据上运行 NVIDIA GTC 2017 幻灯片里的 KL 校准算法（|x| 的 2048 桶直方图，128 级），x1 选出 α = {klT1}，x2 选出 {klT2}。结果有 {klBadText}失败，最大误差 {klMax}：和百分位一样，KL 也牺牲了叛徒。',
  'traitor.elements.one': '1 个元素',
  'traitor.elements.many': '{n} 个元素',
  'traitor.unsaidTitle': '笔记没有说出来的事',
  'traitor.unsaid1':
    '那个 9.0 的最大误差正是叛徒本身：按百分位得到的缩放因子把 10 裁剪成了 {traitorBack}（127 · w1），这个元素因此差了 {maxErr}。被保留的最大 |x| 是 {kept}。',
  'traitor.unsaid2':
    '笔记里的 _find_scale_by_percentile 返回的是被保留的那些值，而不是缩放因子：真正取最大值的是随后的 calculate_quant_param。',
  'traitor.unsaid3':
    '它所借鉴的 TVM 函数返回的是 np.partition(x, k)[k]，即排好序后从 0 数起第 k 个位置上的值本身（第 k + 1 小的值）；当元素不超过 100,000 个时 k = size − 1，正是最后一个位置，取到的就是最大值——也就是叛徒，所以原版根本不会把它去掉。',
}

export const zhCN: Record<MessageKey, string> = {
  ...shellZh,
  ...opsZh,
  ...learnZh,
  ...registryZh,
  ...robustZh,
  ...formatsZh,
  ...reachZh,
  ...hostileZh,
  ...mworkerZh,
  ...convZh,
  ...fmtviewZh,
  ...modelsZh,
  ...whyZh,
}
