// Finds a Chromium-family browser for the end-to-end tests and the browser benchmark, so `npm test` runs on
// any machine that has Chrome, Chromium or Edge installed where such browsers usually live. Order:
// $CHROMIUM_PATH; the browsers' command names on $PATH; the usual install folders of Linux, macOS and Windows
// (system-wide and per user). These are the places playwright-core's `chrome`/`msedge` channels look in
// (playwright-core/lib/server/registry), plus Chromium's own, which the channels do not cover.
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'

/** Command names tried on $PATH, most specific first. */
const COMMANDS = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'google-chrome-beta',
  'chrome',
  'microsoft-edge',
  'microsoft-edge-stable',
  'msedge',
]

/** Install locations per platform; `home` and Windows' folders come from the environment. */
function installPaths(platform, env, home) {
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Google Chrome Beta.app/Contents/MacOS/Google Chrome Beta',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ]
    const roots = ['/Applications', home ? join(home, 'Applications') : null].filter(Boolean)
    return roots.flatMap((root) => apps.map((app) => join(root, app)))
  }
  if (platform === 'win32') {
    const roots = [
      env.LOCALAPPDATA,
      env.PROGRAMFILES,
      env['PROGRAMFILES(X86)'],
      env.ProgramFiles,
      env['ProgramFiles(x86)'],
    ]
      .filter(Boolean)
      .filter((v, i, a) => a.indexOf(v) === i)
    const rel = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Chromium\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe',
    ]
    return roots.flatMap((root) => rel.map((r) => `${root}\\${r}`))
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/opt/google/chrome-beta/chrome',
    '/opt/microsoft/msedge/msedge',
    '/snap/bin/chromium',
    '/var/lib/flatpak/exports/bin/org.chromium.Chromium',
    home ? join(home, '.local/share/flatpak/exports/bin/org.chromium.Chromium') : null,
  ].filter(Boolean)
}

function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false
    if (process.platform !== 'win32') accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The browser to drive, or null. Everything it reads can be passed in (the tests give a fake $PATH and home).
 * @param {{ env?: Record<string, string | undefined>, platform?: string, exists?: (path: string) => boolean }} [o]
 * @returns {{ path: string, source: string } | null}
 */
export function findBrowser(o = {}) {
  const env = o.env ?? process.env
  const platform = o.platform ?? process.platform
  const exists = o.exists ?? isExecutableFile
  if (env.CHROMIUM_PATH)
    return exists(env.CHROMIUM_PATH) ? { path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' } : null
  const sep = platform === 'win32' ? ';' : platform === process.platform ? delimiter : ':'
  const exe = platform === 'win32' ? ['.exe', ''] : ['']
  for (const dir of (env.PATH ?? env.Path ?? '').split(sep).filter(Boolean)) {
    for (const name of COMMANDS) {
      for (const ext of exe) {
        const path = platform === 'win32' ? `${dir}\\${name}${ext}` : join(dir, name + ext)
        if (exists(path)) return { path, source: 'PATH' }
      }
    }
  }
  const home = env.HOME ?? env.USERPROFILE
  for (const path of installPaths(platform, env, home))
    if (exists(path)) return { path, source: 'install folder' }
  return null
}

/** What to tell someone who has none. */
export const INSTALL_HINT =
  'No Chrome, Chromium or Edge was found (looked at $CHROMIUM_PATH, the browsers on $PATH and their usual ' +
  'install folders).\nThe end-to-end tests drive the built app in such a browser. Install one, e.g.\n' +
  '    sudo apt-get install -y chromium        (Debian / Ubuntu)\n' +
  '    brew install --cask chromium            (macOS)\n' +
  'or point CHROMIUM_PATH at a Chromium, Chrome or Edge binary, then run `npm test` again.'
