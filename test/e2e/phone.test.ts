// Phones and small laptops: at 360 px no view scrolls sideways and the header keeps to one line; the Lab
// shows its charts first and keeps its settings in a drawer.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { CHAPTERS } from '../../src/state/route'
import { SCREENSHOT_DIR, setupHarness } from './harness'

const h = setupHarness()
const PHONE = { width: 360, height: 740 }
const ROUTES = [
  '/',
  '/lab',
  '/lab/add',
  '/lab/dense',
  '/traitor',
  '/model',
  '/model/accuracy',
  ...CHAPTERS.map((c) => `/learn/${c}`),
]

/** The words of a chart drawn past any of its edges (where the svg cuts them off). */
async function chartTextOutside(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('svg.chart')].flatMap((svg) => {
      const r = svg.getBoundingClientRect()
      return [...svg.querySelectorAll('text')]
        .map((t) => ({ text: t.textContent, b: t.getBoundingClientRect() }))
        .filter(
          ({ b }) =>
            b.width > 0 &&
            (b.right > r.right + 1 || b.left < r.left - 1 || b.top < r.top - 1 || b.bottom > r.bottom + 1),
        )
        .map(({ text, b }) => `${text} (${Math.round(b.left - r.left)}, ${Math.round(b.top - r.top)})`)
    }),
  )
}

describe('every view at 360 px', () => {
  for (const lang of ['en', 'zh-CN']) {
    it(`has no sideways scroll and a one-line header (${lang})`, async () => {
      const page = await h.open(`#/?lang=${lang}`, { viewport: PHONE })
      let broken = 0
      for (const route of ROUTES) {
        await page.goto(`${h.baseUrl}/#${route}?lang=${lang}`)
        await page.locator('main h1').first().waitFor()
        // let the views draw their first results (charts size themselves to the width)
        await page.waitForTimeout(600)
        const m = await page.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          header: document.querySelector('.app-header')!.getBoundingClientRect().height,
          brand: document.querySelector('.brand')!.getBoundingClientRect(),
          tools: document.querySelector('.header-tools')!.getBoundingClientRect(),
        }))
        expect(m.overflow, `${route} scrolls sideways`).toBeLessThanOrEqual(0)
        // a chapter's display formulas fit the column (FitTex breaks the wide ones into lines)
        const math = await page.evaluate(() =>
          [...document.querySelectorAll('.learn-math')].map((e) => ({
            over: e.scrollWidth - e.clientWidth,
            broken: e.hasAttribute('data-breaks'),
          })),
        )
        for (const f of math)
          expect(f.over, `${route}: a formula wider than the column`).toBeLessThanOrEqual(1)
        broken += math.filter((f) => f.broken).length
        // a chart's words stay inside the chart (the symmetric chapter's "real 0 ≈ code −19 (which stands for
        // …)" ran ~75 px past a phone's edge, cut off by the svg; a third row of marker names, the calibration
        // chapter's "MSE", sat 4 px above it)
        expect(await chartTextOutside(page), `${route}: chart text past the chart's edge`).toEqual([])
        // one line: the brand and the tools share a row of at most one control's height
        expect(m.header, `${route} header`).toBeLessThan(64)
        expect(Math.abs(m.brand.top + m.brand.height / 2 - (m.tools.top + m.tools.height / 2))).toBeLessThan(
          8,
        )
      }
      // (the symmetric, add, dense and range chapters have formulas wider than a phone)
      expect(broken).toBeGreaterThanOrEqual(4)
      await h.screenshot(page, `phone-360-${lang}`)
    }, 180_000)
  }
})

