// The SVG trend charts: every line named inside the picture, axes fitted to the data, readable
// numbers and dates, hostile names escaped, and the same bytes for the same data.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseConfig } from '../src/config/load.js'
import { addDays, emptyHistory, snapshotOf, withSnapshot, type History } from '../src/history/index.js'
import type { FrameworkData, Ranked } from '../src/model.js'
import { rankFrameworks } from '../src/rank/index.js'
import {
  CHART_NAME_MAX,
  CHART_POINTS,
  chartImages,
  chartLinks,
  chartName,
  chartsDir,
  renderCharts
} from '../src/report/charts/index.js'
import { renderPrBody } from '../src/report/index.js'
import { axisLabel, niceRange, spacedIndices, spreadLabels } from '../src/report/charts/scale.js'
import { lineChartSvg } from '../src/report/charts/svg.js'
import { configNamed } from './helpers/config.js'

const HOSTILE = ['<script>x</script>', 'Tensor&Flow "x"', "Ke'ras {a|b} ]]>", 'J\u202eAX\nnew line', 'MXNet']

/** `weeks` weekly snapshots of the given frameworks, stars growing at different speeds. */
function world(
  names: string[],
  weeks: number,
  extra: (i: number, week: number) => Partial<FrameworkData['metrics']> = () => ({})
) {
  const config = configNamed(names)
  let history: History = emptyHistory()
  let ranked: Ranked[] = []
  let date = ''
  for (let week = 0; week < weeks; week++) {
    date = addDays('2025-12-01', week * 7)
    const data: FrameworkData[] = config.frameworks.map((f, i) => ({
      name: f.name,
      github: f.github,
      metrics: { stars: 150_000 + 20_000 * i + week * (100 + 40 * i), commits_window: 200 - 10 * i, ...extra(i, week) },
      lowerBounds: [],
      stale: [],
      info: {}
    }))
    ranked = rankFrameworks(data, config)
    history = withSnapshot(history, snapshotOf(ranked, date))
  }
  return { history, ranked, date }
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
}

function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

test('every line is named twice inside the picture: in the legend and at its end, with its latest value', () => {
  const w = world(HOSTILE, 6)
  const files = renderCharts({ ...w, reportPath: 'docs/frameworks.md' })
  assert.deepEqual(
    files.map((f) => f.path),
    ['docs/frameworks-charts/score.svg', 'docs/frameworks-charts/stars.svg']
  )
  for (const f of files) {
    const labels = texts(f.svg)
    for (const name of HOSTILE) {
      const drawn = xmlEscape(chartName(name))
      assert.ok(labels.includes(drawn), `${f.path}: legend entry for ${name}`)
      assert.ok(
        labels.some((t) => t.startsWith(`${drawn}  `) && /\d[kM]?$/.test(t)),
        `${f.path}: end label with value for ${name}`
      )
    }
  }
})

test('names from the config cannot break out of the SVG, and are cut to CHART_NAME_MAX', () => {
  const long = 'A'.repeat(100)
  const w = world([...HOSTILE, long], 3)
  for (const f of renderCharts({ ...w, reportPath: 'r.md' })) {
    assert.doesNotMatch(f.svg, /<script|\u202e|\]\]>/)
    assert.match(f.svg, />&lt;script&gt;x&lt;\/script&gt;</)
    assert.ok(!f.svg.includes(long), 'long name shortened')
  }
  assert.equal(Array.from(chartName(long)).length, CHART_NAME_MAX)
  assert.equal(chartName('J\u202eAX\nnew line'), 'JAX new line')
})

test('the same data gives the same bytes, whatever else was rendered, the clock or Math.random', () => {
  const w = world(HOSTILE, 8)
  const first = renderCharts({ ...w, reportPath: 'docs/x.md' })
  const realRandom = Math.random
  const realNow = Date.now
  try {
    Math.random = () => 0.987
    Date.now = () => 0
    renderCharts({ ...world(['Other'], 3), reportPath: 'o.md' }) // moves the renderer's instance counter
    const second = renderCharts({ ...w, reportPath: 'docs/x.md' })
    assert.deepEqual(
      second.map((f) => f.svg),
      first.map((f) => f.svg)
    )
  } finally {
    Math.random = realRandom
    Date.now = realNow
  }
  for (const f of first) {
    assert.doesNotMatch(f.svg, /zr\d+-|ecmeta_|<style|class=/, 'no per-instance ids, no hover styles')
    assert.doesNotMatch(f.svg, /<animate|@keyframes|transition/, 'no animation')
    assert.match(f.svg, /<rect width="800" height="400" x="0" y="0" fill="#ffffff">/, 'opaque background')
  }
})

