// English messages of the offline / update notices and the phone layout (settings drawer, header menu);
// reach.zh-CN.ts has the same keys.
export const reachEn = {
  'pwa.offlineReady': 'Quant Lab is saved on this device: every view, chapter and model now works offline.',
  'pwa.updateReady': 'A new version of Quant Lab is ready.',
  'pwa.reload': 'Reload now',
  'pwa.later': 'Later',
  'pwa.dismiss': 'OK',
  'pwa.region': 'App updates',
  'drawer.open': 'Settings',
  'drawer.close': 'Show the results',
  'nav.more': 'More',
  'nav.traitorShort': 'Traitor',
  'nav.modelShort': 'Model',
}