describe('every view in classroom mode at 360 px', () => {
  // classroom mode's 24 px type on a phone: the zh-CN symmetric and calibration chapters scrolled sideways (by
  // 22 and 8 px), the English home page by 12; two of the header's four tabs showed, the others cut off at the
  // language button; the KL microscope's buttons ran 119 px past its panel; y-axis names and the microscope's
  // heading, set for smaller type, ran 3 px past a chart's edge
  for (const lang of ['en', 'zh-CN']) {
    it(`has no sideways scroll, every tab in view and everything inside its chart (${lang})`, async () => {
      const page = await h.open(`#/?lang=${lang}&present=1`, { viewport: PHONE })
      for (const route of ROUTES) {
        await page.goto(`${h.baseUrl}/#${route}?lang=${lang}&present=1`)
        await page.locator('main h1').first().waitFor({ state: 'attached' })
        // (the Lab's microscope arrives after the first results)
        if (route === '/lab') await page.locator('svg.chart.micro').waitFor()
        // (and the model page's table, whether or not it is in by then: it scrolls within its panel)
        if (route === '/model') await page.locator('.model-table tbody tr').first().waitFor()
        await page.waitForTimeout(600)
        expect(await page.evaluate(() => document.documentElement.classList.contains('present'))).toBe(true)
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        )
        expect(overflow, `${route} scrolls sideways`).toBeLessThanOrEqual(0)
        expect(await chartTextOutside(page), `${route}: chart text past the chart's edge`).toEqual([])
        // a chart's buttons stay inside its panel (which cuts off what runs past it)
        const past = await page.evaluate(() =>
          [...document.querySelectorAll('.chart-frame')].flatMap((frame) => {
            const r = frame.getBoundingClientRect()
            return [...frame.querySelectorAll('.chart-head button')]
              .filter((b) => b.getBoundingClientRect().right > r.right + 1)
              .map((b) => (b as HTMLElement).innerText)
          }),
        )
        expect(past, `${route}: chart buttons past their panel`).toEqual([])
        // nor does a panel cut off its choices or figures (the model page's source choices, zh-CN, by 27 px;
        // the add and dense results' values, beside "only without bias" by 50 px, in zh-CN by 12–25 px; the
        // dense view's accumulator table, zh-CN; the formats chapter's table by 22 and 62 px)
        const cutOff = await page.evaluate(() =>
          [...document.querySelectorAll('main .panel')].flatMap((panel) => {
            const r = panel.getBoundingClientRect()
            // a panel that scrolls (the model page's table is one) cuts nothing off: it is scrolled to
            const own = getComputedStyle(panel).overflowX
            if (own === 'auto' || own === 'scroll') return []
            return [...panel.querySelectorAll('label, button, .metrics-table td')]
              .filter((e) => {
                for (let p = e.parentElement; p && p !== panel; p = p.parentElement)
                  if (getComputedStyle(p).overflowX !== 'visible') return false
                const b = e.getBoundingClientRect()
                return b.width > 0 && b.right > r.right + 1
              })
              .map((e) => (e as HTMLElement).innerText.slice(0, 40))
          }),
        )
        expect(cutOff, `${route}: cut off by its panel`).toEqual([])
        // a formula or live number bound to its punctuation ends inside its paragraph or list item (the zh-CN
        // symmetric chapter's 0.4999999999999982 with its "，" ran 26 px past its list item, the "，" cut off)
        const pastLine = await page.evaluate(() =>
          [...document.querySelectorAll('.learn-article .nobr')].flatMap((g) => {
            const block = g.parentElement!.closest('p, li, td, dd, blockquote')
            if (!block) return []
            const b = g.getBoundingClientRect()
            const past = b.right - block.getBoundingClientRect().right
            return b.width > 0 && past > 0.5 ? [`${g.textContent.slice(0, 30)} +${past.toFixed(1)}`] : []
          }),
        )
        expect(pastLine, `${route}: a number or formula past its line`).toEqual([])
        const g = await headerGeometry(page)
        expect(g.header, `${route}: header height`).toBeLessThan(64)
        expect(g.navScroll, `${route}: the nav scrolls`).toBeLessThanOrEqual(0)
        for (const tab of g.tabs) {
          expect(tab.box.right, `${route}: the tab "${tab.text}" ends past the nav`).toBeLessThanOrEqual(
            g.nav.right + 0.5,
          )
          for (const c of g.controls)
            expect(overlaps(tab.box, c.box), `${route}: "${tab.text}" overlaps "${c.text}"`).toBe(false)
        }
      }
      await h.screenshot(page, `phone-present-360-${lang}`)
    }, 180_000)
  }
})

