// What the three documents (report, PR body, job summary) share: the input, the per-run context
// (previous snapshots, statuses, the funnel and how its shortlist changed) and the small pieces
// every document renders the same way. Pure.
//
// Number rule: exact whole numbers with "," as thousands separator (193,271), scores with one
// decimal; "–" when a value is not available; "≥" before a lower bound; "†" after a value carried
// over from the last snapshot because its source failed this run.
import { markdownTable } from 'markdown-table'
import type { Config } from '../config/schema.js'
import {
  entryOf,
  isBackfilled,
  previousSnapshot,
  snapshotNear,
  statusOf,
  type History,
  type Snapshot,
  type SnapshotEntry
} from '../history/index.js'
import type { FrameworkStatus, MetricKey, Ranked, SourceFailure } from '../model.js'
import { type ShortlistChange, shortlistChange } from '../rank/funnel.js'
import type { ChartLink } from './charts/index.js'
import { cell, escapeText, formatDelta, formatNumber, link, repoUrl } from './escape.js'

export interface ReportInput {
  config: Config
  ranked: Ranked[]
  /** includes this run's snapshot */
  history: History
  /** YYYY-MM-DD (UTC) of this run */
  date: string
  failures: SourceFailure[]
  /** advice for the config owner (e.g. a renamed repository): PR body and summary only */
  notes?: string[]
  /** Values not refreshed this run, and why (e.g. a short GitHub budget): PR body and summary. */
  warnings?: string[]
  /** where repository links point (GITHUB_SERVER_URL); default https://github.com */
  serverUrl?: string
  /** the trend charts (SVG files next to the report, charts/), linked for this document */
  charts?: ChartLink[]
}

/** Frameworks in the main ranking table; the rest sit in a collapsed compact table right after. */
export const MAIN_ROWS = 25
/** Names listed per list before "…and N more". */
export const LIST_CAP = 50
/** Days back for the "~30 days" change column. */
export const MONTH_DAYS = 30

export const STALE_MARK = '†'
export const LOWER_MARK = '≥'

const TABLE = { alignDelimiters: false } as const

export interface Context {
  input: ReportInput
  prev: Snapshot | undefined
  /** the snapshot about 30 days back, when the history reaches that far */
  month: Snapshot | undefined
  statuses: Map<string, FrameworkStatus[]>
  serverUrl: string
  shortlist: ShortlistChange
}

export function context(input: ReportInput): Context {
  const statuses = new Map<string, FrameworkStatus[]>()
  for (const r of input.ranked) statuses.set(r.name, statusOf(r, input.history, input.date, input.config))
  const prev = previousSnapshot(input.history, input.date)
  return {
    input,
    prev,
    month: snapshotNear(input.history, input.date, MONTH_DAYS),
    statuses,
    serverUrl: input.serverUrl ?? 'https://github.com',
    shortlist: shortlistChange(input.config, input.ranked, input.date, prev)
  }
}

// ---- small pieces --------------------------------------------------------------------------

export function nameLink(ctx: Context, r: Ranked): string {
  return link(r.name, repoUrl(ctx.serverUrl, r.info.nameWithOwner ?? r.github) ?? repoUrl(ctx.serverUrl, r.github))
}

export function metricCell(r: Ranked, m: MetricKey): string {
  const v = r.metrics[m]
  const lower = v !== undefined && r.lowerBounds.includes(m) ? LOWER_MARK : ''
  const stale = r.stale.includes(m) ? STALE_MARK : ''
  return lower + formatNumber(v) + stale
}

/** Signed rank change since `then`: +2 (up two places), −1, =, new, or – without a snapshot. */
export function movement(then: Snapshot | undefined, r: Ranked): string {
  if (!then) return '–'
  const before = entryOf(then, r.name)
  if (!before) return 'new'
  return before.rank === r.rank ? '=' : formatDelta(before.rank - r.rank)
}

/** Signed score change since `then` (one decimal), "new" or "–". */
export function scoreChange(then: Snapshot | undefined, r: Ranked): string {
  if (!then) return '–'
  const before = entryOf(then, r.name)
  return before ? formatDelta(r.score - before.score, 1) : 'new'
}

