// Renders the report block, the PR body and the job summary. Pure: the same input gives the same
// bytes. Every table is built with markdown-table; every outside string is escaped (escape.ts);
// the only HTML in the output is the two marker comments.
//
// Number rule: exact whole numbers with "," as thousands separator (193,271), scores with one
// decimal; "–" when a value is not available; "≥" before a lower bound; "†" after a value carried
// over from the last snapshot because its source failed this run.
import { markdownTable } from 'markdown-table'
import type { Config } from '../config/schema.js'
import { SCORE_GROUPS } from '../config/schema.js'
import { entryOf, previousSnapshot, snapshotNear, statusOf, type History, type Snapshot } from '../history/index.js'
import { METRICS, type FrameworkStatus, type MetricKey, type Ranked, type SourceFailure } from '../model.js'
import { metricCap } from '../rank/index.js'
import { criteriaValue, evaluateFunnel, formatFact } from './criteria.js'
import { cell, escapeText, formatDelta, formatNumber, link, mermaidLabel, repoUrl } from './escape.js'
import { END_MARKER, START_MARKER } from './splice.js'

export interface ReportInput {
  config: Config
  ranked: Ranked[]
  /** includes this run's snapshot */
  history: History
  /** YYYY-MM-DD (UTC) of this run */
  date: string
  failures: SourceFailure[]
  notes?: string[]
  /** where repository links point (GITHUB_SERVER_URL); default https://github.com */
  serverUrl?: string
}

/** Points in the sparkline (most recent snapshots). */
export const SPARK_POINTS = 12
/** Frameworks drawn in each chart. */
export const CHART_TOP = 5
/** Snapshots (most recent) on a chart's x-axis. */
export const CHART_POINTS = 26
/** Rows of the trends table. */
export const TREND_ROWS = 20
/** Names listed per funnel Promote/Pass list before "…and N more". */
export const FUNNEL_LIST_CAP = 100
/** Failures listed before "…and N more". */
export const FAILURE_CAP = 20
/** GitHub rejects PR bodies of 65,536 characters or more; stay clearly below. */
export const PR_BODY_LIMIT = 65_536
const PR_BODY_TARGET = 60_000
/** The report block stays below this many bytes (1,000 frameworks with 100-character names fit). */
export const REPORT_BYTE_BUDGET = 500 * 1024

/** How much detail the report shows; later levels are used only when the earlier ones are too big. */
interface Detail {
  /** rows of the criteria matrix (best first) */
  criteriaRows: number
  /** frameworks with a sparkline (best first; the rest show "·") */
  sparkRows: number
}
const DETAIL_LEVELS: Detail[] = [
  { criteriaRows: Infinity, sparkRows: Infinity },
  { criteriaRows: 250, sparkRows: 100 },
  { criteriaRows: 100, sparkRows: 50 },
  { criteriaRows: 25, sparkRows: 25 }
]

const SPARKS = '▁▂▃▄▅▆▇█'
const STALE_MARK = '†'
const LOWER_MARK = '≥'
const CHART_COLORS = ['#2563eb', '#f97316', '#16a34a', '#dc2626', '#9333ea']
const CHART_SWATCHES = ['🟦', '🟧', '🟩', '🟥', '🟪']

const TABLE = { alignDelimiters: false } as const

/** Metric columns of the ranking table: always the first four, the rest when any framework has them. */
const ALWAYS: MetricKey[] = ['stars', 'forks', 'contributors', 'commits_window']
const OPTIONAL: MetricKey[] = [
  'so_questions',
  'so_questions_window',
  'pypi_downloads_month',
  'npm_downloads_month',
  'conda_downloads_total',
  'docker_pulls_total',
  'citations'
]
const COLUMN_LABEL: Partial<Record<MetricKey, string>> = {
  pypi_downloads_month: 'PyPI downloads/month',
  npm_downloads_month: 'npm downloads/month',
  conda_downloads_total: 'conda downloads',
  docker_pulls_total: 'Docker pulls'
}

interface Context {
  input: ReportInput
  prev: Snapshot | undefined
  statuses: Map<string, FrameworkStatus[]>
  serverUrl: string
}