describe('the symmetric chapter’s zero label in classroom mode on a small tablet', () => {
  // the long labels were chosen from 520 px of chart, room for them in 11 px type: at 700 px classroom mode's
  // 15 px "real 0 ≈ code −19 (which stands for −0.00784)" ran 34 px past the chart's edge
  it('stays inside the chart', async () => {
    const page = await h.open('#/learn/symmetric?lang=en&present=1', {
      viewport: { width: 700, height: 900 },
    })
    await page.locator('[data-chart="learn-affine"] svg.chart').waitFor()
    await page.waitForTimeout(300)
    expect(await chartTextOutside(page)).toEqual([])
  })
})

// The Lab's, the add view's and the dense view's formulas hold live numbers (ten digits each): at 360 px the
// asymmetric scale's fraction, the add view's x_c, element and integer-only formulas, the dense view's M and,
// at 16 bits, the Lab's clip(…) were wider than the column at every form FitTex had (the wide part a fraction's
// numerator or a bracket's contents, where no break was made)
const FORMULA_ROUTES = [
  ...['symmetric', 'asymmetric'].flatMap((scheme) =>
    ['notes', 'pytorch', 'onnxruntime', 'tensorrt', 'tvm'].map(
      (conv) => `/lab?scheme=${scheme}&conv=${conv}`,
    ),
  ),
  '/lab?scheme=asymmetric&form=zp',
  '/lab?fmt=fp8-e4m3',
  '/lab?gran=group&bits=4',
  '/lab?bits=16',
  '/lab/add',
  '/lab/add?scheme=symmetric',
  '/lab/add?aoutlier=10',
  '/lab/dense',
  '/lab/dense?scheme=asymmetric',
]

describe('the Lab, add and dense formulas at 360 px', () => {
  for (const lang of ['en', 'zh-CN']) {
    it(`fit their column, none scrolls sideways (${lang})`, async () => {
      const page = await h.open(`#/?lang=${lang}`, { viewport: PHONE })
      const wide: string[] = []
      for (const route of FORMULA_ROUTES) {
        await page.goto(`${h.baseUrl}/#${route}${route.includes('?') ? '&' : '?'}lang=${lang}`)
        // the last formula of each panel: the Lab's SQNR, the selected element's in add and dense
        const last = route.startsWith('/lab/') ? 'el' : 'sqnr'
        await page.locator(`.formula[data-formula="${last}"] .katex-display`).waitFor()
        await page.evaluate(() => document.fonts.ready)
        // (the formulas settle a quarter of a second after the result; FitTex steps before paint)
        await page.waitForTimeout(400)
        const math = await page.evaluate(() =>
          // (a display's scroll width takes in what overflows it, whether its own box scrolls or its column's)
          [...document.querySelectorAll('.katex-display')].map((e) => ({
            key: e.closest('[data-formula]')?.getAttribute('data-formula') ?? e.parentElement!.className,
            over: e.scrollWidth - e.clientWidth,
          })),
        )
        expect(math.length, route).toBeGreaterThanOrEqual(3)
        for (const f of math) if (f.over > 1) wide.push(`${route}: ${f.key} by ${f.over} px`)
      }
      expect(wide, 'formulas wider than their column').toEqual([])
      await h.screenshot(page, `phone-formulas-${lang}`)
    }, 180_000)
  }
})

// every route App.tsx shows, the not-found page too: each has its own current tab (or none)
const HEADER_ROUTES = [...ROUTES, '/nowhere']

interface Box {
  left: number
  right: number
  top: number
  bottom: number
}

/** The header's parts as drawn: each tab's box, and whether the tab itself is what a tap finds at its centre
 *  and 3 px in from either end; the same for the brand and the header's buttons. */
