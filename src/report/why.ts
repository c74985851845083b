// "Why this rank": the weights in force, how a score is computed, and per framework a collapsed
// <details> block with its group sub-scores and each weighted metric's value, level, weight and
// points (the points add up to the score). The only HTML is the renderer's own details/summary
// tags; every outside string inside them is escaped. Pure.
import { METRICS, type Ranked } from '../model.js'
import { type Breakdown, type MetricPart, scoreBreakdown, weightsInForce } from '../rank/breakdown.js'
import { metricCap } from '../rank/index.js'
import { cell, escapeText, formatNumber } from './escape.js'
import { metricHeader } from './figures.js'
import { type Context, LOWER_MARK, STALE_MARK, table } from './shared.js'

/** "85%" — a share as whole percent (one decimal below 10 %, so small shares do not read as 0). */
export function percent(share: number): string {
  const p = share * 100
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`
}

/** The coverage of a framework's score: share of the configured weight it rests on. */
export function coverage(ctx: Context, r: Ranked): string {
  return percent(scoreBreakdown(r, ctx.input.config).coverage)
}

/** Every weight in force, as a list (what the config says, after defaults). */
function weightLines(ctx: Context): string[] {
  const { config } = ctx.input
  const groups = weightsInForce(config)
  if (groups.length === 0) return ['- No metric has a weight: every score is 0.']
  return groups.map((g) => {
    const parts = g.metrics.map(
      ([m, w]) => `${METRICS[m].label} ${formatNumber(w)} (cap ${formatNumber(metricCap(m, config.window_days))})`
    )
    return (
      `- **${escapeText(g.group)}** (group weight ${formatNumber(g.weight)}): ` +
      `${escapeText(parts.join(', '), 2000)}`
    )
  })
}

function metricRow(ctx: Context, r: Ranked, p: MetricPart): string[] {
  const label = metricHeader(p.metric, ctx.input.config.window_days)
  if (p.points === undefined) {
    const value = r.stale.includes(p.metric) ? STALE_MARK : '–'
    return [label, value, '–', `${formatNumber(p.weight)} · not counted`, '–']
  }
  const lower = r.lowerBounds.includes(p.metric) ? LOWER_MARK : ''
  const stale = r.stale.includes(p.metric) ? STALE_MARK : ''
  return [
    label,
    `${lower}${formatNumber(p.value)}${stale}`,
    (p.level ?? 0).toFixed(1),
    `${formatNumber(p.weight)} · ${percent(p.share)}`,
    p.points.toFixed(1)
  ]
}

function breakdownTable(ctx: Context, r: Ranked, b: Breakdown): string {
  const rows: string[][] = [['Metric', 'Value', 'Level', 'Weight', 'Points']]
  for (const g of b.groups) {
    const sub = g.subScore === undefined ? 'no metric' : `sub-score ${g.subScore.toFixed(1)}`
    rows.push([
      `**${escapeText(g.group)}** (${sub})`,
      '',
      '',
      `×${formatNumber(g.weight)}`,
      `**${g.points.toFixed(1)}**`
    ])
    for (const p of g.metrics) rows.push(metricRow(ctx, r, p))
  }
  rows.push(['**Score**', '', '', '', `**${r.score.toFixed(1)}**`])
  return table(rows, ['l', 'r', 'r', 'r', 'r'])
}

/** One framework's collapsed explanation. */
function breakdownBlock(ctx: Context, r: Ranked): string {
  const b = scoreBreakdown(r, ctx.input.config)
  const groups = b.groups
    .filter((g) => g.subScore !== undefined)
    .map((g) => `${escapeText(g.group)} ${g.points.toFixed(1)}`)
    .join(' + ')
  const summary =
    `#${r.rank} ${cell(r.name)}: ${r.score.toFixed(1)}${groups ? ` = ${groups}` : ''} · coverage ` +
    `${percent(b.coverage)}`
  return [`<details><summary>${summary}</summary>`, '', breakdownTable(ctx, r, b), '', '</details>'].join('\n')
}

/** The section: how a score is computed, the weights in force, and the best `rows` breakdowns. */
export function whyThisRank(ctx: Context, rows: number): string {
  const { ranked } = ctx.input
  const out = [
    '### Why this rank',
    '',
    'Each metric counts by its **level**: log(1 + value) / log(1 + cap) × 100, 100 at the cap. Within a group, ' +
      'the metrics a framework has share the group by their weights; the groups share the score by theirs. ' +
      '**Points** = level × share of the score; they add up to the score. A missing metric neither helps nor hurts, ' +
      'so **coverage** says how much of the configured weight a score rests on.',
    '',
    'Weights in force:',
    '',
    ...weightLines(ctx),
    ''
  ]
  const shown = ranked.slice(0, rows)
  for (const r of shown) out.push(breakdownBlock(ctx, r), '')
  if (ranked.length > shown.length)
    out.push(
      `…the breakdowns of the other ${formatNumber(ranked.length - shown.length)} frameworks are left out to keep ` +
        `the report small.`,
      ''
    )
  return out.join('\n').trimEnd()
}
