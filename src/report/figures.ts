// The exact figures, one narrow table per group of metrics (popularity, activity, adoption…), each
// header with its unit. Each source declares which table shows its metrics; a metric gets a column
// when some framework has it, and — for those declared `onlyWeighted` — while it is weighted. Pure.
import type { Config } from '../config/schema.js'
import { METRIC_KEYS, METRICS, type MetricKey, type Ranked } from '../model.js'
import { FIGURE_TABLES, type FigureTable, type MetricUnit } from '../sources/declare.js'
import { weightsInForce } from '../rank/breakdown.js'
import { cell, formatNumber } from './escape.js'
import { type Context, metricCell, table } from './shared.js'

/** Titles of the figures tables; which metric goes where is declared by its source. */
const FIGURE_TITLES: Record<FigureTable, string> = {
  popularity: 'Popularity (lifetime totals)',
  activity: 'Activity (per window; contributors and merged PRs: lifetime)',
  adoption: 'Adoption (downloads)'
}

/** Within a table: figures per period first (window, 365 days, month), then running totals; else source order. */
const UNIT_ORDER: MetricUnit[] = ['window', '/365 d', '/month', 'lifetime', 'now']

function tableMetrics(table: FigureTable): MetricKey[] {
  return METRIC_KEYS.filter((m) => METRICS[m].figures?.table === table).sort(
    (a, b) => UNIT_ORDER.indexOf(METRICS[a].unit) - UNIT_ORDER.indexOf(METRICS[b].unit)
  )
}

/** A short column header with its unit: "Commits /30 d", "PyPI /month", "Stars". */
export function metricHeader(m: MetricKey, windowDays: number): string {
  const { column, unit } = METRICS[m]
  if (unit === 'window') return `${column} /${formatNumber(windowDays)} d`
  if (unit === '/365 d' || unit === '/month') return `${column} ${unit}`
  return column
}

function weighted(config: Config): Set<MetricKey> {
  return new Set(weightsInForce(config).flatMap((g) => g.metrics.map(([m]) => m)))
}

function shownMetrics(ctx: Context, table: FigureTable): MetricKey[] {
  const inForce = weighted(ctx.input.config)
  return tableMetrics(table).filter(
    (m) =>
      (inForce.has(m) || !METRICS[m].figures?.onlyWeighted) &&
      ctx.input.ranked.some((r) => r.metrics[m] !== undefined || r.stale.includes(m))
  )
}

/** The figures section for the best `rows` frameworks. */
export function figures(ctx: Context, rows: number): string {
  const { ranked, config } = ctx.input
  const shown = ranked.slice(0, rows)
  const out = ['### Figures', '']
  for (const group of FIGURE_TABLES) {
    const metrics = shownMetrics(ctx, group)
    if (metrics.length === 0) continue
    out.push(`#### ${FIGURE_TITLES[group]}`, '', figureTable(shown, metrics, config.window_days), '')
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