async function headerGeometry(page: Page) {
  return page.evaluate(() => {
    const box = (el: Element): Box => {
      const r = el.getBoundingClientRect()
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }
    }
    const hitAcross = (el: Element) => {
      const r = el.getBoundingClientRect()
      const y = (r.top + r.bottom) / 2
      return [r.left + 3, (r.left + r.right) / 2, r.right - 3].every((x) =>
        el.contains(document.elementFromPoint(x, y)),
      )
    }
    const nav = document.querySelector('.app-header nav')!
    const shown = (el: Element) => el.getClientRects().length > 0
    const tabs = [...nav.querySelectorAll('a')].filter(shown).map((a) => ({
      text: a.innerText,
      current: a.getAttribute('aria-current') === 'page',
      box: box(a),
      hit: hitAcross(a),
    }))
    const controls = [
      document.querySelector('.brand')!,
      ...document.querySelectorAll('.app-header .header-tools > button'),
    ]
      .filter(shown)
      .map((el) => ({
        text: (el as HTMLElement).innerText.trim() || el.className,
        box: box(el),
        hit: hitAcross(el),
      }))
    return {
      width: innerWidth,
      header: document.querySelector('.app-header')!.getBoundingClientRect().height,
      nav: box(nav),
      navScroll: nav.scrollWidth - nav.clientWidth,
      more: nav.getAttribute('data-more'),
      mask: getComputedStyle(nav).maskImage || getComputedStyle(nav).getPropertyValue('-webkit-mask-image'),
      tabs,
      controls,
    }
  })
}

const overlaps = (a: Box, b: Box) =>
  Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
  Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5

describe('the header at 360 px', () => {
  // English on the tutorial and traitor pages: the current tab, drawn bold, widened the nav past its box, and
  // "Model" ran 10 px under the language button ("Mode|中文")
  for (const lang of ['en', 'zh-CN']) {
    it(`shows every tab whole, under no other control, on every route (${lang})`, async () => {
      const page = await h.open(`#/?lang=${lang}`, { viewport: PHONE })
      for (const route of HEADER_ROUTES) {
        await page.goto(`${h.baseUrl}/#${route}?lang=${lang}`)
        await page.locator('main h1').first().waitFor()
        const g = await headerGeometry(page)
        expect(g.header, `${route}: header height`).toBeLessThan(64)
        expect(g.navScroll, `${route}: the nav scrolls`).toBeLessThanOrEqual(0)
        expect(g.tabs.length, route).toBe(4)
        for (const tab of g.tabs) {
          const at = `${route}: the tab "${tab.text}"`
          expect(tab.box.left, `${at} starts before the nav`).toBeGreaterThanOrEqual(g.nav.left - 0.5)
          expect(tab.box.right, `${at} ends past the nav`).toBeLessThanOrEqual(g.nav.right + 0.5)
          expect(tab.hit, `${at} is not what a tap finds across it`).toBe(true)
          for (const c of g.controls)
            expect(overlaps(tab.box, c.box), `${at} overlaps "${c.text}"`).toBe(false)
        }
        for (const c of g.controls) {
          expect(c.box.right, `${route}: "${c.text}" past the window`).toBeLessThanOrEqual(g.width)
          expect(c.hit, `${route}: "${c.text}" is not what a tap finds across it`).toBe(true)
        }
        // (the home page and the accuracy view, listed under "More" on a phone, have no current tab here)
        expect(g.tabs.filter((t) => t.current).length, route).toBe(
          ['/', '/model/accuracy', '/nowhere'].includes(route) ? 0 : 1,
        )
      }
      await page.goto(`${h.baseUrl}/#/learn/linear?lang=${lang}`)
      await page.locator('main h1').first().waitFor()
      await h.screenshot(page, `phone-header-${lang}`)
    }, 120_000)
  }
})

describe('the header tabs’ focus ring on a phone', () => {
  // the nav scrolls sideways, so it clips what is drawn outside it: a ring outside the tab was cut off
  it('draws the focused tab’s ring inside the tab, where the nav does not clip it', async () => {
    const page = await h.open('#/?lang=en', { viewport: { width: 360, height: 700 } })
    await page.locator('main h1').first().waitFor()
    await page.locator('.app-header nav a:visible').first().focus()
    await page.keyboard.press('Tab')
    const ring = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement
      const st = getComputedStyle(a)
      return {
        inNav: !!a.closest('.app-header nav'),
        style: st.outlineStyle,
        width: parseFloat(st.outlineWidth),
        offset: parseFloat(st.outlineOffset),
      }
    })
    expect(ring.inNav).toBe(true)
    expect(ring.style).toBe('solid')
    expect(ring.width).toBeGreaterThan(0)
    expect(ring.offset).toBeLessThanOrEqual(-ring.width)
  })
})