function context(input: ReportInput): Context {
  const statuses = new Map<string, FrameworkStatus[]>()
  for (const r of input.ranked) statuses.set(r.name, statusOf(r, input.history, input.date, input.config))
  return {
    input,
    prev: previousSnapshot(input.history, input.date),
    statuses,
    serverUrl: input.serverUrl ?? 'https://github.com'
  }
}

// ---- small pieces --------------------------------------------------------------------------

function nameLink(ctx: Context, r: Ranked): string {
  return link(r.name, repoUrl(ctx.serverUrl, r.info.nameWithOwner ?? r.github) ?? repoUrl(ctx.serverUrl, r.github))
}

function metricCell(r: Ranked, m: MetricKey): string {
  const v = r.metrics[m]
  const lower = v !== undefined && r.lowerBounds.includes(m) ? LOWER_MARK : ''
  const stale = r.stale.includes(m) ? STALE_MARK : ''
  return lower + formatNumber(v) + stale
}

function movement(ctx: Context, r: Ranked): string {
  if (!ctx.prev) return '–'
  const before = entryOf(ctx.prev, r.name)
  if (!before) return 'new'
  const d = before.rank - r.rank
  return d > 0 ? `▲${d}` : d < 0 ? `▼${-d}` : '='
}

/** Scores of a framework over the last `points` snapshots up to this run's date. */
function series(
  history: History,
  date: string,
  name: string,
  pick: (e: NonNullable<ReturnType<typeof entryOf>>) => number | undefined,
  points: number
): number[] {
  const out: number[] = []
  for (const s of history.snapshots) {
    if (s.date > date) continue
    const e = entryOf(s, name)
    const v = e ? pick(e) : undefined
    if (typeof v === 'number' && Number.isFinite(v)) out.push(v)
  }
  return out.slice(-points)
}

/** ▁…█ over the framework's own range, at least 5 score points wide so noise stays flat. */
export function sparkline(values: number[]): string {
  if (values.length < 2) return '–'
  const lo = Math.min(...values)
  const hi = Math.max(...values)
  const range = Math.max(hi - lo, 5)
  // a narrow range is centred, so a flat line sits in the middle rather than on the floor
  const floor = (lo + hi) / 2 - range / 2
  return values.map((v) => SPARKS[Math.min(7, Math.max(0, Math.round(((v - floor) / range) * 7)))]).join('')
}

function statusText(ctx: Context, r: Ranked): string {
  return (ctx.statuses.get(r.name) ?? []).join(', ')
}

function capList(items: string[], cap: number, noun = 'more'): string {
  if (items.length <= cap) return items.join(', ')
  return [...items.slice(0, cap), `…and ${formatNumber(items.length - cap)} ${noun}`].join(', ')
}

function table(rows: string[][], align: string[]): string {
  return markdownTable(rows, { ...TABLE, align })
}

// ---- sections --------------------------------------------------------------------------------

function metricColumns(ranked: Ranked[]): MetricKey[] {
  return [...ALWAYS, ...OPTIONAL.filter((m) => ranked.some((r) => r.metrics[m] !== undefined || r.stale.includes(m)))]
}

function columnLabel(m: MetricKey, windowDays: number): string {
  if (m === 'commits_window') return `Commits (${windowDays} d)`
  if (m === 'so_questions_window') return `SO questions (${windowDays} d)`
  return COLUMN_LABEL[m] ?? METRICS[m].label
}

function rankingTable(ctx: Context, rows: Ranked[], withTrend = true, sparkRows = Infinity): string {
  const { config, history, date } = ctx.input
  const columns = metricColumns(ctx.input.ranked)
  const header = [
    '#',
    'Framework',
    'Score',
    'Move',
    ...(withTrend ? ['Trend'] : []),
    ...columns.map((m) => columnLabel(m, config.window_days)),
    'Status'
  ]
  const body = rows.map((r) => [
    String(r.rank),
    nameLink(ctx, r),
    r.score.toFixed(1),
    movement(ctx, r),
    ...(withTrend
      ? [r.rank <= sparkRows ? sparkline(series(history, date, r.name, (e) => e.score, SPARK_POINTS)) : '·']
      : []),
    ...columns.map((m) => metricCell(r, m)),
    statusText(ctx, r)
  ])
  return table([header, ...body], ['r', 'l', 'r', 'c', ...(withTrend ? ['l'] : []), ...columns.map(() => 'r'), 'l'])
}

