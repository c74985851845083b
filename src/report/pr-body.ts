// The PR body, for the reviewer: a verdict first, then what the config owner has to do (renames,
// missing repositories, failed sources — one line per source), facts that changed, the shortlist,
// what moved, the top of the ranking and a link to the rendered report. Always below GitHub's
// 65,536-character limit: detail is dropped level by level, a table is never cut. Pure.
import { chartImages } from './charts/index.js'
import { escapeText, formatNumber } from './escape.js'
import {
  backfillLine,
  actionItems,
  compactRanking,
  type Context,
  context,
  countMoves,
  factChanges,
  gainerLines,
  gainers,
  moves,
  movesLines,
  type ReportInput,
  shortlistLines,
  verdict
} from './shared.js'

/** GitHub rejects PR bodies of 65,536 characters or more; stay clearly below. */
export const PR_BODY_LIMIT = 65_536
const PR_BODY_TARGET = 60_000

export interface PrBodyInput extends ReportInput {
  reportPath: string
  runUrl?: string
  /** the rendered report on the bot branch: <server>/<owner>/<repo>/blob/<branch>/<path> */
  reportUrl?: string
}

interface Level {
  rows: number
  list: number
}
const LEVELS: Level[] = [
  { rows: 25, list: 50 },
  { rows: 10, list: 20 },
  { rows: 5, list: 5 },
  { rows: 0, list: 0 }
]

const SAFE_URL = /^https:\/\/[^\s()<>[\]"'`\\|]+$/

export function renderPrBody(input: PrBodyInput): string {
  const ctx = context(input)
  let body = ''
  for (const level of LEVELS) {
    body = prBody(ctx, input, level)
    if (body.length < PR_BODY_TARGET) return body
  }
  return body
}

/** "[report](url) · updates X and its history for D ([workflow run](url))." */
export function sourceLine(input: PrBodyInput): string {
  const run = input.runUrl && SAFE_URL.test(input.runUrl) ? ` ([workflow run](${input.runUrl}))` : ''
  const path = escapeText(input.reportPath, 300)
  const report = input.reportUrl && SAFE_URL.test(input.reportUrl) ? `[${path}](${input.reportUrl})` : path
  const n = input.ranked.length
  const window = `window ${formatNumber(input.config.window_days)} days`
  return (
    `Updates ${report} and its history for ${input.date}${run}: ${formatNumber(n)} ` +
    `framework${n === 1 ? '' : 's'}, ${window}.`
  )
}

function prBody(ctx: Context, input: PrBodyInput, level: Level): string {
  const out = [...opening(ctx, input, level), ...rankingPart(ctx, level, '###'), ...chartLines(input.charts, '###')]
  return `${out.join('\n').trimEnd()}\n`
}

/** The verdict, where the report is, what the config owner has to do and facts that changed. */
function opening(ctx: Context, input: PrBodyInput, level: Level): string[] {
  const out = [verdict(ctx), '', sourceLine(input), '']
  const todo = actionItems(ctx, Math.max(level.list, 5))
  if (todo.length) out.push('### To do in the config', '', ...todo, '')
  const changedFacts = factChanges(ctx)
  if (changedFacts.length) {
    // A license change or an archival decides adoption: say it before the ranking.
    out.push(
      '### ⚠️ Facts that changed',
      '',
      ...changedFacts.slice(0, Math.max(level.list, 20)).map((l) => `- **${l}**`),
      ''
    )
  }
  return out
}

/** One ranking's shortlist, moves and top rows, under headings of the given level. */
function rankingPart(ctx: Context, level: Level, h: string): string[] {
  return [...whatMoved(ctx, level, h), ...rankingLines(ctx, level, h)]
}

/**
 * The PR body of a config with categories: the config's verdict (shortlist changes of every
 * category count), its to-dos and facts once, then each category's shortlist, moves and top rows
 * under its own heading. Kept below the same limit, level by level.
 */
export function renderSectionedPrBody(
  input: PrBodyInput,
  sections: Array<{ title: string; input: ReportInput }>
): string {
  const parts = sections.map((s) => ({ title: s.title, ctx: context(s.input) }))
  const whole = context(input)
  const ctx: Context = {
    ...whole,
    shortlist: {
      ...whole.shortlist,
      joined: parts.flatMap((p) => p.ctx.shortlist.joined),
      left: parts.flatMap((p) => p.ctx.shortlist.left)
    }
  }
  let body = ''
  for (const level of LEVELS) {
    const out = opening(ctx, input, level)
    for (const p of parts)
      out.push(
        `### ${escapeText(p.title)}`,
        '',
        ...rankingPart(p.ctx, level, '####'),
        ...chartLines(p.ctx.input.charts, '####', true)
      )
    body = `${out.join('\n').trimEnd()}\n`
    if (body.length < PR_BODY_TARGET) return body
  }
  return body
}

function whatMoved(ctx: Context, level: Level, h: string): string[] {
  const out = [`${h} What moved`, '']
  // the shortlist opens the list: what the adopting team picks, and whether that changed
  const shortlist = ctx.input.config.funnel.length ? shortlistLines(ctx, Math.max(level.list, 5)) : []
  const backfilled = backfillLine(ctx, Math.max(level.list, 5))
  const filled = backfilled ? [backfilled] : []
  if (!ctx.prev) return [...out, ...shortlist, '- First snapshot: nothing to compare with yet.', ...filled, '']
  const m = moves(ctx)
  const counts = countMoves(m)
  const lines = level.list > 0 ? movesLines(m, level.list) : counts.length ? [`- ${counts.join(', ')}.`] : []
  out.push(...shortlist, ...(lines.length ? lines : ['- No rank changed.']), ...filled, '')
  const g = gainerLines(gainers(ctx, level.list > 0 ? 5 : 1))
  if (g.length) out.push('Biggest gainers and losers:', '', ...g, '')
  return out
}

function rankingLines(ctx: Context, level: Level, h: string): string[] {
  const { ranked } = ctx.input
  if (level.rows === 0 || ranked.length === 0) return []
  const shown = ranked.slice(0, level.rows)
  const out = [`${h} ${ranked.length > shown.length ? `Top ${shown.length}` : 'Ranking'}`, '']
  out.push(compactRanking(ctx, shown))
  if (ranked.length > shown.length)
    out.push('', `…and ${formatNumber(ranked.length - shown.length)} more in the report.`)
  return [...out, '']
}

/**
 * The SVG charts, linked at the bot branch's commit (main.ts) so they render on github.com: the
 * score chart in view, the others folded (three 400 px pictures would bury the body); a category's
 * all folded.
 */
function chartLines(charts: ReportInput['charts'], h: string, foldAll = false): string[] {
  const images = chartImages(charts)
  if (images.length === 0) return []
  const shown = foldAll ? [] : images.slice(0, 1)
  const folded = images.slice(shown.length)
  const out = [`${h} Trends`, '', ...shown.flatMap((i) => [i, ''])]
  if (folded.length)
    out.push(
      `<details><summary>${shown.length ? 'More charts' : 'Charts'}</summary>`,
      '',
      ...folded.flatMap((i) => [i, '']),
      '</details>',
      ''
    )
  return out
}