describe('the header at 320 px', () => {
  // narrower than the nav: it scrolls, the current tab whole in view, a fade on each side that has more
  for (const lang of ['en', 'zh-CN']) {
    it(`keeps the current tab in view and every tab within reach (${lang})`, async () => {
      const page = await h.open(`#/?lang=${lang}`, { viewport: { width: 320, height: 700 } })
      for (const route of HEADER_ROUTES) {
        await page.goto(`${h.baseUrl}/#${route}?lang=${lang}`)
        await page.locator('main h1').first().waitFor()
        const g = await headerGeometry(page)
        expect(g.header, `${route}: header height`).toBeLessThan(64)
        expect(g.mask.includes('gradient'), `${route}: a fade where the nav has more`).toBe(g.navScroll > 0)
        // (after the nav was scrolled to its end on the route before: a new page brings its tab back) whole,
        // and clear of a fade; within a pixel: the nav scrolls by whole pixels, its tabs have fractional widths
        for (const tab of g.tabs.filter((t) => t.current)) {
          const fadeStart = g.more === 'start' || g.more === 'both' ? 16 : 0
          const fadeEnd = g.more === 'end' || g.more === 'both' ? 16 : 0
          expect(tab.box.left, route).toBeGreaterThanOrEqual(g.nav.left + fadeStart - 1)
          expect(tab.box.right, route).toBeLessThanOrEqual(g.nav.right - fadeEnd + 1)
          expect(tab.hit, route).toBe(true)
        }
        for (const c of g.controls) expect(c.hit, `${route}: "${c.text}"`).toBe(true)
        // scrolled to either end, the tab there is whole and under nothing
        for (const end of ['start', 'end'] as const) {
          await page.locator('.app-header nav').evaluate((nav, end) => {
            nav.scrollLeft = end === 'start' ? 0 : nav.scrollWidth
          }, end)
          await page.waitForTimeout(100)
          const s = await headerGeometry(page)
          const tab = end === 'start' ? s.tabs[0] : s.tabs.at(-1)!
          expect(tab.box.left, `${route}, ${end}: "${tab.text}"`).toBeGreaterThanOrEqual(s.nav.left - 1)
          expect(tab.box.right, `${route}, ${end}: "${tab.text}"`).toBeLessThanOrEqual(s.nav.right + 1)
          expect(tab.hit, `${route}, ${end}: "${tab.text}"`).toBe(true)
        }
      }
    }, 120_000)
  }
})

describe('the header on a tablet and a small laptop', () => {
  // it wrapped to three rows at 768 px and to two at 1024 px (brand, nav and the classroom buttons)
  for (const [width, lang] of [
    [768, 'en'],
    [1024, 'en'],
    [1180, 'en'],
    [1024, 'zh-CN'],
  ] as const) {
    it(`keeps to one line at ${width} px (${lang})`, async () => {
      const page = await h.open(`#/model?lang=${lang}`, { viewport: { width, height: 800 } })
      await page.locator('main h1').first().waitFor()
      const m = await page.evaluate(() => ({
        header: document.querySelector('.app-header')!.getBoundingClientRect().height,
        current: document.querySelector('.app-header nav a[aria-current="page"]')!.getBoundingClientRect(),
        nav: document.querySelector('.app-header nav')!.getBoundingClientRect(),
      }))
      expect(m.header).toBeLessThan(64)
      // the current page's link is whole in view
      expect(m.current.left).toBeGreaterThanOrEqual(m.nav.left - 0.5)
      expect(m.current.right).toBeLessThanOrEqual(m.nav.right + 0.5)
    })
  }
})

/**
 * The open drawer is the window's height and scrolls to its last control: it took its content's height (a grid
 * item aligned to start), ran off the bottom, and did not scroll, so half of the settings were out of reach.
 */