function failureLines(failures: SourceFailure[], cap = FAILURE_CAP): string[] {
  const sorted = [...failures].sort(
    (a, b) => cmp(a.source, b.source) || cmp(a.framework ?? '', b.framework ?? '') || cmp(a.message, b.message)
  )
  const lines = sorted
    .slice(0, cap)
    .map(
      (f) =>
        `- ${escapeText(f.source)}${f.framework ? ` (${escapeText(f.framework)})` : ' (all frameworks)'}: ${escapeText(f.message, 200)}`
    )
  if (sorted.length > cap) lines.push(`- …and ${formatNumber(sorted.length - cap)} more`)
  return lines
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function legend(ctx: Context): string {
  const { config } = ctx.input
  const groups = SCORE_GROUPS.filter((g) => (config.weights.groups[g] ?? 0) > 0).map((g) => {
    const parts = (Object.entries(config.weights.metrics[g] ?? {}) as Array<[MetricKey, number]>)
      .filter(([, w]) => w > 0)
      .map(([m, w]) => `${METRICS[m].label} ${formatNumber(w)} (cap ${formatNumber(metricCap(m, config.window_days))})`)
    return `${g} ×${formatNumber(config.weights.groups[g])}: ${parts.join(', ') || 'no metric'}`
  })
  return [
    '### How to read this',
    '',
    '- **Score** (0–100): each metric is log-scaled against its cap, log(1 + value) / log(1 + cap), and counts fully at the cap. ' +
      'A group score is the weighted mean over the metrics the framework has (a missing metric neither helps nor hurts); ' +
      'the score is the weighted mean of the group scores.',
    `- **Weights**: ${groups.map((g) => escapeText(g, 2000)).join('; ')}.`,
    `- **Move**: rank change since the previous snapshot${ctx.prev ? ` (${ctx.prev.date})` : ''}: ▲ up, ▼ down, = same, new = not in that snapshot, – = no earlier snapshot.`,
    `- **Trend**: score over the last ${SPARK_POINTS} snapshots, ▁ low to █ high within the framework's own range (at least 5 points wide, so small changes stay near the middle); · = left out to keep a very large report small.`,
    `- **${LOWER_MARK}** the true value is at least this (too many to count exactly). **${STALE_MARK}** carried over from the last snapshot because its source failed this run. **–** not available.`,
    '- Numbers are exact, with "," as thousands separator. Status: missing (repository not found), archived, inactive ' +
      `(no push for more than ${formatNumber(config.inactive_after_days)} days), new (first seen in this snapshot), stale (has carried-over values).`
  ].join('\n')
}

function deltaCell(now: Ranked, then: Snapshot | undefined): string {
  if (!then) return '–'
  const e = entryOf(then, now.name)
  if (!e) return 'new'
  const ds = now.score - e.score
  const stars =
    now.metrics.stars !== undefined && e.metrics.stars !== undefined
      ? formatDelta(now.metrics.stars - e.metrics.stars)
      : '–'
  return `${formatDelta(ds, 1)} / ${stars}`
}

interface Gainers {
  byScore: Array<{ r: Ranked; delta: number }>
  byStars: Array<{ r: Ranked; delta: number }>
  /** Biggest score losses, most negative first. */
  losers: Array<{ r: Ranked; delta: number }>
}

function gainers(ctx: Context, top = 5): Gainers {
  const byScore: Array<{ r: Ranked; delta: number }> = []
  const byStars: Array<{ r: Ranked; delta: number }> = []
  const losers: Array<{ r: Ranked; delta: number }> = []
  for (const r of ctx.input.ranked) {
    const e = entryOf(ctx.prev, r.name)
    if (!e) continue
    const ds = Math.round((r.score - e.score) * 10) / 10
    if (ds > 0) byScore.push({ r, delta: ds })
    if (ds < 0) losers.push({ r, delta: ds })
    if (r.metrics.stars !== undefined && e.metrics.stars !== undefined && r.metrics.stars > e.metrics.stars)
      byStars.push({ r, delta: r.metrics.stars - e.metrics.stars })
  }
  const order = (a: { r: Ranked; delta: number }, b: { r: Ranked; delta: number }) =>
    b.delta - a.delta || a.r.rank - b.r.rank
  const lossOrder = (a: { r: Ranked; delta: number }, b: { r: Ranked; delta: number }) =>
    a.delta - b.delta || a.r.rank - b.r.rank
  return {
    byScore: byScore.sort(order).slice(0, top),
    byStars: byStars.sort(order).slice(0, top),
    losers: losers.sort(lossOrder).slice(0, top)
  }
}

interface Moves {
  up: string[]
  down: string[]
  added: string[]
  dropped: string[]
  archived: string[]
}

function moves(ctx: Context): Moves {
  const out: Moves = { up: [], down: [], added: [], dropped: [], archived: [] }
  if (!ctx.prev) return out
  const current = new Set(ctx.input.ranked.map((r) => r.name))
  for (const r of ctx.input.ranked) {
    const e = entryOf(ctx.prev, r.name)
    if (!e) {
      out.added.push(cell(r.name))
      continue
    }
    if (e.rank > r.rank) out.up.push(`${cell(r.name)} ▲${e.rank - r.rank} (to #${r.rank})`)
    if (e.rank < r.rank) out.down.push(`${cell(r.name)} ▼${r.rank - e.rank} (to #${r.rank})`)
    if (r.info.archived && !e.info.archived) out.archived.push(cell(r.name))
  }
  for (const name of Object.keys(ctx.prev.frameworks).sort(cmp)) if (!current.has(name)) out.dropped.push(cell(name))
  return out
}

function movesLines(m: Moves, cap: number): string[] {
  const lines: string[] = []
  if (m.up.length) lines.push(`- Moved up: ${capList(m.up, cap)}`)
  if (m.down.length) lines.push(`- Moved down: ${capList(m.down, cap)}`)
  if (m.added.length) lines.push(`- New: ${capList(m.added, cap)}`)
  if (m.archived.length) lines.push(`- Archived since: ${capList(m.archived, cap)}`)
  if (m.dropped.length) lines.push(`- No longer in the config: ${capList(m.dropped, cap)}`)
  return lines
}

function gainerLines(g: Gainers): string[] {
  const lines: string[] = []
  if (g.byScore.length)
    lines.push(`- Score: ${g.byScore.map(({ r, delta }) => `${cell(r.name)} ${formatDelta(delta, 1)}`).join(', ')}`)
  if (g.byStars.length)
    lines.push(`- Stars: ${g.byStars.map(({ r, delta }) => `${cell(r.name)} ${formatDelta(delta)}`).join(', ')}`)
  if (g.losers.length)
    lines.push(
      `- Biggest losers (score): ${g.losers.map(({ r, delta }) => `${cell(r.name)} ${formatDelta(delta, 1)}`).join(', ')}`
    )
  return lines
}

function chart(
  ctx: Context,
  title: string,
  axis: string,
  pick: (e: NonNullable<ReturnType<typeof entryOf>>) => number | undefined,
  fixedRange?: [number, number]
): string {
  const { history, date, ranked } = ctx.input
  const snaps = history.snapshots.filter((s) => s.date <= date).slice(-CHART_POINTS)
  const top = ranked.slice(0, CHART_TOP)
  const lines = top.map((r) => {
    const raw = snaps.map((s) => {
      const e = entryOf(s, r.name)
      return e ? pick(e) : undefined
    })
    // gaps take the nearest earlier value, or the first later one (documented in the legend line)
    const firstKnown = raw.find((v) => v !== undefined) ?? 0
    let last = firstKnown
    return raw.map((v) => (v === undefined ? last : (last = v)))
  })
  const range = fixedRange ? ` ${fixedRange[0]} --> ${fixedRange[1]}` : ''
  const chartLines = [
    '```mermaid',
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${CHART_COLORS.join(', ')}"}}}}%%`,
    'xychart-beta',
    `  title ${mermaidLabel(title)}`,
    `  x-axis [${snaps.map((s) => mermaidLabel(s.date)).join(', ')}]`,
    `  y-axis ${mermaidLabel(axis)}${range}`,
    ...lines.map((vals) => `  line [${vals.map((v) => String(Math.round(v * 10) / 10)).join(', ')}]`),
    '```',
    '',
    `Lines: ${top.map((r, i) => `${CHART_SWATCHES[i]} ${cell(r.name)}`).join(' · ')} (a gap takes the nearest known value).`
  ]
  return chartLines.join('\n')
}

function trends(ctx: Context): string {
  const { history, date, ranked } = ctx.input
  const out = ['### Trends', '']
  if (!ctx.prev) {
    out.push('This is the first snapshot: changes and charts appear from the next run on.')
    return out.join('\n')
  }
  out.push(`Changes since the previous snapshot of ${ctx.prev.date}:`, '')
  const moveLines = movesLines(moves(ctx), 50)
  out.push(...(moveLines.length ? moveLines : ['- No rank changed.']), '')
  const g = gainers(ctx)
  if (g.byScore.length || g.byStars.length)
    out.push('Biggest gainers since the previous snapshot:', '', ...gainerLines(g), '')

  const periods: Array<{ label: string; snap: Snapshot | undefined }> = [
    { label: `since ${ctx.prev.date}`, snap: ctx.prev }
  ]
  for (const days of [30, 90, 365]) {
    const s = snapshotNear(history, date, days)
    if (s) periods.push({ label: `${days} d (${s.date})`, snap: s })
  }
  const rows = ranked.slice(0, TREND_ROWS)
  out.push(
    `Score change / stars gained${ranked.length > TREND_ROWS ? `, top ${TREND_ROWS}` : ''}:`,
    '',
    table(
      [
        ['#', 'Framework', 'Score', ...periods.map((p) => `Δ ${p.label}`)],
        ...rows.map((r) => [
          String(r.rank),
          cell(r.name),
          r.score.toFixed(1),
          ...periods.map((p) => deltaCell(r, p.snap))
        ])
      ],
      ['r', 'l', 'r', ...periods.map(() => 'r')]
    ),
    ''
  )
  out.push(
    chart(ctx, `Stars, top ${Math.min(CHART_TOP, ranked.length)}`, 'Stars', (e) => e.metrics.stars),
    ''
  )
  out.push(chart(ctx, `Score, top ${Math.min(CHART_TOP, ranked.length)}`, 'Score', (e) => e.score, [0, 100]))
  return out.join('\n')
}

function criteriaMatrix(ctx: Context, rows: number): string {
  const { config, ranked } = ctx.input
  if (config.criteria.length === 0) return ''
  const header = ['Framework', ...config.criteria.map((c) => cell(c.label))]
  const shown = ranked.slice(0, rows)
  const body = shown.map((r) => [
    cell(r.name),
    ...config.criteria.map((c) => cell(formatFact(criteriaValue(config, r, c.key))))
  ])
  const out = [
    '### Criteria',
    '',
    table(
      [header, ...body],
      header.map(() => 'l')
    )
  ]
  if (ranked.length > shown.length)
    out.push(
      '',
      `…and ${formatNumber(ranked.length - shown.length)} more (the top ${formatNumber(shown.length)} are shown to keep the report small).`
    )
  return out.join('\n')
}

function funnelSection(ctx: Context): string {
  const { config, ranked, date } = ctx.input
  const out = ['### Selection funnel', '']
  if (config.funnel.length === 0) {
    out.push('No selection funnel is configured.')
    return out.join('\n')
  }
  const result = evaluateFunnel(config, ranked, date)
  result.stages.forEach((s, i) => {
    out.push(
      `**${i + 1}. ${escapeText(s.stage)}** (${escapeText(s.requirement, 500)})${s.why ? `: ${escapeText(s.why, 500)}` : ''}`,
      ''
    )
    out.push(
      `- Promote (${formatNumber(s.promote.length)}): ${
        s.promote.length
          ? capList(
              s.promote.map((n) => cell(n)),
              FUNNEL_LIST_CAP
            )
          : 'none'
      }`
    )
    out.push(
      `- Pass (${formatNumber(s.pass.length)}): ${
        s.pass.length
          ? capList(
              s.pass.map((p) => `${cell(p.name)} (${escapeText(p.reason, 200)})`),
              FUNNEL_LIST_CAP
            )
          : 'none'
      }`,
      ''
    )
  })
  out.push(
    `**Shortlist** (${formatNumber(result.shortlist.length)}): ${
      result.shortlist.length
        ? capList(
            result.shortlist.map((n) => cell(n)),
            FUNNEL_LIST_CAP
          )
        : 'none'
    }`
  )
  return out.join('\n')
}

function headline(ctx: Context): string {
  const { config, ranked, date } = ctx.input
  return `Updated ${date} · window ${formatNumber(config.window_days)} days · ${formatNumber(ranked.length)} framework${ranked.length === 1 ? '' : 's'}`
}

function problems(ctx: Context): string {
  const { failures, notes } = ctx.input
  const out: string[] = []
  if (failures.length)
    out.push(
      `**Sources that failed this run** (their values are carried over and marked ${STALE_MARK}):`,
      '',
      ...failureLines(failures),
      ''
    )
  if (notes?.length) out.push(...notes.map((n) => `- ${escapeText(n, 500)}`), '')
  return out.join('\n').trimEnd()
}

// ---- entry points ----------------------------------------------------------------------------

/**
 * The whole report block, both markers included. A very large report (more than
 * REPORT_BYTE_BUDGET bytes) drops detail level by level: the criteria matrix shows only the top
 * frameworks and only the top frameworks get a sparkline ("·" for the others). The ranking table
 * always lists every framework.
 */
export function renderReport(input: ReportInput): string {
  const ctx = context(input)
  let block = ''
  for (const detail of DETAIL_LEVELS) {
    block = reportAt(ctx, detail)
    if (Buffer.byteLength(block, 'utf8') < REPORT_BYTE_BUDGET) break
  }
  return block
}

function reportAt(ctx: Context, detail: Detail): string {
  const input = ctx.input
  const parts = [START_MARKER, `## ${escapeText(input.config.title)}`, '']
  if (input.config.description) parts.push(escapeText(input.config.description, 1000), '')
  parts.push(headline(ctx), '', rankingTable(ctx, input.ranked, true, detail.sparkRows), '')
  const p = problems(ctx)
  if (p) parts.push(p, '')
  parts.push(legend(ctx), '', trends(ctx), '')
  const matrix = criteriaMatrix(ctx, detail.criteriaRows)
  if (matrix) parts.push(matrix, '')
  parts.push(funnelSection(ctx), '', END_MARKER)
  return parts.join('\n')
}

/** The job summary: heading, headline, the full ranking table and failed sources. */
export function renderSummary(input: ReportInput): string {
  const ctx = context(input)
  const parts = [
    `## ${escapeText(input.config.title)}`,
    '',
    headline(ctx),
    '',
    rankingTable(ctx, input.ranked, false),
    ''
  ]
  const p = problems(ctx)
  if (p) parts.push(p, '')
  return parts.join('\n')
}

/**
 * The PR body: what moved, biggest gainers, failed sources and the top of the ranking. Kept below
 * GitHub's 65,536-character limit by dropping detail level by level (fewer rows, shorter lists,
 * "…and N more"); a table is never cut in the middle.
 */
export function renderPrBody(input: ReportInput & { runUrl?: string; reportPath: string }): string {
  const ctx = context(input)
  const levels = [
    { rows: 25, list: 50, failures: FAILURE_CAP },
    { rows: 10, list: 20, failures: 10 },
    { rows: 5, list: 5, failures: 5 },
    { rows: 0, list: 0, failures: 0 }
  ]
  let body = ''
  for (const level of levels) {
    body = prBody(ctx, input, level)
    if (body.length < PR_BODY_TARGET) return body
  }
  return body
}

function prBody(
  ctx: Context,
  input: ReportInput & { runUrl?: string; reportPath: string },
  level: { rows: number; list: number; failures: number }
): string {
  const { ranked, date, failures } = input
  const run =
    input.runUrl && /^https:\/\/[^\s()<>[\]"'`\\|]+$/.test(input.runUrl) ? ` ([workflow run](${input.runUrl}))` : ''
  const out = [
    `Updates ${escapeText(input.reportPath, 300)} and its history for ${date}${run}.`,
    '',
    `${headline(ctx)}.`,
    ''
  ]
  const changedFacts = factChanges(ctx)
  if (changedFacts.length) {
    // A license change or an archival decides adoption: say it before anything else.
    out.push(
      '### ⚠️ Facts that changed',
      '',
      ...changedFacts.slice(0, Math.max(level.list, 20)).map((l) => `- **${l}**`),
      ''
    )
  }
  if (level.rows > 0 && ranked.length > 0) {
    const shown = ranked.slice(0, level.rows)
    out.push(`### ${ranked.length > shown.length ? `Top ${shown.length}` : 'Ranking'}`, '')
    out.push(
      table(
        [
          ['#', 'Framework', 'Score', 'Move', 'Stars', 'Status'],
          ...shown.map((r) => [
            String(r.rank),
            nameLink(ctx, r),
            r.score.toFixed(1),
            movement(ctx, r),
            metricCell(r, 'stars'),
            statusText(ctx, r)
          ])
        ],
        ['r', 'l', 'r', 'c', 'r', 'l']
      )
    )
    if (ranked.length > shown.length)
      out.push('', `…and ${formatNumber(ranked.length - shown.length)} more in the report.`)
    out.push('')
  }
  out.push('### What moved', '')
  if (!ctx.prev) out.push('First snapshot: nothing to compare with yet.', '')
  else {
    const lines = level.list > 0 ? movesLines(moves(ctx), level.list) : countLines(moves(ctx))
    out.push(...(lines.length ? lines : ['- No rank changed.']), '')
    const g = gainerLines(gainers(ctx, level.list > 0 ? 5 : 1))
    if (g.length) out.push('Biggest gainers and losers:', '', ...g, '')
  }
  if (failures.length) {
    out.push(
      '### Failed sources',
      '',
      `Values from these sources are carried over from the last snapshot and marked ${STALE_MARK} (stale).`,
      ''
    )
    out.push(
      ...(level.failures > 0
        ? failureLines(failures, level.failures)
        : [`- ${formatNumber(failures.length)} failures; see the workflow run.`]),
      ''
    )
  }
  return `${out.join('\n').trimEnd()}\n`
}

/** Facts the sources fill in automatically that differ from the previous snapshot. */
export function factChanges(ctx: Context): string[] {
  if (!ctx.prev) return []
  const lines: string[] = []
  const show = (v: unknown) =>
    v === undefined || v === null || v === ''
      ? 'none'
      : typeof v === 'boolean'
        ? v
          ? 'yes'
          : 'no'
        : escapeText(String(v), 80)
  for (const r of ctx.input.ranked) {
    const before = entryOf(ctx.prev, r.name)
    if (!before || r.info.missing || before.info.missing) continue
    const pairs: Array<[string, unknown, unknown]> = [
      ['license', before.info.license, r.info.license],
      ['archived', before.info.archived, r.info.archived],
      ['repository', before.info.nameWithOwner, r.info.nameWithOwner],
      ['language', before.info.language, r.info.language]
    ]
    for (const [label, was, now] of pairs) {
      if (was === undefined || now === undefined || was === now) continue
      lines.push(`${cell(r.name)}: ${label} changed from ${show(was)} to ${show(now)}`)
    }
  }
  return lines
}

function countLines(m: Moves): string[] {
  const parts: string[] = []
  if (m.up.length) parts.push(`${formatNumber(m.up.length)} moved up`)
  if (m.down.length) parts.push(`${formatNumber(m.down.length)} moved down`)
  if (m.added.length) parts.push(`${formatNumber(m.added.length)} new`)
  if (m.archived.length) parts.push(`${formatNumber(m.archived.length)} archived`)
  if (m.dropped.length) parts.push(`${formatNumber(m.dropped.length)} no longer in the config`)
  return parts.length ? [`- ${parts.join(', ')}.`] : []
}
