// The report block between the markers, for the adopting team: the answer first (at a glance:
// shortlist, what changed, alerts), then the ranking table — the first table — then the figures
// by group, why each framework has its rank, trends, criteria and the selection funnel. Pure: the
// same input gives the same bytes; no advice to the config owner here (that goes to the PR body).
import { entryOf, isBackfilled, type Snapshot } from '../history/index.js'
import type { Ranked } from '../model.js'
import { cell, escapeText, formatDelta, formatNumber } from './escape.js'
import { figures } from './figures.js'
import { criteriaMatrix, funnelSection } from './selection.js'
import {
  backfillLine,
  type Context,
  context,
  factChanges,
  gainers,
  headline,
  LIST_CAP,
  LOWER_MARK,
  MAIN_ROWS,
  moves,
  movement,
  nameLink,
  type ReportInput,
  STALE_MARK,
  scoreChange,
  shortlistLines,
  statusText,
  table
} from './shared.js'
import { END_MARKER, START_MARKER } from './splice.js'
import { BACKFILLED_MARK, trends } from './trends.js'
import { coverage, whyThisRank } from './why.js'

/** The report block stays below this many bytes (GitHub renders markdown up to 400 KB). */
export const REPORT_BYTE_BUDGET = 380 * 1024

/** How much detail the report shows; later levels are used only when the earlier ones are too big. */
export interface Detail {
  /** frameworks in the figures, criteria and funnel tables (best first) */
  rows: number
  /** frameworks with a "Why this rank" breakdown */
  breakdowns: number
}
export const DETAIL_LEVELS: Detail[] = [
  { rows: Infinity, breakdowns: Infinity },
  { rows: 250, breakdowns: 100 },
  { rows: 100, breakdowns: 50 },
  { rows: 25, breakdowns: 25 }
]

/**
 * The whole report block, both markers included. A very large report (more than
 * REPORT_BYTE_BUDGET bytes) drops detail level by level: the figures, criteria and funnel tables
 * and the breakdowns show only the top frameworks. The ranking lists every framework.
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
  parts.push(`${headline(ctx)}`, '', atAGlance(ctx), '', sectionsAt(ctx, detail), '', END_MARKER)
  return parts.join('\n')
}

/** The ranking and everything after it, at one level of detail. */
function sectionsAt(ctx: Context, detail: Detail): string {
  const parts = [ranking(ctx), '', figures(ctx, detail.rows), '']
  parts.push(whyThisRank(ctx, detail.breakdowns), '', trends(ctx), '')
  const matrix = criteriaMatrix(ctx, detail.rows)
  if (matrix) parts.push(matrix, '')
  parts.push(funnelSection(ctx, detail.rows))
  return parts.join('\n')
}

/**
 * One ranking of a larger report (a category): its at-a-glance lines, then its sections from the
 * ranking to the funnel, headings as in a report of its own ("###"); the caller places them.
 */
export function renderSections(input: ReportInput, detail: Detail): { glance: string[]; sections: string } {
  const ctx = context(input)
  return { glance: glanceLines(ctx), sections: sectionsAt(ctx, detail) }
}

// ---- at a glance -------------------------------------------------------------------------------

function atAGlance(ctx: Context): string {
  return ['### At a glance', '', ...glanceLines(ctx), '', contents(ctx)].join('\n')
}

function glanceLines(ctx: Context): string[] {
  const { config, ranked } = ctx.input
  const top = ranked.slice(0, 3).map((r) => `${cell(r.name)} ${r.score.toFixed(1)}`)
  const lines = config.funnel.length ? shortlistLines(ctx) : []
  lines.push(`- **Top ${top.length}**: ${top.join(', ') || 'none'}`)
  lines.push(...movedLines(ctx), ...alertLines(ctx))
  if (ranked.some((r) => r.stale.length > 0))
    lines.push(`- Some values are carried over from the last snapshot (marked ${STALE_MARK}): a source did not answer.`)
  return lines
}

function movedLines(ctx: Context): string[] {
  const backfilled = backfillLine(ctx)
  if (!ctx.prev) return ['- First snapshot: moves appear from the next run on.', ...(backfilled ? [backfilled] : [])]
  const m = moves(ctx)
  const ranks = [...m.up, ...m.down]
  const lines = [
    ranks.length
      ? `- **Moves** since ${ctx.prev.date}: ` +
        `${ranks.slice(0, 10).join(', ')}${ranks.length > 10 ? `, …and ${formatNumber(ranks.length - 10)} more` : ''}`
      : `- **Moves**: no rank changed since ${ctx.prev.date}.`
  ]
  const g = gainers(ctx, 3)
  const changes = [...g.byScore, ...g.losers].map(({ r, delta }) => `${cell(r.name)} ${formatDelta(delta, 1)}`)
  if (changes.length) lines.push(`- **Biggest score changes**: ${changes.join(', ')}`)
  if (m.added.length) lines.push(`- **New**: ${m.added.slice(0, LIST_CAP).join(', ')}`)
  if (m.dropped.length) lines.push(`- **No longer tracked**: ${m.dropped.slice(0, LIST_CAP).join(', ')}`)
  if (backfilled) lines.push(backfilled)
  return lines
}

