// The report's trends section: score and stars change over longer periods, and the SVG line
// charts of the top frameworks (charts/, committed next to the report). Pure.
import { entryOf, snapshotNear, type Snapshot } from '../history/index.js'
import type { Ranked } from '../model.js'
import { chartImages } from './charts/index.js'
import { cell, formatDelta } from './escape.js'
import { type Context, table } from './shared.js'

/** Rows of the trends table. */
export const TREND_ROWS = 20

/** After a change measured against a backfilled point (reconstructed on the first run). */
export const BACKFILLED_MARK = 'ᵇ'

function deltaCell(now: Ranked, then: Snapshot | undefined): string {
  if (!then) return '–'
  const e = entryOf(then, now.name)
  if (!e) return 'new'
  const ds = now.score - e.score
  const stars =
    now.metrics.stars !== undefined && e.metrics.stars !== undefined
      ? formatDelta(now.metrics.stars - e.metrics.stars)
      : '–'
  return (
    `${formatDelta(ds, 1)} / ` +
    `${stars}${(e as { backfilled?: unknown }).backfilled === true ? ` ${BACKFILLED_MARK}` : ''}`
  )
}

/** Frameworks whose backfill left the stars out (GitHub's stargazer cap), as the history records it. */
function starsNotBackfilled(ctx: Context): string[] {
  const names = new Set<string>()
  for (const s of ctx.input.history.snapshots)
    for (const [name, e] of Object.entries(s.frameworks))
      if (typeof (e as { omitted?: unknown }).omitted === 'string' && ctx.input.ranked.some((r) => r.name === name))
        names.add(name)
  return ctx.input.ranked.filter((r) => names.has(r.name)).map((r) => r.name)
}

export function trends(ctx: Context): string {
  const { history, date, ranked } = ctx.input
  const out = ['### Trends', '']
  const backfilled = history.snapshots.some((s) => s.date < date && s.backfilled === true)
  if (!ctx.prev && !backfilled) {
    out.push('This is the first snapshot: changes and charts appear from the next run on.')
    return out.join('\n')
  }
  const periods: Array<{ label: string; snap: Snapshot | undefined }> = ctx.prev
    ? [{ label: `since ${ctx.prev.date}`, snap: ctx.prev }]
    : []
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
  if (rows.some((r) => periods.some((p) => deltaCell(r, p.snap).endsWith(BACKFILLED_MARK))))
    out.push(
      `${BACKFILLED_MARK} against a backfilled point: reconstructed on the first run from sources that keep history ` +
        `(commits, releases, stargazer dates up to GitHub's 40,000, Stack Overflow, downloads); its score counts ` +
        `only those metrics.`,
      ''
    )
  const capped = starsNotBackfilled(ctx)
  if (capped.length > 0)
    out.push(
      `Stars of ${capped.map((n) => cell(n)).join(', ')} are not backfilled: GitHub lists only the oldest 40,000 ` +
        `stargazers of a repository, so their star curves start with the first measured snapshot.`,
      ''
    )
  // SVG files committed next to the report (charts/), each naming its lines inside the picture
  for (const image of chartImages(ctx.input.charts)) out.push(image, '')
  return out.join('\n').trimEnd()
}
