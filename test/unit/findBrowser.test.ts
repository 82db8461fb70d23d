// The browser finder of `npm test` on fake machines: a fake $PATH and home folder on disk, and the install
// folders of macOS and Windows through an injected `exists`.
import {
  accessSync,
  chmodSync,
  constants,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findBrowser, INSTALL_HINT } from '../../scripts/find-browser.mjs'

const made: string[] = []
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true })
})

function fakeExecutable(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, name)
  writeFileSync(path, '#!/bin/sh\nexit 0\n')
  chmodSync(path, 0o755)
  return path
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'find-browser-'))
  made.push(d)
  return d
}

describe('findBrowser', () => {
  it('takes $CHROMIUM_PATH first, and only when it exists', () => {
    const root = tempDir()
    const chrome = fakeExecutable(join(root, 'bin'), 'my-chrome')
    expect(findBrowser({ env: { CHROMIUM_PATH: chrome, PATH: '' }, platform: 'linux' })).toEqual({
      path: chrome,
      source: 'CHROMIUM_PATH',
    })
    expect(
      findBrowser({ env: { CHROMIUM_PATH: join(root, 'missing'), PATH: '' }, platform: 'linux' }),
    ).toBeNull()
  })

  it('finds google-chrome on a fake $PATH, skipping folders without a browser and non-executable files', () => {
    const root = tempDir()
    const empty = join(root, 'empty')
    mkdirSync(empty)
    const notExec = join(root, 'noexec')
    mkdirSync(notExec)
    writeFileSync(join(notExec, 'chromium'), 'not a program')
    const chrome = fakeExecutable(join(root, 'opt', 'bin'), 'google-chrome')
    const env = { PATH: [empty, notExec, join(root, 'opt', 'bin')].join(':'), HOME: join(root, 'home') }
    expect(findBrowser({ env, platform: 'linux', exists: (p) => p.startsWith(root) && isExec(p) })).toEqual({
      path: chrome,
      source: 'PATH',
    })
  })

  it("finds Chrome in a macOS user's ~/Applications", () => {
    const home = '/Users/ada'
    const want = '/Users/ada/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    expect(
      findBrowser({
        env: { HOME: home, PATH: '/usr/bin:/bin' },
        platform: 'darwin',
        exists: (p) => p === want,
      }),
    ).toEqual({
      path: want,
      source: 'install folder',
    })
  })

  it('finds Edge under Windows Program Files (x86)', () => {
    const env = {
      Path: 'C:\\Windows;C:\\Windows\\System32',
      LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local',
      'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
    }
    const want = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'
    expect(findBrowser({ env, platform: 'win32', exists: (p) => p === want })).toEqual({
      path: want,
      source: 'install folder',
    })
  })

  it('returns null on a machine without any, and the hint says how to install one', () => {
    expect(
      findBrowser({ env: { PATH: '/nowhere', HOME: '/nohome' }, platform: 'linux', exists: () => false }),
    ).toBeNull()
    expect(INSTALL_HINT).toMatch(/apt-get install -y chromium/)
    expect(INSTALL_HINT).toMatch(/CHROMIUM_PATH/)
  })
})

/** An executable file under the test's folder (the real machine's browsers are not looked at). */
function isExec(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false
    accessSync(p, constants.X_OK)
    return true
  } catch {
    return false
  }
}
