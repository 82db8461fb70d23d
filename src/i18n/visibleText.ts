/**
 * Text from outside the app (a file's name, a word in it, a tensor's name or dtype from a model file, a link's
 * value) shown inside one of our sentences. Characters that draw nothing or act on the text around them are
 * written as their code point instead: the bidirectional controls (U+202E, right-to-left override, would turn
 * the rest of the sentence around: Unicode Technical Standard #39 and the "Trojan Source" paper, CVE-2021-42574,
 * list them as a way to make text read other than it is), zero-width characters and other format characters
 * (Unicode category Cf), control characters other than tab and line feed, and lone surrogates. A file named
 * with one is then told apart from a file whose name looks the same.
 */
// eslint-disable-next-line no-control-regex -- control characters are among what it looks for
const INVISIBLE = /[\p{Cf}\p{Cs}\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu

/** U+0000 notation of a character (its code point, at least four hex digits) */
export function codePointName(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}

/** The text with its invisible characters written as U+XXXX (see above); other text as is. */
export function visibleText(s: string): string {
  return s.replace(INVISIBLE, codePointName)
}