async function expectDrawerScrolls(page: Page) {
  const d = await page.locator('.lab-controls.as-drawer.open').evaluate((el) => {
    const before = el.getBoundingClientRect().height
    el.scrollTop = el.scrollHeight
    const last = [...el.querySelectorAll('select, input, button')].at(-1)!.getBoundingClientRect()
    return {
      height: before,
      window: innerHeight,
      content: el.scrollHeight,
      top: el.scrollTop,
      lastBottom: last.bottom,
    }
  })
  expect(d.height).toBeLessThanOrEqual(d.window + 1)
  expect(d.content).toBeGreaterThan(d.height)
  expect(d.top).toBeGreaterThan(0)
  expect(d.lastBottom).toBeLessThanOrEqual(d.window + 1)
}

describe('the Lab on a phone', () => {
  it('shows the charts first and opens the settings in a drawer', async () => {
    const page = await h.open('#/lab?lang=en', { viewport: PHONE })
    // the histogram itself: the panels mount as their data arrives, and the KL microscope (its curve in) can be
    // on the page a frame before the result's panels above it
    const histogram = page.locator('[data-chart="histogram"]')
    await histogram.waitFor()
    expect((await histogram.boundingBox())!.y).toBeLessThan(PHONE.height)
    const seed = page.getByLabel('Seed')
    expect(await seed.isVisible()).toBe(false)
    const toggle = page.getByRole('button', { name: 'Settings' })
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    await toggle.click()
    await seed.waitFor({ state: 'visible' })
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    await h.screenshot(page, 'phone-lab-drawer-en')
    await expectDrawerScrolls(page)
    await seed.fill('7')
    await seed.press('Enter')
    await page.waitForURL(/seed=7/)
    await page.keyboard.press('Escape')
    await seed.waitFor({ state: 'hidden' })
    // focus returns to the button that opened it
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('drawer-toggle')
    // the header's "More" holds the classroom buttons
    const more = page.getByRole('button', { name: 'More' })
    await more.click()
    await page.getByRole('button', { name: 'Classroom mode' }).waitFor({ state: 'visible' })
  })

  // at 768 px the settings column would stack a screen of controls above the charts; in classroom mode the
  // large type leaves no room for it either: both keep the settings in the drawer
  for (const [what, hash, viewport] of [
    ['a tablet', '#/lab?lang=zh-CN', { width: 768, height: 1000 }],
    ['classroom mode', '#/lab?lang=zh-CN&present=1', { width: 1280, height: 800 }],
  ] as const) {
    it(`puts the charts first and the settings in the drawer on ${what}`, async () => {
      const page = await h.open(hash, { viewport })
      const histogram = page.locator('[data-chart="histogram"]')
      await histogram.waitFor()
      expect((await histogram.boundingBox())!.y).toBeLessThan(viewport.height)
      expect(await page.getByLabel('随机种子').isVisible()).toBe(false)
      await page.getByRole('button', { name: '设置' }).click()
      await page.getByLabel('随机种子').waitFor({ state: 'visible' })
      await expectDrawerScrolls(page)
    })
  }

  // the tab row scrolled, its scrollbar hidden: "Quantized dense" was cut off at the window's edge (and in
  // classroom mode the last two tabs)
  for (const present of [false, true]) {
    it(`shows every Lab tab whole${present ? ' in classroom mode' : ''}`, async () => {
      const page = await h.open(`#/lab/add?lang=en${present ? '&present=1' : ''}`, { viewport: PHONE })
      await page.locator('.lab-tabs a').first().waitFor()
      const row = await page.locator('.lab-tabs ul').evaluate((ul) => {
        const r = ul.getBoundingClientRect()
        return {
          scroll: ul.scrollWidth - ul.clientWidth,
          cut: [...ul.querySelectorAll('a')]
            .filter((a) => a.getBoundingClientRect().right > r.right + 0.5)
            .map((a) => a.innerText),
        }
      })
      expect(row.scroll).toBeLessThanOrEqual(0)
      expect(row.cut).toEqual([])
    })
  }

  // the tabs wrap to two rows; a folder tab standing on the row's line came loose from it when the current tab
  // was on the first row ("One tensor" a row above the line): each tab on a phone is a button of its own
  for (const present of [false, true])
    for (const lang of ['en', 'zh-CN']) {
      it(`keeps the current Lab tab on its own marker (${lang}${present ? ', classroom mode' : ''})`, async () => {
        const page = await h.open(`#/lab?lang=${lang}`, { viewport: PHONE })
        for (const tab of ['/lab', '/lab/add', '/lab/dense']) {
          await page.goto(`${h.baseUrl}/#${tab}?lang=${lang}${present ? '&present=1' : ''}`)
          await page.locator('.lab-tabs a[aria-current="page"]').waitFor()
          const m = await page.locator('.lab-tabs ul').evaluate((ul) => {
            const cur = ul.querySelector('a[aria-current="page"]')!
            const rows = new Set(
              [...ul.querySelectorAll('a')].map((a) => Math.round(a.getBoundingClientRect().top)),
            )
            return {
              rows: rows.size,
              line: parseFloat(getComputedStyle(ul).borderBottomWidth),
              gap: ul.getBoundingClientRect().bottom - cur.getBoundingClientRect().bottom,
              mark: getComputedStyle(cur).boxShadow,
            }
          })
          // a line under the whole row only when the current tab stands on it (the folder style, one row)
          if (m.line > 0)
            expect(m.gap, `${tab}: the current tab above the row's line`).toBeLessThanOrEqual(m.line + 0.5)
          else expect(m.mark, `${tab}: the current tab's own underline`).toContain('inset')
          if (m.rows > 1) expect(m.line, `${tab}: a line under two rows of tabs`).toBe(0)
        }
      })
    }

  // a control reached with Tab is scrolled into view clear of the floating "Settings" button (at the window's
  // bottom edge the add view's inputs and formulas were under it)
  it('scrolls what takes focus clear of the Settings button', async () => {
    const page = await h.open('#/lab/add?lang=en', { viewport: PHONE })
    const toggle = page.locator('.drawer-toggle')
    await toggle.waitFor()
    await page.locator('.formula[data-formula="el"] .katex-display').waitFor()
    const under: string[] = []
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      const hit = await page.evaluate(() => {
        const a = document.activeElement
        if (!a || a === document.body || a.classList.contains('drawer-toggle')) return null
        const b = a.getBoundingClientRect()
        const t = document.querySelector('.drawer-toggle')!.getBoundingClientRect()
        const over =
          Math.min(b.right, t.right) - Math.max(b.left, t.left) > 0 &&
          Math.min(b.bottom, t.bottom) - Math.max(b.top, t.top) > 0
        return over ? `${a.tagName.toLowerCase()}.${a.className}` : null
      })
      if (hit) under.push(hit)
    }
    expect(under, 'focused, under the Settings button').toEqual([])
  })

  it('keeps the settings beside the charts on a laptop', async () => {
    const page = await h.open('#/lab?lang=zh-CN', { viewport: { width: 1280, height: 800 } })
    await page.getByLabel('随机种子').waitFor({ state: 'visible' })
    expect(await page.getByRole('button', { name: '设置' }).isVisible()).toBe(false)
    expect(await page.getByRole('button', { name: '更多' }).isVisible()).toBe(false)
  })
})

