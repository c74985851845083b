// The job summary: the verdict, what the config owner has to do, the shortlist and a narrow
// ranking table (top rows; the report has the rest). Pure.
import { escapeText, formatNumber } from './escape.js'
import {
  actionItems,
  type Context,
  compactRanking,
  context,
  headline,
  MAIN_ROWS,
  type ReportInput,
  shortlistLines,
  verdict
} from './shared.js'

export function renderSummary(input: ReportInput): string {
  const ctx = context(input)
  // A heading of its own: after the to-do list, the shortlist's list item would join that list.
  return [...opening(ctx), '### Ranking', '', ...rankingPart(ctx)].join('\n')
}

/**
 * The summary of a config with categories: its verdict and to-dos once, then each category's
 * shortlist and top rows under its own heading.
 */
export function renderSectionedSummary(
  input: ReportInput,
  sections: Array<{ title: string; input: ReportInput }>
): string {
  const parts = [...opening(context(input))]
  for (const section of sections)
    parts.push(`### ${escapeText(section.title)}`, '', ...rankingPart(context(section.input)))
  return parts.join('\n')
}

function opening(ctx: Context): string[] {
  const { input } = ctx
  const parts = [`## ${escapeText(input.config.title)}`, '', verdict(ctx), '', headline(ctx), '']
  const todo = actionItems(ctx)
  if (todo.length) parts.push('### To do in the config', '', ...todo, '')
  return parts
}

function rankingPart(ctx: Context): string[] {
  const { input } = ctx
  const { ranked } = input
  const parts: string[] = []
  if (input.config.funnel.length) parts.push(...shortlistLines(ctx), '')
  const shown = ranked.slice(0, MAIN_ROWS)
  parts.push(compactRanking(ctx, shown), '')
  if (ranked.length > shown.length)
    parts.push(`…and ${formatNumber(ranked.length - shown.length)} more in the report.`, '')
  return parts
}
