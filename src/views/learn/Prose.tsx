import { Component, useId, useState, type ReactNode } from 'react'
import { FitTex } from '../../charts/FitTex'
import { Tex } from '../../charts/Tex'
import { useT } from '../../i18n'
import { formatLive, formatLiveProse, liveValues } from '../../learn/live'
import { liveNames, substituteLive, type Block, type Inline, type QuizOption } from '../../learn/parse'
import { isWidgetName } from '../../learn/widgets'
import { bindPunctuation } from '../../learn/bindPunctuation'
import { useApp } from '../../state/appStore'
import { buildHash, CHAPTERS, type Chapter } from '../../state/route'
import { WIDGET_COMPONENTS } from './widgets'
import { isChunkLoadError } from '../../engine/engineError'

/** A live number: the value the core computed, with the full value in data-value for tests and hovers. */
function LiveNum({ name, digits }: { name: string; digits: number | null }) {
  const v = liveValues()[name]
  if (v === undefined) return <code className="tex-error">@{name}</code>
  return (
    <span className="live-num figure-num" data-live={name} data-value={String(v)} title={String(v)}>
      {formatLiveProse(v, digits)}
    </span>
  )
}

/** TeX with its @{name} numbers filled in by the core. */
export function liveTex(tex: string): string {
  const values = liveValues()
  return substituteLive(tex, (name, digits) => {
    const v = values[name]
    return v === undefined ? `\\text{?${name}}` : formatLive(v, digits)
  })
}

function ChapterLink({
  chapter,
  sec,
  children,
}: {
  chapter: string
  sec: string | null
  children: ReactNode
}) {
  const lang = useApp((s) => s.lang)
  const present = useApp((s) => s.present)
  if (!(CHAPTERS as readonly string[]).includes(chapter)) return <>{children}</>
  const q = new URLSearchParams({ lang })
  if (present) q.set('present', '1')
  if (sec) q.set('sec', sec)
  return <a href={buildHash({ name: 'learn', chapter: chapter as Chapter }, q)}>{children}</a>
}

/**
 * A formula longer than this (in TeX) keeps the line breaks KaTeX allows inside it rather than be bound to its
 * punctuation: on a phone it could not fit on one line.
 */
const BIND_TEX_MAX = 60

export function Inlines({ c }: { c: Inline[] }) {
  return (
    <>
      {bindPunctuation(c).map((n, k) => {
        if (n.t !== 'bound') return <InlineNode key={k} n={n} />
        const bind = n.node.t !== 'math' || n.node.tex.length <= BIND_TEX_MAX
        // the group stays on one line (Chromium breaks between a formula and a "，" whatever joiner is put
        // between them); a space before a unit sign becomes a no-break space
        return (
          <span key={k} className={bind ? 'nobr' : undefined}>
            {n.lead}
            <InlineNode n={n.node} />
            {n.trail.replace(' ', '\u00a0')}
          </span>
        )
      })}
    </>
  )
}

function InlineNode({ n }: { n: Inline }) {
  switch (n.t) {
    case 'text':
      return <span>{n.v}</span>
    case 'strong':
      return (
        <strong>
          <Inlines c={n.c} />
        </strong>
      )
    case 'code':
      return <code>{n.v}</code>
    case 'math':
      return (
        <span className="learn-imath" data-live-names={liveNames(n.tex).join(' ') || undefined}>
          <Tex tex={liveTex(n.tex)} />
        </span>
      )
    case 'live':
      return <LiveNum name={n.name} digits={n.digits} />
    case 'link':
      return (
        <ChapterLink chapter={n.chapter} sec={n.sec}>
          <Inlines c={n.c} />
        </ChapterLink>
      )
  }
}

class WidgetBoundary extends Component<
  { children: ReactNode; fallback: string; chunkFailed: string },
  { error: string | null; chunk: boolean }
> {
  override state = { error: null as string | null, chunk: false }
  static getDerivedStateFromError(e: unknown) {
    // a part of the app that could not be downloaded is said in the user's language, not the browser's English
    return {
      error: isChunkLoadError(e) ? null : e instanceof Error ? e.message : String(e),
      chunk: isChunkLoadError(e),
    }
  }
  override render() {
    if (this.state.error !== null || this.state.chunk)
      return (
        <p className="notice error" role="alert">
          {this.props.fallback} {this.state.chunk ? this.props.chunkFailed : this.state.error}
        </p>
      )
    return this.props.children
  }
}

