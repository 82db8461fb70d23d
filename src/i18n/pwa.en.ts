// English messages of the offline / update notices (keys prefixed 'pwa.'); pwa.zh-CN.ts has the same keys.
export const pwaEn = {
  'pwa.offlineReady': 'Quant Lab is saved on this device: every view, chapter and model now works offline.',
  'pwa.updateReady': 'A new version of Quant Lab is ready.',
  'pwa.reload': 'Reload now',
  'pwa.later': 'Later',
  'pwa.dismiss': 'OK',
  'pwa.region': 'App updates',
}
