export interface FoundBrowser {
  path: string
  source: string
}
export function findBrowser(o?: {
  env?: Record<string, string | undefined>
  platform?: string
  exists?: (path: string) => boolean
}): FoundBrowser | null
export const INSTALL_HINT: string
