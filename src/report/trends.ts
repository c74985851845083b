// The report's trends section: score and stars change over longer periods, and the SVG line
// charts of the top frameworks (charts/, committed next to the report). Pure.
import { entryOf, isBackfilled, snapshotNear, type Snapshot } from '../history/index.js'
import type { Ranked } from '../model.js'
import { chartImages } from './charts/index.js'
import { cell, escapeText, formatDelta } from './escape.js'
import { type Context, names, table } from './shared.js'

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
  return `${formatDelta(ds, 1)} / ` + `${stars}${isBackfilled(e) ? ` ${BACKFILLED_MARK}` : ''}`
}

/** Frameworks whose backfill left stars out, and why (the history records it on their newest backfilled point). */
function starsNotBackfilled(ctx: Context): Map<string, string> {
  const why = new Map<string, string>()
  for (const s of ctx.input.history.snapshots)
    for (const [name, e] of Object.entries(s.frameworks)) {
      const omitted = (e as { omitted?: unknown }).omitted
      if (typeof omitted === 'string') why.set(name, omitted)
    }
  return new Map(ctx.input.ranked.flatMap((r) => (why.has(r.name) ? [[r.name, why.get(r.name) ?? '']] : [])))
}

/** The sentences that say which star curves the backfill could not reconstruct. */
function starNotes(ctx: Context): string[] {
  const notes = [...starsNotBackfilled(ctx)]
  const capped = notes.filter(([, why]) => why.startsWith('GitHub lists only')).map(([name]) => name)
  const budget = notes.filter(([, why]) => why.includes('page budget')).map(([name]) => name)
  const out: string[] = []
  if (capped.length > 0)
    out.push(
      `Stars of ${names(capped)} are not backfilled: GitHub lists only the oldest 40,000 stargazers of a ` +
        'repository, so their star curves start with the first measured snapshot.'
    )
  if (budget.length > 0)
    out.push(
      `Stars of ${names(budget)} are backfilled for the newer months only, or not at all: the run's ` +
        'stargazer page budget ran out (older points are left out, not estimated).'
    )
  // Anything else (a failed stargazer request): said per framework, a few at most.
  const other = notes.filter(([name]) => !capped.includes(name) && !budget.includes(name))
  for (const [name, why] of other.slice(0, 5)) out.push(`${cell(name)}: ${escapeText(why)}.`)
  if (other.length > 5) out.push(`…and ${other.length - 5} more whose stars could not be backfilled.`)
  return out
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
      `${BACKFILLED_MARK} against a backfilled point, reconstructed on the first run from sources that keep ` +
        "history (commits, releases, stargazer dates up to GitHub's 40,000, Stack Overflow, downloads). Its score " +
        'is the first measured score moved by the change of the score over the metrics every backfilled point ' +
        'of that framework has, so a change since then counts those metrics only; the charts draw these points ' +
        'in the shaded band.',
      ''
    )
  for (const note of starNotes(ctx)) out.push(note, '')
  // SVG files committed next to the report (charts/), each naming its lines inside the picture
  for (const image of chartImages(ctx.input.charts)) out.push(image, '')
  return out.join('\n').trimEnd()
}