test('52 weekly points: at most one date label per 90 px, the newest date always labelled', () => {
  const w = world(['A', 'B', 'C'], 60)
  const [score] = renderCharts({ ...w, reportPath: 'r.md' })
  const dates = [...score.svg.matchAll(/translate\(([\d.]+) [\d.]+\)"[^>]*>(\d{4}-\d{2}-\d{2})</g)].map((m) => ({
    x: Number(m[1]),
    date: m[2]
  }))
  assert.ok(dates.length >= 4 && dates.length <= 8, `${dates.length} date labels`)
  assert.equal(dates.at(-1)?.date, w.date)
  assert.ok(!dates.some((d) => d.date < addDays(w.date, -7 * (CHART_POINTS - 1))), 'only the last 52 snapshots')
  for (let i = 1; i < dates.length; i++)
    assert.ok(dates[i].x - dates[i - 1].x >= 90, `${dates[i - 1].date} and ${dates[i].date} apart`)
})

test('axes fit the data: no 0–100 score axis, star ticks in k with no 6-digit raw numbers', () => {
  const w = world(['A', 'B', 'C', 'D'], 5)
  const [score, stars] = renderCharts({ ...w, reportPath: 'r.md' })
  const ticks = (svg: string) => texts(svg).filter((t) => /^[\d.,]+[kM]?$/.test(t))
  const scoreTicks = ticks(score.svg).map(Number)
  const lows = w.ranked.map((r) => r.score)
  assert.ok(Math.min(...scoreTicks) > 0 || Math.min(...lows) < 5, `score axis starts at ${Math.min(...scoreTicks)}`)
  assert.ok(Math.max(...scoreTicks) - Math.min(...scoreTicks) < 100)
  const starTicks = ticks(stars.svg)
  assert.ok(starTicks.length >= 3 && starTicks.every((t) => t.endsWith('k') || t === '0'), starTicks.join(' '))
  assert.ok(!texts(stars.svg).some((t) => /\d{5}/.test(t)), 'no unseparated 5+ digit number')
})

test('a downloads chart when the top frameworks have download counts; none before two snapshots', () => {
  const w = world(['A', 'B'], 3, (i, week) => (i === 0 ? { pypi_downloads_month: 1_200_000 + week * 50_000 } : {}))
  const files = renderCharts({ ...w, reportPath: 'docs/My report.md' })
  assert.deepEqual(
    files.map((f) => [f.path, f.href]),
    [
      ['docs/My report-charts/score.svg', 'My%20report-charts/score.svg'],
      ['docs/My report-charts/stars.svg', 'My%20report-charts/stars.svg'],
      ['docs/My report-charts/downloads.svg', 'My%20report-charts/downloads.svg']
    ]
  )
  assert.match(files[2].svg, /1\.\d+M/)
  assert.match(files[2].alt, /PyPI downloads per month, top 2 from 2025-12-01 to 2025-12-15; latest: A 1,300,000/)
  assert.deepEqual(renderCharts({ ...world(['A'], 1), reportPath: 'r.md' }), [])
  assert.equal(chartsDir('frameworks.md'), 'frameworks-charts')
})

