// The report's trends section: score and stars change over longer periods, and the SVG line
// charts of the top frameworks (charts/, committed next to the report). Pure.
import { entryOf, snapshotNear, type Snapshot } from '../history/index.js'
import type { Ranked } from '../model.js'
import { chartImages } from './charts/index.js'
import { cell, formatDelta } from './escape.js'
import { type Context, table } from './shared.js'

/** Rows of the trends table. */
export const TREND_ROWS = 20

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
  // SVG files committed next to the report (charts/), each naming its lines inside the picture
  for (const image of chartImages(ctx.input.charts)) out.push(image, '')
  return out.join('\n').trimEnd()
}