/** Archived, license and repository changes, repositories not found: neutral facts, no advice. */
function alertLines(ctx: Context): string[] {
  const m = moves(ctx)
  const alerts = [...m.archived.map((n) => `${n} archived since ${ctx.prev?.date}`)]
  alerts.push(...factChanges(ctx).filter((l) => !l.includes(': archived changed')))
  const missing = ctx.input.ranked.filter((r) => r.info.missing).map((r) => `${cell(r.name)} not found on GitHub`)
  alerts.push(...missing)
  if (alerts.length === 0) return []
  const shown = alerts.slice(0, 10).join('; ')
  return [`- **Alerts**: ${shown}${alerts.length > 10 ? `; …and ${formatNumber(alerts.length - 10)} more` : ''}`]
}

function contents(ctx: Context): string {
  const sections = ['Ranking', 'Figures', 'Why this rank', 'Trends']
  if (ctx.input.config.criteria.length) sections.push('Criteria')
  sections.push('Selection funnel')
  return `Contents: ${sections.map((s) => `[${s}](#${s.toLowerCase().replace(/ /g, '-')})`).join(' · ')}`
}

// ---- the ranking -------------------------------------------------------------------------------

function legend(ctx: Context): string {
  const since = ctx.prev ? ` (${ctx.prev.date})` : ''
  const month = ctx.month ? ` (${ctx.month.date})` : ''
  return [
    '- **Score** 0–100 from the weighted metrics (see [Why this rank](#why-this-rank)); **Cov.** share of the ' +
      'configured weight the score rests on.',
    `- **Move** rank change since the previous snapshot${since}, + up, − down; ` +
      '**Δ prev** score change since then; ' +
      `${ctx.month ? `**Δ 30 d** since about 30 days ago${month}, score / rank${backfilledNote(ctx.month)}; ` : ''}` +
      'new = not in that snapshot, ' +
      `– = no snapshot that old.`,
    `- **Status**: missing (repository not found), archived, inactive (no push for over ` +
      `${formatNumber(ctx.input.config.inactive_after_days)} days), new, stale (values carried over, marked ` +
      `${STALE_MARK}); ${LOWER_MARK} = at least.`
  ].join('\n')
}

/** Said when the ~30-day snapshot is a backfilled one. */
function backfilledNote(month: Snapshot): string {
  return month.backfilled
    ? ` (${BACKFILLED_MARK} a backfilled point, reconstructed on the first run: see [Trends](#trends))`
    : ''
}

/**
 * Score and rank change since `then`: "+1.2 / +2" (rank up 2), "+0.3 / =",
 * or the score alone when no rank is known.
 */
function monthChange(then: Snapshot | undefined, r: Ranked): string {
  const score = scoreChange(then, r)
  const before = then && entryOf(then, r.name)
  if (!before || typeof before.rank !== 'number') return score
  const mark = isBackfilled(before) ? ` ${BACKFILLED_MARK}` : ''
  return `${score} / ${before.rank === r.rank ? '=' : formatDelta(before.rank - r.rank)}${mark}`
}

/** The main table's columns; "Δ 30 d" only once the history reaches back about 30 days. */
function mainColumns(ctx: Context): Array<{ head: string; align: string; value: (r: Ranked) => string }> {
  const cols = [
    { head: '#', align: 'r', value: (r: Ranked) => String(r.rank) },
    { head: 'Framework', align: 'l', value: (r: Ranked) => nameLink(ctx, r) },
    { head: 'Score', align: 'r', value: (r: Ranked) => r.score.toFixed(1) },
    { head: 'Cov.', align: 'r', value: (r: Ranked) => coverage(ctx, r) },
    { head: 'Move', align: 'r', value: (r: Ranked) => movement(ctx.prev, r) },
    { head: 'Δ prev', align: 'r', value: (r: Ranked) => scoreChange(ctx.prev, r) }
  ]
  if (ctx.month) cols.push({ head: 'Δ 30 d', align: 'r', value: (r: Ranked) => monthChange(ctx.month, r) })
  cols.push({ head: 'Status', align: 'l', value: (r: Ranked) => statusText(ctx, r) })
  return cols
}

function ranking(ctx: Context): string {
  const { ranked } = ctx.input
  const top = ranked.slice(0, MAIN_ROWS)
  const cols = mainColumns(ctx)
  const out = [
    '### Ranking',
    '',
    legend(ctx),
    '',
    table(
      [cols.map((c) => c.head), ...top.map((r) => cols.map((c) => c.value(r)))],
      cols.map((c) => c.align)
    )
  ]
  const rest = ranked.slice(MAIN_ROWS)
  if (rest.length) {
    out.push(
      '',
      `<details><summary>Ranks ${formatNumber(MAIN_ROWS + 1)}–${formatNumber(ranked.length)}</summary>`,
      '',
      table(
        [
          ['#', 'Framework', 'Score', 'Move', 'Status'],
          ...rest.map((r) => [
            String(r.rank),
            cell(r.name),
            r.score.toFixed(1),
            movement(ctx.prev, r),
            statusText(ctx, r)
          ])
        ],
        ['r', 'l', 'r', 'r', 'l']
      ),
      '',
      '</details>'
    )
  }
  return out.join('\n')
}