describe('a dialog on a phone', () => {
  // the classroom-link dialog was drawn inside the header (a stacking context below the page's floating
  // buttons): the Lab's "Settings" button sat over it, and took the taps there
  for (const lang of ['en', 'zh-CN']) {
    it(`has nothing of the page drawn over it (${lang})`, async () => {
      const viewport = { width: 360, height: 780 }
      const page = await h.open(`#/lab?lang=${lang}`, { viewport })
      await page.locator('.chart-frame').first().waitFor()
      expect(await page.locator('.drawer-toggle').isVisible()).toBe(true)
      await page.locator('.header-more').click()
      await page.locator('.present-builder').click()
      const dialog = page.locator('[role="dialog"]')
      await dialog.waitFor()
      // every point of the window is the dialog's or its backdrop's
      const stray = await dialog.evaluate((d) => {
        const backdrop = d.parentElement!
        const seen = new Set<string>()
        for (let y = 1; y < innerHeight; y += 6)
          for (let x = 1; x < innerWidth; x += 6) {
            const e = document.elementFromPoint(x, y)
            if (!e) seen.add('nothing')
            else if (!backdrop.contains(e)) seen.add(`${e.tagName.toLowerCase()}.${e.className}`)
          }
        return [...seen]
      })
      expect(stray, 'drawn over the dialog').toEqual([])
      // and the dialog's own controls in view are what a tap finds
      const missed = await dialog.locator('button, a, select, input').evaluateAll((els) =>
        els
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => (r.top + r.bottom) / 2 < innerHeight)
          .filter(
            ({ el, r }) =>
              !el.contains(document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2)),
          )
          .map(({ el }) => el.outerHTML.slice(0, 80)),
      )
      expect(missed).toEqual([])
      await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-dialog-${lang}.png` })
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
      expect(await page.locator('.drawer-toggle').isVisible()).toBe(true)
    })
  }
})

/** A heading's text as drawn, one string per line (a new line where a character sits lower than the last). */
async function drawnLines(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel)!
    const lines: string[] = []
    let cur = ''
    let lastTop: number | null = null
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    while (walker.nextNode()) {
      const n = walker.currentNode as Text
      for (let i = 0; i < n.length; i++) {
        const r = document.createRange()
        r.setStart(n, i)
        r.setEnd(n, i + 1)
        const rect = r.getClientRects()[0]
        if (!rect) continue
        if (lastTop !== null && rect.top > lastTop + 5) {
          lines.push(cur.trim())
          cur = ''
        }
        lastTop = rect.top
        cur += n.data[i]
      }
    }
    lines.push(cur.trim())
    return lines
  }, selector)
}

describe('page titles at 360 px', () => {
  // Chinese breaks between any two characters, and balanced lines broke the home title inside 每一个 ("每一 |
  // 个数") and the dense view's inside 整数 ("用整 | 数计算"); the titles mark their phrases (i18n/Phrases)
  it('break between phrases, not inside a word (zh-CN)', async () => {
    const page = await h.open('#/?lang=zh-CN', { viewport: PHONE })
    const titles: [string, string[]][] = [
      ['/', ['量化实验室：', '把 int8 量化的', '每一个数都算给你看']],
      ['/lab/add', ['量化加法：用整数计算 A + B']],
      ['/lab/dense', ['量化全连接：', '用整数计算 X·W + b']],
    ]
    for (const [route, lines] of titles) {
      await page.goto(`${h.baseUrl}/#${route}?lang=zh-CN`)
      await page.locator('main h1').first().waitFor()
      await page.evaluate(() => document.fonts.ready)
      expect(await drawnLines(page, 'main h1'), route).toEqual(lines)
      // the marks are only where a line may break: none is in the text a reader copies or a screen reader reads
      expect(await page.locator('main h1').first().textContent(), route).not.toContain('\u200b')
    }
    await h.screenshot(page, 'phone-title-zh-CN')
  }, 60_000)

  // classroom mode's titles (36 px) broke the dense view's 计算 ("用整数计 | 算 X·W + b", the phrase wider than the
  // line) and set the English home title a word or two a line ("number | by number")
  it('in classroom mode keep their phrases whole and their lines full (en, zh-CN)', async () => {
    const page = await h.open('#/?lang=zh-CN&present=1', { viewport: PHONE })
    await page.goto(`${h.baseUrl}/#/lab/dense?lang=zh-CN&present=1`)
    await page.locator('main h1').first().waitFor()
    await page.evaluate(() => document.fonts.ready)
    expect(await drawnLines(page, 'main h1')).toEqual(['量化全连接：', '用整数计算 X·W + b'])
    await page.goto(`${h.baseUrl}/#/?lang=en&present=1`)
    await page.locator('main h1').first().waitFor()
    await page.evaluate(() => document.fonts.ready)
    const lines = await drawnLines(page, 'main h1')
    expect(lines.join(' ')).toBe('Quant Lab: int8 quantization, number by number')
    expect(lines.length, lines.join(' | ')).toBeLessThanOrEqual(3)
  }, 60_000)
})
