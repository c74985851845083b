// The exact figures, one narrow table per group of metrics (popularity, activity, adoption…), each
// header with its unit. A metric gets a column when some framework has it and it is weighted or
// one of the figures readers expect. Pure.
import type { Config } from '../config/schema.js'
import type { MetricKey, Ranked } from '../model.js'
import { weightsInForce } from '../rank/breakdown.js'
import { cell, formatNumber } from './escape.js'
import { type Context, metricCell, table } from './shared.js'

interface FigureGroup {
  title: string
  metrics: MetricKey[]
}

const FIGURE_GROUPS: FigureGroup[] = [
  { title: 'Popularity (lifetime totals)', metrics: ['stars', 'forks', 'watchers', 'so_questions', 'citations'] },
  {
    title: 'Activity (per window; contributors and merged PRs: lifetime)',
    metrics: [
      'commits_window',
      'closed_issues_window',
      'so_questions_window',
      'releases_365d',
      'contributors',
      'merged_prs'
    ]
  },
  {
    title: 'Adoption (downloads)',
    metrics: ['pypi_downloads_month', 'npm_downloads_month', 'conda_downloads_total', 'docker_pulls_total']
  }
]

/** Shown even when not weighted (the figures the report always had). */
const EXPECTED: ReadonlySet<MetricKey> = new Set<MetricKey>([
  'stars',
  'forks',
  'contributors',
  'commits_window',
  'so_questions',
  'so_questions_window',
  'pypi_downloads_month',
  'npm_downloads_month',
  'conda_downloads_total',
  'docker_pulls_total',
  'citations'
])

/** A short column header with its unit. */
export function metricHeader(m: MetricKey, windowDays: number): string {
  const w = `${formatNumber(windowDays)} d`
  const headers: Record<MetricKey, string> = {
    stars: 'Stars',
    forks: 'Forks',
    watchers: 'Watchers',
    contributors: 'Contributors',
    commits_window: `Commits /${w}`,
    open_issues: 'Open issues',
    closed_issues: 'Closed issues',
    closed_issues_window: `Issues closed /${w}`,
    releases: 'Releases',
    releases_365d: 'Releases /365 d',
    open_prs: 'Open PRs',
    merged_prs: 'Merged PRs',
    so_questions: 'SO questions',
    so_questions_window: `SO questions /${w}`,
    pypi_downloads_month: 'PyPI /month',
    npm_downloads_month: 'npm /month',
    conda_downloads_total: 'conda (lifetime)',
    docker_pulls_total: 'Docker pulls (lifetime)',
    citations: 'Citations'
  }
  return headers[m]
}

function weighted(config: Config): Set<MetricKey> {
  return new Set(weightsInForce(config).flatMap((g) => g.metrics.map(([m]) => m)))
}

function shownMetrics(ctx: Context, group: FigureGroup): MetricKey[] {
  const inForce = weighted(ctx.input.config)
  return group.metrics.filter(
    (m) =>
      (inForce.has(m) || EXPECTED.has(m)) &&
      ctx.input.ranked.some((r) => r.metrics[m] !== undefined || r.stale.includes(m))
  )
}

/** The figures section for the best `rows` frameworks. */
export function figures(ctx: Context, rows: number): string {
  const { ranked, config } = ctx.input
  const shown = ranked.slice(0, rows)
  const out = ['### Figures', '']
  for (const group of FIGURE_GROUPS) {
    const metrics = shownMetrics(ctx, group)
    if (metrics.length === 0) continue
    out.push(`#### ${group.title}`, '', figureTable(shown, metrics, config.window_days), '')
  }
  if (ranked.length > shown.length)
    out.push(
      `The figures of the other ${formatNumber(ranked.length - shown.length)} frameworks are in the history file.`,
      ''
    )
  return out.join('\n').trimEnd()
}

function figureTable(rows: Ranked[], metrics: MetricKey[], windowDays: number): string {
  return table(
    [
      ['#', 'Framework', ...metrics.map((m) => metricHeader(m, windowDays))],
      ...rows.map((r) => [String(r.rank), cell(r.name), ...metrics.map((m) => metricCell(r, m))])
    ],
    ['r', 'l', ...metrics.map(() => 'r')]
  )
}
