import type { ReactNode } from 'react'

/**
 * `text` with every match of `pattern` (a global RegExp) in a `.nobreak` span, so a line may break around a
 * match but never inside it; the text, as read or copied, is unchanged. (The Lab's summary keeps its numbers
 * whole, the ops views' labels their ranges "−128 or 127".)
 */
export function NoBreak({ text, pattern }: { text: string; pattern: RegExp }) {
  const parts: ReactNode[] = []
  let at = 0
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) parts.push(text.slice(at, m.index))
    parts.push(
      <span key={m.index} className="nobreak">
        {m[0]}
      </span>,
    )
    at = m.index + m[0].length
  }
  if (at < text.length) parts.push(text.slice(at))
  return <>{parts}</>
}
