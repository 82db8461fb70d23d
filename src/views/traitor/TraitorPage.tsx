import { useEffect, useMemo, useRef, useState } from 'react'
import { keyBelongsToFocus } from '../learn/pageKeys'
import { ChartFrame } from '../../charts/ChartFrame'
import { ErrorScatter } from '../../charts/ErrorScatter'
import { HistogramChart } from '../../charts/HistogramChart'
import { fmt } from '../../charts/format'
import { histogram } from '../../core'
import {
  buildTraitorModel,
  honestFailures,
  TRAITOR_STEPS,
  type StepOutput,
  type TraitorStepId,
} from '../../engine/traitor'
import { useT, type MessageKey } from '../../i18n'
import { useApp } from '../../state/appStore'
import { buildHash } from '../../state/route'
import { encodeLabParams, defaultLabParams, TRAITOR_SOURCE, type LabParams } from '../../state/labParams'
import './traitor.css'
import { lastParam } from '../../params/lastParam'

/** How the Lab shows each step ("open in Lab"). */
const LAB_PATCH: Partial<Record<TraitorStepId, Partial<LabParams>>> = {
  // the notes' quant_tensor clips to the full range −128 … 127
  draw: { outlier: null, scheme: 'asymmetric', range: 'full' },
  params: { outlier: null, scheme: 'asymmetric', range: 'full' },
  quantize: { outlier: null, scheme: 'asymmetric', range: 'full' },
  dequantize: { outlier: null, scheme: 'asymmetric', range: 'full' },
  add: { outlier: null, scheme: 'asymmetric', range: 'full' },
  traitor: { scheme: 'asymmetric', range: 'full' },
  symmetric: { scheme: 'symmetric' },
  percentile: { scheme: 'symmetric', calib: 'percentile', pctmode: 'notes', pct: 99.999 },
  kl: { scheme: 'symmetric', calib: 'entropy' },
}

function codesUsed(q: ArrayLike<number>, from: number): number {
  const seen = new Set<number>()
  for (let i = from; i < q.length; i++) seen.add(q[i])
  return seen.size
}

function StepCharts({ step, model }: { step: StepOutput; model: ReturnType<typeof buildTraitorModel> }) {
  const t = useT()
  const hist = useMemo(() => histogram(step.x1, 120), [step.x1])
  const run = step.run ?? (step.id === 'kl' ? null : undefined)
  const withTraitor = step.x1[0] === 10
  const clip = step.id === 'percentile' ? model.pctKeptMax : step.id === 'kl' ? model.kl.t1 : null
  return (
    <div className="traitor-charts" data-hide-id="charts">
      <ChartFrame
        title={t('traitor.chartHist')}
        summary={t('traitor.chartHistSummary', {
          traitor: withTraitor ? t('traitor.with') : t('traitor.without'),
        })}
        name={`traitor-${step.id}-histogram`}
      >
        <HistogramChart
          edges={hist.edges}
          counts={hist.counts}
          log
          height={200}
          markers={
            clip ? [{ key: 'clip', x: clip, label: fmt(clip, 4), color: '#d55e00', mirror: true }] : []
          }
          xLabel={t('hist.x')}
          yLabel={t('hist.yLog')}
        />
      </ChartFrame>
      {(run || step.id === 'kl') && (
        <ChartFrame
          title={t('traitor.chartError')}
          summary={t('traitor.chartErrorSummary', {
            bad: step.id === 'kl' ? model.kl.report.mismatched : run!.report.mismatched,
          })}
          name={`traitor-${step.id}-error`}
          kind="canvas"
        >
          <ErrorScatter
            actual={step.id === 'kl' ? model.kl.c : run!.c}
            desired={step.id === 'kl' ? model.kl.exp : run!.exp}
            atol={0.01}
            rtol={0.01}
            label={t('traitor.chartErrorLabel')}
          />
        </ChartFrame>
      )}
    </div>
  )
}

