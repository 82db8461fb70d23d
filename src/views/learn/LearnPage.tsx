import { Suspense, use, useEffect, useState } from 'react'
import { keyBelongsToFocus } from './pageKeys'
import { useT } from '../../i18n'
import type { MessageKey } from '../../i18n'
import { loadChapter } from '../../learn/content'
import type { ParsedChapter } from '../../learn/parse'
import { useApp } from '../../state/appStore'
import { buildHash, CHAPTERS, type Chapter } from '../../state/route'
import { Blocks } from './Prose'
import './learn.css'
import { lastParam } from '../../params/lastParam'

const VISITED_KEY = 'quantlab.learn.visited'

function readVisited(): Set<string> {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(VISITED_KEY)
    const arr: unknown = raw ? JSON.parse(raw) : []
    return new Set(Array.isArray(arr) ? arr.filter((c): c is string => typeof c === 'string') : [])
  } catch {
    return new Set()
  }
}

function writeVisited(s: Set<string>) {
  try {
    localStorage.setItem(VISITED_KEY, JSON.stringify([...s]))
  } catch {
    // private mode or storage full: progress is a nicety
  }
}

export function chapterTitleKey(c: Chapter): MessageKey {
  return `learn.ch.${c}` as MessageKey
}

function useChapterLink() {
  const lang = useApp((s) => s.lang)
  const present = useApp((s) => s.present)
  return (chapter: Chapter, sec?: string) => {
    const q = new URLSearchParams({ lang })
    if (present) q.set('present', '1')
    if (sec) q.set('sec', sec)
    return buildHash({ name: 'learn', chapter }, q)
  }
}

function ChapterBody({ chapter, promise }: { chapter: Chapter; promise: Promise<ParsedChapter> }) {
  const parsed = use(promise)
  const sec = useApp((s) => lastParam(s.query, 'sec'))
  useEffect(() => {
    if (sec) document.getElementById(`sec-${sec}`)?.scrollIntoView({ block: 'start' })
  }, [sec, parsed])
  useEffect(() => {
    if (!lastParam(useApp.getState().query, 'sec')) window.scrollTo(0, 0)
  }, [chapter])
  return (
    <>
      <h1 className="learn-title">{parsed.title}</h1>
      <Blocks blocks={parsed.blocks} />
    </>
  )
}

function Toc({ chapter, promise }: { chapter: Chapter; promise: Promise<ParsedChapter> }) {
  const parsed = use(promise)
  const link = useChapterLink()
  return (
    <ol className="toc-sections">
      {parsed.sections.map((s) => (
        <li key={s.id}>
          <a href={link(chapter, s.id)}>{s.title}</a>
        </li>
      ))}
    </ol>
  )
}

/**
 * Classroom mode: ←/→ step through the lesson, one section at a time, and on into the previous/next chapter
 * at either end (keys typed into widgets' fields and sliders are left alone).
 */
function useLessonKeys(chapter: Chapter, prev: Chapter | null, next: Chapter | null) {
  const present = useApp((s) => s.present)
  const navigate = useApp((s) => s.navigate)
  useEffect(() => {
    if (!present) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return
      // a key the focused widget handled (the KL curve's candidate) or a field's own is not a section step
      if (keyBelongsToFocus(e)) return
      if (e.altKey || e.ctrlKey || e.metaKey) return
      e.preventDefault()
      const ids = [...document.querySelectorAll<HTMLElement>('.learn-article [id^="sec-"]')].map((h) =>
        h.id.slice(4),
      )
      const app = useApp.getState()
      const cur = ids.indexOf(lastParam(app.query, 'sec') ?? '')
      const q = new URLSearchParams(app.query)
      const to = e.key === 'ArrowRight' ? cur + 1 : cur - 1
      if (to >= 0 && to < ids.length) {
        q.set('sec', ids[to])
        app.setQuery(q)
        return
      }
      const target = e.key === 'ArrowRight' ? next : cur === -1 ? prev : null
      if (to < 0 && cur >= 0) {
        q.delete('sec')
        app.setQuery(q)
        window.scrollTo(0, 0)
        return
      }
      if (target) {
        q.delete('sec')
        navigate({ name: 'learn', chapter: target }, q)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [present, chapter, prev, next, navigate])
}

export default function LearnPage({ chapter }: { chapter: Chapter }) {
  const t = useT()
  const lang = useApp((s) => s.lang)
  const link = useChapterLink()
  const promise = loadChapter(lang, chapter)
  const visited = readVisited()
  visited.add(chapter)
  useEffect(() => {
    const v = readVisited()
    v.add(chapter)
    writeVisited(v)
  }, [chapter])
  const presentMode = useApp((s) => s.present)
  // in classroom mode the contents fold away above the lesson (the projector's width belongs to the lesson)
  const [tocOpen, setTocOpen] = useState(
    () => !presentMode && (typeof window === 'undefined' || window.matchMedia('(min-width: 960px)').matches),
  )
  const idx = CHAPTERS.indexOf(chapter)
  const prev = idx > 0 ? CHAPTERS[idx - 1] : null
  const next = idx < CHAPTERS.length - 1 ? CHAPTERS[idx + 1] : null
  const done = CHAPTERS.filter((c) => visited.has(c)).length
  useLessonKeys(chapter, prev, next)
  return (
    <div className="page learn" data-chapter={chapter}>
      <details
        className="learn-toc panel"
        open={tocOpen}
        onToggle={(e) => setTocOpen((e.target as HTMLDetailsElement).open)}
      >
        <summary>
          {t('learn.toc')}{' '}
          <span className="muted" data-testid="toc-progress">
            {t('learn.progress', { done, total: CHAPTERS.length })}
          </span>
        </summary>
        <progress max={CHAPTERS.length} value={done} aria-label={t('learn.progressLabel')} />
        <nav aria-label={t('learn.toc')}>
          <ol className="toc-chapters">
            {CHAPTERS.map((c, k) => (
              <li key={c} className={visited.has(c) ? 'visited' : undefined}>
                <a href={link(c)} aria-current={c === chapter ? 'page' : undefined}>
                  <span className="toc-num">{k + 1}</span> {t(chapterTitleKey(c))}
                  {visited.has(c) && (
                    <span className="toc-check" aria-label={t('learn.visited')}>
                      {' '}
                      ✓
                    </span>
                  )}
                </a>
                {c === chapter && (
                  <Suspense fallback={null}>
                    <Toc chapter={chapter} promise={promise} />
                  </Suspense>
                )}
              </li>
            ))}
          </ol>
        </nav>
      </details>
      <article className="learn-article" lang={lang}>
        <p className="learn-kicker muted">{t('learn.chapterOf', { n: idx + 1, total: CHAPTERS.length })}</p>
        <Suspense
          fallback={
            <div className="loading" role="status">
              …
            </div>
          }
        >
          <ChapterBody key={`${lang}/${chapter}`} chapter={chapter} promise={promise} />
        </Suspense>
        <nav className="learn-pager" aria-label={t('learn.pager')}>
          {prev ? (
            <a href={link(prev)} rel="prev" className="pager-prev">
              ← {t(chapterTitleKey(prev))}
            </a>
          ) : (
            <span />
          )}
          {next ? (
            <a href={link(next)} rel="next" className="pager-next">
              {t(chapterTitleKey(next))} →
            </a>
          ) : (
            <span />
          )}
        </nav>
      </article>
    </div>
  )
}
