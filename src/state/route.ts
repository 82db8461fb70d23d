/**
 * Hash routing: `#/path?query`. Hash routes let the static build run from any folder, and give every
 * view its own link. The query part carries the state (`lang`, `present`, the Lab's parameters, …).
 */
export const CHAPTERS = [
  'linear',
  'symmetric',
  'granularity',
  'range',
  'calibration',
  'add',
  'dense',
  'conventions',
  'network',
  'formats',
] as const
export type Chapter = (typeof CHAPTERS)[number]

export type Route =
  | { name: 'home' }
  | { name: 'lab'; tab: 'tensor' | 'add' | 'dense' }
  | { name: 'traitor' }
  | { name: 'model' }
  | { name: 'accuracy' }
  | { name: 'learn'; chapter: Chapter }
  | { name: 'not-found'; path: string }

export interface Location {
  route: Route
  query: URLSearchParams
}

export function parseHash(hash: string): Location {
  const h = hash.startsWith('#') ? hash.slice(1) : hash
  const qi = h.indexOf('?')
  const path = (qi >= 0 ? h.slice(0, qi) : h) || '/'
  const query = new URLSearchParams(qi >= 0 ? h.slice(qi + 1) : '')
  return { route: parsePath(path), query }
}

export function parsePath(path: string): Route {
  const parts = path.split('/').filter(Boolean)
  if (parts.length === 0) return { name: 'home' }
  if (parts[0] === 'lab') {
    if (parts.length === 1) return { name: 'lab', tab: 'tensor' }
    if (parts.length === 2 && (parts[1] === 'add' || parts[1] === 'dense'))
      return { name: 'lab', tab: parts[1] }
  }
  if (parts[0] === 'traitor' && parts.length === 1) return { name: 'traitor' }
  if (parts[0] === 'model' && parts.length === 1) return { name: 'model' }
  if (parts[0] === 'model' && parts.length === 2 && parts[1] === 'accuracy') return { name: 'accuracy' }
  if (parts[0] === 'learn' && parts.length === 2 && (CHAPTERS as readonly string[]).includes(parts[1])) {
    return { name: 'learn', chapter: parts[1] as Chapter }
  }
  return { name: 'not-found', path }
}

export function routePath(r: Route): string {
  switch (r.name) {
    case 'home':
      return '/'
    case 'lab':
      return r.tab === 'tensor' ? '/lab' : `/lab/${r.tab}`
    case 'traitor':
      return '/traitor'
    case 'model':
      return '/model'
    case 'accuracy':
      return '/model/accuracy'
    case 'learn':
      return `/learn/${r.chapter}`
    case 'not-found':
      return r.path
  }
}

export function buildHash(r: Route, query?: URLSearchParams): string {
  const q = query && [...query.keys()].length > 0 ? `?${query.toString()}` : ''
  return `#${routePath(r)}${q}`
}
