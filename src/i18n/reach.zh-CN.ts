// 离线与更新提示、手机布局（设置抽屉、页眉菜单）的中文文案，与 reach.en.ts 一一对应。
import type { reachEn } from './reach.en'

export const reachZh: Record<keyof typeof reachEn, string> = {
  'pwa.offlineReady': '量化实验室已保存到本机：断网后所有页面、章节和模型照常可用。',
  'pwa.updateReady': '量化实验室有新版本了。',
  'pwa.reload': '立即刷新',
  'pwa.later': '稍后',
  'pwa.dismiss': '知道了',
  'pwa.region': '应用更新',
  'drawer.open': '设置',
  'drawer.close': '查看结果',
  'nav.more': '更多',
  'nav.traitorShort': '叛徒',
  'nav.modelShort': '模型',
}