test('niceRange, axisLabel, spacedIndices and spreadLabels', () => {
  assert.deepEqual(niceRange([95.3, 95.4]), { min: 95.25, max: 95.45, interval: 0.05 })
  assert.deepEqual(niceRange([95.3, 95.4], 0, 4), { min: 93, max: 98, interval: 1 })
  assert.deepEqual(niceRange([0, 3], 1), { min: 0, max: 4, interval: 1 })
  assert.deepEqual(niceRange([0.5, 1], 0, 4), { min: 0, max: 4, interval: 1 })
  const r = niceRange([178_000, 202_300], 1)
  assert.ok(r.min <= 178_000 && r.max >= 202_300 && r.min > 100_000, JSON.stringify(r))
  assert.deepEqual(niceRange([7, 7]), { min: 6.5, max: 7.5, interval: 0.25 })
  assert.equal(axisLabel(192_500, 2_500), '192.5k')
  assert.equal(axisLabel(1_250_000, 250_000), '1.25M')
  assert.equal(axisLabel(9_500, 500), '9,500')
  assert.equal(axisLabel(0, 50_000), '0')
  assert.equal(axisLabel(95.5, 0.5), '95.5')
  // 52 weekly points 10.5 px apart: every 10th from the newest; 4 points: all of them
  const weekly = Array.from({ length: 52 }, (_, i) => i * 10.5)
  assert.deepEqual([...spacedIndices(weekly, 96)], [51, 41, 31, 21, 11, 1])
  assert.equal(spacedIndices([0, 182, 364, 546], 96).size, 4)
  const ys = spreadLabels([100, 101, 300, 99], 16, 80, 320)
  const sorted = [...ys].sort((a, b) => a - b)
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i] - sorted[i - 1] >= 16)
  assert.equal(ys[2], 300)
  assert.deepEqual(spreadLabels([319, 320], 16, 80, 320), [304, 320])
})

test('the PR body shows the score chart at the commit and folds the others; unsafe addresses are dropped', () => {
  const w = world(['A', 'B<x>]'], 3, (i, week) => (i === 0 ? { pypi_downloads_month: 1_000 + week } : {}))
  const config = parseConfig(
    'frameworks:\n  - { name: A, github: o0/r0 }\n  - { name: "B<x>]", github: o1/r1 }\n',
    'c.yml'
  )
  const charts = renderCharts({ ...w, reportPath: 'docs/f.md' })
  const sha = 'c'.repeat(40)
  const links = chartLinks(charts, { serverUrl: 'https://ghe.example/', repo: { owner: 'o', repo: 'r' }, sha })
  const body = renderPrBody({ ...w, config, failures: [], reportPath: 'docs/f.md', charts: links })
  const image = (file: string) => `](https://ghe.example/o/r/blob/${sha}/docs/f-charts/${file}?raw=true)`
  const trends = body.slice(body.indexOf('### Trends'))
  assert.ok(trends.indexOf(image('score.svg')) < trends.indexOf('<details><summary>More charts</summary>'))
  assert.ok(trends.indexOf(image('stars.svg')) > trends.indexOf('<details>'))
  assert.ok(trends.includes(image('downloads.svg')))
  assert.match(trends, /latest: B&lt;x&gt;&#93; [\d.]+, A [\d.]+\]\(/, 'alt text escaped')
  assert.deepEqual(chartImages([{ title: 't', alt: 'a', href: 'x.svg) [y](javascript:alert(1)' }]), [])
})

test('a time axis: a year of monthly backfilled points, then weekly runs, each drawn where its date is', () => {
  const monthly = Array.from({ length: 12 }, (_, k) => addDays('2026-11-02', -30 * (12 - k)))
  const dates = [...monthly, '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']
  const svg = lineChartSvg({
    id: 'stars',
    title: 'GitHub stars, top 1',
    categories: dates,
    series: [{ name: 'A', values: dates.map((_, i) => 1000 + 10 * i) }],
    decimals: 0,
    minStep: 1,
    minSpan: 0,
    backfilled: { from: dates[0], to: dates[11] }
  })
  const line = /<path d="M([^"]+)" fill="none" stroke="#0072B2" stroke-width="2"/.exec(svg)?.[1] ?? ''
  const xs = line.split('L').map((p) => Number(p.trim().split(' ')[0]))
  assert.equal(xs.length, dates.length, line)
  // A week is drawn 7/30 as wide as a month (not as wide, as on a category axis).
  const ratio = (xs[13] - xs[12]) / (xs[11] - xs[10])
  assert.ok(Math.abs(ratio - 7 / 30) < 0.02, `week/month width ratio ${ratio}`)
  assert.match(svg, />backfilled · monthly points</)
  // Date labels are spaced by where they are drawn: none closer than 90 px, the newest labelled.
  const labels = [...svg.matchAll(/translate\(([\d.]+) [\d.]+\)"[^>]*>(\d{4}-\d{2}-\d{2})</g)]
  assert.equal(labels.at(-1)?.[2], '2026-11-23')
  for (let i = 1; i < labels.length; i++) assert.ok(Number(labels[i][1]) - Number(labels[i - 1][1]) >= 90)
})
