import type { ReactNode } from 'react'

/** The mark a message puts between two phrases that a line may break between (U+200B, zero-width space). */
export const PHRASE_BREAK = '\u200b'

/**
 * A heading's text, each phrase kept on one line. A message marks where its lines may break with
 * PHRASE_BREAK; every phrase becomes an inline block, so a narrow screen breaks the heading between phrases
 * (量化全连接： | 用整数计算 X·W + b), not inside a word as Chinese otherwise allows (用整 | 数计算). A phrase
 * wider than the line still wraps inside itself. The spaces around a mark stay between the blocks; text
 * without marks is returned as it is.
 */
export function Phrases({ text }: { text: string }): ReactNode {
  if (!text.includes(PHRASE_BREAK)) return text
  return text.split(PHRASE_BREAK).map((p, i) => {
    const [, lead, body, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(p)!
    return (
      <span key={i}>
        {lead}
        <span className="phrase">{body}</span>
        {trail}
      </span>
    )
  })
}