export default function TraitorPage() {
  const t = useT()
  const model = useMemo(buildTraitorModel, [])
  const query = useApp((s) => s.query)
  const lang = useApp((s) => s.lang)
  const present = useApp((s) => s.present)
  const setQuery = useApp((s) => s.setQuery)
  const requested = lastParam(query, 'step') as TraitorStepId | null
  const index = Math.max(0, requested ? TRAITOR_STEPS.indexOf(requested) : 0)
  const step = model.steps[index]
  const [running, setRunning] = useState(false)
  const timer = useRef<number | null>(null)

  const go = (i: number, replace = false) => {
    const q = new URLSearchParams(query)
    q.set('step', TRAITOR_STEPS[Math.max(0, Math.min(TRAITOR_STEPS.length - 1, i))])
    setQuery(q, { replace })
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // a key the focused widget handled, or a field's own, is not a step
      if (keyBelongsToFocus(e)) return
      if (e.altKey || e.ctrlKey || e.metaKey) return
      let next: number | null = null
      if (e.key === 'ArrowRight' || e.key === 'PageDown') next = index + 1
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') next = index - 1
      else if (e.key === 'Home') next = 0
      else if (e.key === 'End') next = TRAITOR_STEPS.length - 1
      if (next === null) return
      e.preventDefault()
      go(next)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  // "Run all": one step every 1.6 s; state changes happen in the timer callback, never in the effect body
  useEffect(() => {
    if (!running) return
    timer.current = window.setTimeout(() => {
      if (index >= TRAITOR_STEPS.length - 1) setRunning(false)
      else go(index + 1)
    }, 1600)
    return () => {
      if (timer.current) window.clearTimeout(timer.current)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [running, index])

  const runAll = () => {
    if (running) return setRunning(false)
    // with reduced motion, jump straight to the last step instead of animating
    if (window.matchMedia?.('(prefers-reduced-motion: reduce)').matches) return go(TRAITOR_STEPS.length - 1)
    go(0)
    setRunning(true)
  }

  const labParams: LabParams = {
    ...defaultLabParams(),
    ...TRAITOR_SOURCE,
    ...LAB_PATCH[step.id],
  }
  const labQuery = encodeLabParams(labParams)
  labQuery.set('lang', lang)
  if (present) labQuery.set('present', '1')

  const pctFails = honestFailures(model.traitorPct.c, model.traitorPct.exp)
  const elements = (n: number) => (n === 1 ? t('traitor.elements.one') : t('traitor.elements.many', { n }))
  const vars = {
    w1clean: model.clean.w1,
    w1traitor: model.traitorAsym.w1,
    w1sym: model.traitorSym.w1,
    w1pct: model.traitorPct.w1,
    cleanMax: fmt(model.clean.report.maxAbsDiff, 6),
    bad: step.run?.report.mismatched ?? model.kl.report.mismatched,
    codesClean: codesUsed(model.clean.q1, 0),
    codesTraitor: codesUsed(model.traitorAsym.q1, 1),
    codesSym: codesUsed(model.traitorSym.q1, 1),
    codesPct: codesUsed(model.traitorPct.q1, 1),
    kept: fmt(model.pctKeptMax, 10),
    traitorBack: fmt(model.traitorDequant, 10),
    maxErr: fmt(model.traitorPct.report.maxAbsDiff, 10),
    klT1: fmt(model.kl.t1, 6),
    klT2: fmt(model.kl.t2, 6),
    klBad: model.kl.report.mismatched,
    klBadText: elements(model.kl.report.mismatched),
    halfStep: fmt(model.traitorAsym.w1 / 2, 3),
    badShare: fmt((model.traitorAsym.report.mismatched / model.traitorAsym.c.length) * 100, 3),
    fail1: pctFails[0]?.i ?? '–',
    fail2: pctFails[1]?.i ?? '–',
    err1: fmt(pctFails[0]?.err ?? NaN, 3),
    err2: fmt(pctFails[1]?.err ?? NaN, 3),
    y1: fmt(pctFails[0]?.y ?? NaN, 2),
    y2: fmt(pctFails[1]?.y ?? NaN, 2),
    bound: fmt((model.traitorPct.w1 + model.traitorPct.w2) / 2, 3),
    klMax: fmt(model.kl.report.maxAbsDiff, 6),
  }
  return (
    <div className="page traitor">
      <h1>{t('traitor.title')}</h1>
      <p className="lead">{t('traitor.lead')}</p>
      <nav className="step-nav" aria-label={t('traitor.steps')} data-hide-id="steps">
        <ol>
          {model.steps.map((s, i) => (
            <li key={s.id}>
              <a
                href={buildHash(
                  { name: 'traitor' },
                  new URLSearchParams({ ...Object.fromEntries(query), step: s.id }),
                )}
                aria-current={i === index ? 'step' : undefined}
              >
                <span className="step-num">{i + 1}</span>{' '}
                <span className="step-name">{t(`traitor.${s.id}.title` as MessageKey)}</span>
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <div className="step-toolbar">
        <button
          type="button"
          onClick={() => go(index - 1)}
          disabled={index === 0}
          aria-keyshortcuts="ArrowLeft"
        >
          ← {t('traitor.prev')}
        </button>
        <span className="step-count" aria-live="polite">
          {t('traitor.stepOf', { i: index + 1, n: TRAITOR_STEPS.length })}
        </span>
        <button
          type="button"
          onClick={() => go(index + 1)}
          disabled={index === TRAITOR_STEPS.length - 1}
          aria-keyshortcuts="ArrowRight"
        >
          {t('traitor.next')} →
        </button>
        <button type="button" onClick={runAll} aria-pressed={running}>
          {running ? t('traitor.stop') : t('traitor.runAll')}
        </button>
        <a className="button-link" href={buildHash({ name: 'lab', tab: 'tensor' }, labQuery)}>
          {t('traitor.openLab')}
        </a>
      </div>
      <section className="step" aria-labelledby="step-h" data-step={step.id}>
        <h2 id="step-h">
          {index + 1}. {t(`traitor.${step.id}.title` as MessageKey)}
        </h2>
        <p className="step-text">{t(`traitor.${step.id}.text` as MessageKey, vars)}</p>
        <div className="code-pair">
          <div className="code-block" data-hide-id="code">
            <h3>{step.id === 'kl' ? t('traitor.codeBeyond') : t('traitor.code')}</h3>
            <pre>
              <code className="language-python">{step.code}</code>
            </pre>
          </div>
          <div className="code-block output">
            <h3>
              {t('traitor.output')}{' '}
              {step.passes !== undefined && (
                <span className={`badge ${step.passes ? 'pass' : 'fail'}`}>
                  {step.passes ? t('traitor.pass') : t('traitor.fail')}
                </span>
              )}
            </h3>
            <pre data-testid="step-output">
              <samp>{step.output || t('traitor.noOutput')}</samp>
            </pre>
          </div>
        </div>
        {step.id === 'percentile' && (
          <aside className="unsaid panel">
            <h3>{t('traitor.unsaidTitle')}</h3>
            <ul>
              <li>{t('traitor.unsaid1', vars)}</li>
              <li>{t('traitor.unsaid2')}</li>
              <li>{t('traitor.unsaid3')}</li>
            </ul>
          </aside>
        )}
        {/* (after seeding there is no x1 yet: its histogram comes with the step that draws it) */}
        {step.id !== 'seed' && <StepCharts step={step} model={model} />}
      </section>
    </div>
  )
}
