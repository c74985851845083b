// The report's trends section: score and stars change over longer periods, and the mermaid
// line charts of the top frameworks. Pure.
import { entryOf, snapshotNear, type Snapshot } from '../history/index.js'
import type { Ranked } from '../model.js'
import { cell, formatDelta, mermaidLabel } from './escape.js'
import { type Context, table } from './shared.js'

/** Frameworks drawn in each chart. */
export const CHART_TOP = 5
/** Snapshots (most recent) on a chart's x-axis. */
export const CHART_POINTS = 26
/** Rows of the trends table. */
export const TREND_ROWS = 20

const CHART_COLORS = ['#2563eb', '#f97316', '#16a34a', '#dc2626', '#9333ea']
const CHART_SWATCHES = ['🟦', '🟧', '🟩', '🟥', '🟪']

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
    let last = raw.find((v) => v !== undefined) ?? 0
    return raw.map((v) => {
      if (v !== undefined) last = v
      return last
    })
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

export function trends(ctx: Context): string {
  const { history, date, ranked } = ctx.input
  const out = ['### Trends', '']
  if (!ctx.prev) {
    out.push('This is the first snapshot: changes and charts appear from the next run on.')
    return out.join('\n')
  }
  const periods: Array<{ label: string; snap: Snapshot | undefined }> = [
    { label: `since ${ctx.prev.date}`, snap: ctx.prev }
  ]
  for (const days of [30, 90, 365]) {
    const s = snapshotNear(history, date, days)
    if (s) periods.push({ label: `${days} d`, snap: s })
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