function Quiz({ question, options }: { question: Inline[]; options: QuizOption[] }) {
  const t = useT()
  const name = useId()
  const [chosen, setChosen] = useState<number | null>(null)
  const [checked, setChecked] = useState<number | null>(null)
  const opt: QuizOption | null = checked === null ? null : options[checked]
  return (
    <form
      className="quiz panel"
      data-testid="quiz"
      onSubmit={(e) => {
        e.preventDefault()
        setChecked(chosen)
      }}
    >
      <fieldset>
        <legend>
          <span className="quiz-tag">{t('learn.quiz.title')}</span> <Inlines c={question} />
        </legend>
        {options.map((o, k) => (
          <label key={k} className="quiz-option">
            <input
              type="radio"
              name={name}
              checked={chosen === k}
              onChange={() => {
                setChosen(k)
                setChecked(null)
              }}
            />{' '}
            {/* one flex item: a live number inside the text would otherwise become a column of its own */}
            <span>
              <Inlines c={o.text} />
            </span>
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={chosen === null}>
        {t('learn.quiz.check')}
      </button>
      <div role="status" aria-live="polite" className="quiz-feedback-wrap">
        {opt && (
          <p className={opt.correct ? 'quiz-feedback right' : 'quiz-feedback wrong'}>
            <strong>{opt.correct ? t('learn.quiz.right') : t('learn.quiz.wrong')}</strong>{' '}
            <Inlines c={opt.feedback} />
          </p>
        )}
      </div>
    </form>
  )
}

function SectionHeading({ id, c, level }: { id: string; c: Inline[]; level: 2 | 3 }) {
  const t = useT()
  const query = useApp((s) => s.query)
  const route = useApp((s) => s.route)
  if (level === 3)
    return (
      <h3>
        <Inlines c={c} />
      </h3>
    )
  const q = new URLSearchParams(query)
  q.set('sec', id)
  return (
    <h2 id={`sec-${id}`} className="learn-h2">
      <Inlines c={c} />{' '}
      <a className="sec-link" href={buildHash(route, q)} aria-label={t('learn.sectionLink')}>
        #
      </a>
    </h2>
  )
}

export function Blocks({ blocks }: { blocks: Block[] }) {
  const t = useT()
  return (
    <>
      {blocks.map((b, k) => {
        switch (b.t) {
          case 'heading':
            return <SectionHeading key={k} id={b.id} c={b.c} level={b.level} />
          case 'para':
            return (
              <p key={k}>
                <Inlines c={b.c} />
              </p>
            )
          case 'list': {
            const List = b.ordered ? 'ol' : 'ul'
            return (
              <List key={k} start={b.ordered && b.start !== 1 ? b.start : undefined}>
                {b.items.map((it, j) => (
                  <li key={j}>
                    <Inlines c={it} />
                  </li>
                ))}
              </List>
            )
          }
          case 'math':
            return (
              <FitTex
                key={k}
                className="learn-math"
                data-formula="display"
                data-live-names={liveNames(b.tex).join(' ') || undefined}
                tex={liveTex(b.tex)}
              />
            )
          case 'widget': {
            if (!isWidgetName(b.name))
              return (
                <p key={k} className="notice error">
                  {b.name}
                </p>
              )
            const W = WIDGET_COMPONENTS[b.name]
            return (
              <div key={k} className="learn-widget" data-widget={b.name}>
                <WidgetBoundary fallback={t('learn.widgetError')} chunkFailed={t('learn.widgetChunkFailed')}>
                  <W {...b.props} />
                </WidgetBoundary>
              </div>
            )
          }
          case 'box':
            return (
              <aside key={k} className={`learn-box ${b.kind}`} data-testid={`box-${b.kind}`}>
                <p className="box-tag">{b.kind === 'try' ? t('learn.try') : t('learn.note')}</p>
                <Blocks blocks={b.blocks} />
              </aside>
            )
          case 'quiz':
            return <Quiz key={k} question={b.question} options={b.options} />
        }
      })}
    </>
  )
}
