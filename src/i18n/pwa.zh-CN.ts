// 离线与更新提示的中文文案（键名以 'pwa.' 开头），与 pwa.en.ts 一一对应。
import type { pwaEn } from './pwa.en'

export const pwaZh: Record<keyof typeof pwaEn, string> = {
  'pwa.offlineReady': '量化实验室已保存到本机：断网后所有页面、章节和模型照常可用。',
  'pwa.updateReady': '量化实验室有新版本了。',
  'pwa.reload': '立即刷新',
  'pwa.later': '稍后',
  'pwa.dismiss': '知道了',
  'pwa.region': '应用更新',
}