/** The narrow ranking of the PR body and the job summary: rank, name, score, move, Δ prev, status. */
export function compactRanking(ctx: Context, shown: Ranked[]): string {
  return table(
    [
      ['#', 'Framework', 'Score', 'Move', 'Δ prev', 'Status'],
      ...shown.map((r) => [
        String(r.rank),
        nameLink(ctx, r),
        r.score.toFixed(1),
        movement(ctx.prev, r),
        scoreChange(ctx.prev, r),
        statusText(ctx, r)
      ])
    ],
    ['r', 'l', 'r', 'r', 'r', 'l']
  )
}

export function statusText(ctx: Context, r: Ranked): string {
  return (ctx.statuses.get(r.name) ?? []).join(', ')
}

export function capList(items: string[], cap: number, noun = 'more'): string {
  if (items.length <= cap) return items.join(', ')
  return [...items.slice(0, cap), `…and ${formatNumber(items.length - cap)} ${noun}`].join(', ')
}

export function table(rows: string[][], align: string[]): string {
  return markdownTable(rows, { ...TABLE, align })
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function headline(ctx: Context): string {
  const { config, ranked, date } = ctx.input
  return (
    `Updated ${date} · window ${formatNumber(config.window_days)} days · ${formatNumber(ranked.length)} ` +
    `framework${ranked.length === 1 ? '' : 's'}`
  )
}

/** "A, B and C" of escaped names, capped. */
export function names(list: string[], cap = LIST_CAP): string {
  return capList(
    list.map((n) => cell(n)),
    cap
  )
}

/**
 * Says what this run's backfill added: the frameworks with backfilled points and no measured snapshot
 * before today (all of them on the first run, later a framework new to the config), and the span.
 */
export function backfillLine(ctx: Context, cap = LIST_CAP): string | undefined {
  const { history, date, ranked } = ctx.input
  const earlier = history.snapshots.filter((s) => s.date < date)
  const measuredBefore = (name: string) => earlier.some((s) => !s.backfilled && Object.hasOwn(s.frameworks, name))
  const backfilledDates = (name: string) => earlier.filter((s) => isBackfilled(s.frameworks[name]))
  const fresh = ranked.filter((r) => backfilledDates(r.name).length > 0 && !measuredBefore(r.name))
  if (fresh.length === 0) return undefined
  const dates = [...new Set(fresh.flatMap((r) => backfilledDates(r.name).map((s) => s.date)))].sort()
  const who =
    fresh.length === ranked.length
      ? `all ${formatNumber(ranked.length)} frameworks`
      : names(
          fresh.map((r) => r.name),
          cap
        )
  return (
    `- **Backfilled**: ${formatNumber(dates.length)} monthly points (${dates[0]} … ${dates.at(-1)}) for ${who}, ` +
    'reconstructed once from sources that keep history; the charts shade them and deltas against them are marked ᵇ.'
  )
}

// ---- what changed ----------------------------------------------------------------------------

export interface Moves {
  up: string[]
  down: string[]
  added: string[]
  dropped: string[]
  archived: string[]
}

export function moves(ctx: Context): Moves {
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

export function movesLines(m: Moves, cap: number): string[] {
  const lines: string[] = []
  if (m.up.length) lines.push(`- Moved up: ${capList(m.up, cap)}`)
  if (m.down.length) lines.push(`- Moved down: ${capList(m.down, cap)}`)
  if (m.added.length) lines.push(`- New: ${capList(m.added, cap)}`)
  if (m.archived.length) lines.push(`- Archived since: ${capList(m.archived, cap)}`)
  if (m.dropped.length) lines.push(`- No longer in the config: ${capList(m.dropped, cap)}`)
  return lines
}

/** "2 moved up, 1 new" — the counts of a Moves. */
export function countMoves(m: Moves): string[] {
  const parts: string[] = []
  if (m.up.length) parts.push(`${formatNumber(m.up.length)} moved up`)
  if (m.down.length) parts.push(`${formatNumber(m.down.length)} moved down`)
  if (m.added.length) parts.push(`${formatNumber(m.added.length)} new`)
  if (m.archived.length) parts.push(`${formatNumber(m.archived.length)} archived`)
  if (m.dropped.length) parts.push(`${formatNumber(m.dropped.length)} no longer in the config`)
  return parts
}

interface Delta {
  r: Ranked
  delta: number
}

export interface Gainers {
  byScore: Delta[]
  byStars: Delta[]
  /** Biggest score losses, most negative first. */
  losers: Delta[]
}

export function gainers(ctx: Context, top = 5): Gainers {
  const byScore: Delta[] = []
  const byStars: Delta[] = []
  const losers: Delta[] = []
  for (const r of ctx.input.ranked) {
    const e = entryOf(ctx.prev, r.name)
    if (!e) continue
    const ds = Math.round((r.score - e.score) * 10) / 10
    if (ds > 0) byScore.push({ r, delta: ds })
    if (ds < 0) losers.push({ r, delta: ds })
    if (r.metrics.stars !== undefined && e.metrics.stars !== undefined && r.metrics.stars > e.metrics.stars)
      byStars.push({ r, delta: r.metrics.stars - e.metrics.stars })
  }
  const order = (a: Delta, b: Delta) => b.delta - a.delta || a.r.rank - b.r.rank
  const lossOrder = (a: Delta, b: Delta) => a.delta - b.delta || a.r.rank - b.r.rank
  return {
    byScore: byScore.sort(order).slice(0, top),
    byStars: byStars.sort(order).slice(0, top),
    losers: losers.sort(lossOrder).slice(0, top)
  }
}

export function gainerLines(g: Gainers): string[] {
  const lines: string[] = []
  if (g.byScore.length)
    lines.push(`- Score: ${g.byScore.map(({ r, delta }) => `${cell(r.name)} ${formatDelta(delta, 1)}`).join(', ')}`)
  if (g.byStars.length)
    lines.push(`- Stars: ${g.byStars.map(({ r, delta }) => `${cell(r.name)} ${formatDelta(delta)}`).join(', ')}`)
  if (g.losers.length)
    lines.push(
      `- Biggest losers (score): ` +
        `${g.losers.map(({ r, delta }) => `${cell(r.name)} ${formatDelta(delta, 1)}`).join(', ')}`
    )
  return lines
}

/** Facts the sources fill in automatically that differ from the previous snapshot (escaped lines). */
export function factChanges(ctx: Context): string[] {
  if (!ctx.prev) return []
  const lines: string[] = []
  for (const r of ctx.input.ranked) {
    const before = entryOf(ctx.prev, r.name)
    if (!before || r.info.missing || before.info.missing) continue
    for (const [label, was, now] of factPairs(before, r)) {
      if (was === undefined || now === undefined || was === now) continue
      lines.push(`${cell(r.name)}: ${label} changed from ${showFact(was)} to ${showFact(now)}`)
    }
  }
  return lines
}

function factPairs(before: SnapshotEntry, r: Ranked): Array<[string, unknown, unknown]> {
  return [
    ['license', before.info.license, r.info.license],
    ['archived', before.info.archived, r.info.archived],
    ['repository', before.info.nameWithOwner, r.info.nameWithOwner],
    ['language', before.info.language, r.info.language]
  ]
}

function showFact(v: unknown): string {
  if (v === undefined || v === null || v === '') return 'none'
  if (typeof v === 'boolean') return v ? 'yes' : 'no'
  return escapeText(String(v), 80)
}

/**
 * The shortlist as one list item, "- **Shortlist** (2): A, B — unchanged since D", or with the
 * frameworks that joined or left since the previous snapshot (and why) as sub-items.
 */
export function shortlistLines(ctx: Context, cap = LIST_CAP): string[] {
  const { current, previous, joined, left } = ctx.shortlist
  const list = current.shortlist
  const head = `- **Shortlist** (${formatNumber(list.length)}): ${list.length ? names(list, cap) : 'none'}`
  if (!ctx.prev || previous === undefined) return [head]
  if (joined.length === 0 && left.length === 0) return [`${head} — unchanged since ${ctx.prev.date}`]
  const lines = [`${head} — changed since ${ctx.prev.date}:`]
  for (const j of joined.slice(0, cap)) lines.push(`  - Joined: ${cell(j.name)} (${escapeText(j.why, 200)})`)
  for (const l of left.slice(0, cap)) lines.push(`  - Left: ${cell(l.name)} (${escapeText(l.why, 200)})`)
  const more = Math.max(0, joined.length - cap) + Math.max(0, left.length - cap)
  if (more > 0) lines.push(`  - …and ${formatNumber(more)} more changes`)
  return lines
}

// ---- advice for the config owner (PR body, job summary; never the report) ---------------------

/** One line per failed source: how many frameworks it affected and the most common reason. */
export function failureLines(failures: SourceFailure[]): string[] {
  const bySource = new Map<string, SourceFailure[]>()
  for (const f of failures) bySource.set(f.source, [...(bySource.get(f.source) ?? []), f])
  return [...bySource.keys()].sort(cmp).map((source) => {
    const list = bySource.get(source) ?? []
    const whole = list.some((f) => f.framework === undefined)
    const count = new Set(list.map((f) => f.framework)).size
    const who = whole ? 'all frameworks' : `${formatNumber(count)} framework${count === 1 ? '' : 's'}`
    return `- ${escapeText(source)} failed for ${who}: ${escapeText(commonest(list.map((f) => f.message)), 120)}`
  })
}

/** The most frequent message (ties: the first in code-unit order), so one line stands for many. */
function commonest(messages: string[]): string {
  const counts = new Map<string, number>()
  for (const m of messages) counts.set(m, (counts.get(m) ?? 0) + 1)
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]?.[0] ?? ''
}

/** Things only the config owner can fix: renames, missing repositories, failed sources. */
export function actionItems(ctx: Context, cap = LIST_CAP): string[] {
  const { ranked, failures, notes, warnings } = ctx.input
  const lines = (warnings ?? []).slice(0, cap).map((w) => `- ${escapeText(w, 4000)}`)
  lines.push(...(notes ?? []).slice(0, cap).map((n) => `- ${escapeText(n, 300)}`))
  if ((notes?.length ?? 0) > cap) lines.push(`- …and ${formatNumber((notes?.length ?? 0) - cap)} more notes`)
  const missing = ranked.filter((r) => r.info.missing)
  for (const r of missing.slice(0, cap))
    lines.push(
      `- ${cell(r.name)}: repository ${escapeText(r.github, 200)} was not found (or the token cannot see it); fix ` +
        `its github key or remove it`
    )
  if (missing.length > cap) lines.push(`- …and ${formatNumber(missing.length - cap)} more missing repositories`)
  if (failures.length)
    lines.push(
      ...failureLines(failures).map((l) => `${l} (last known values are shown, marked ${STALE_MARK})`),
      '  A failed source usually recovers on its own; if it keeps failing, check its package id in the config.'
    )
  return lines
}

/** The top of each document: a verdict a reviewer can act on. */
export function verdict(ctx: Context): string {
  const { ranked, failures } = ctx.input
  const { joined, left } = ctx.shortlist
  const m = moves(ctx)
  const attention: string[] = []
  const leftNames = new Set(left.map((l) => l.name))
  const archived = new Set(ranked.filter((r) => wasArchivedSince(ctx, r)).map((r) => r.name))
  for (const name of archived)
    attention.push(`${cell(name)} archived${leftNames.has(name) ? ' and left the shortlist' : ''}`)
  for (const l of left) if (!archived.has(l.name)) attention.push(`${cell(l.name)} left the shortlist`)
  for (const j of joined) attention.push(`${cell(j.name)} joined the shortlist`)
  const licenses = factChanges(ctx).filter((l) => l.includes(': license changed'))
  if (licenses.length)
    attention.push(`${formatNumber(licenses.length)} license change${licenses.length > 1 ? 's' : ''}`)
  const missing = ranked.filter((r) => r.info.missing).length
  if (missing) attention.push(`${formatNumber(missing)} repositor${missing > 1 ? 'ies' : 'y'} not found`)
  const sources = new Set(failures.map((f) => f.source)).size
  if (sources) attention.push(`${formatNumber(sources)} source${sources > 1 ? 's' : ''} failed`)
  const notes = ctx.input.notes?.length ?? 0
  if (notes) attention.push(`${formatNumber(notes)} config update${notes > 1 ? 's' : ''} to apply`)
  if ((ctx.input.warnings?.length ?? 0) > 0) attention.push('partial refresh')
  const moved = m.up.length + m.down.length
  const moveText = `${formatNumber(moved)} move${moved === 1 ? '' : 's'}`
  if (attention.length === 0) {
    const what = ctx.input.config.funnel.length ? 'shortlist unchanged' : 'no alerts'
    return `**Safe to merge** — ${ctx.prev ? what : 'first snapshot'}, ${moveText}.`
  }
  const shown = attention.slice(0, 4).join('; ')
  return `**Needs a look** — ${shown}${attention.length > 4 ? `; +${attention.length - 4} more` : ''}.`
}

function wasArchivedSince(ctx: Context, r: Ranked): boolean {
  const before = entryOf(ctx.prev, r.name)
  return Boolean(r.info.archived && before && !before.info.archived)
}
