// The criteria matrix (facts side by side, in narrow tables of a few columns) and the selection
// funnel as a grid: one row per framework, one column per stage, ✓ or ✗ with the short reason. Pure.
import type { Ranked } from '../model.js'
import { criteriaValue, type FunnelResult, formatFact } from '../rank/funnel.js'
import { cell, escapeText, formatNumber } from './escape.js'
import { AUTO_MARK, PACKAGE_FACTS_LEGEND, withAutoMarks } from './package-facts.js'
import { type Context, shortlistLines, table } from './shared.js'

/** Criteria per table, so the matrix never scrolls sideways. */
export const CRITERIA_PER_TABLE = 4
/** Longest reason in a funnel cell, in characters. */
const REASON_MAX = 60

export function criteriaMatrix(ctx: Context, rows: number): string {
  const { config, ranked } = ctx.input
  if (config.criteria.length === 0) return ''
  const shown = ranked.slice(0, rows)
  const out = ['### Criteria', '']
  let marked = false
  // as many tables as needed, filled evenly (5 criteria: 3 + 2, not 4 + 1)
  const per = Math.ceil(config.criteria.length / Math.ceil(config.criteria.length / CRITERIA_PER_TABLE))
  for (let i = 0; i < config.criteria.length; i += per) {
    const criteria = config.criteria.slice(i, i + per)
    const header = ['Framework', ...criteria.map((c) => cell(c.label))]
    const body = shown.map((r) => [
      cell(r.name),
      ...criteria.map((c) => {
        const text = withAutoMarks(config, r, c.key, formatFact(criteriaValue(config, r, c.key)))
        if (text?.includes(AUTO_MARK)) marked = true
        return cell(text)
      })
    ])
    out.push(
      table(
        [header, ...body],
        header.map(() => 'l')
      ),
      ''
    )
  }
  if (marked) out.push(PACKAGE_FACTS_LEGEND, '')
  if (ranked.length > shown.length)
    out.push(
      `…and ${formatNumber(ranked.length - shown.length)} more (the top ${formatNumber(shown.length)} are shown to ` +
        `keep the report small).`
    )
  return out.join('\n').trimEnd()
}

/** A framework's cells across the stages: ✓ promoted, ✗ reason where it was passed, · after that. */
function funnelCells(result: FunnelResult, name: string): string[] {
  let out = false
  return result.stages.map((s) => {
    if (out) return '·'
    const pass = s.pass.find((p) => p.name === name)
    if (!pass) return '✓'
    out = true
    return `✗ ${escapeText(pass.reason, REASON_MAX)}`
  })
}

export function funnelSection(ctx: Context, rows: number): string {
  const { config, ranked } = ctx.input
  const out = ['### Selection funnel', '']
  if (config.funnel.length === 0) {
    out.push('No selection funnel is configured.')
    return out.join('\n')
  }
  const result = ctx.shortlist.current
  out.push('Each stage promotes (✓) or passes (✗, with the reason) every framework still in the running:', '')
  result.stages.forEach((s, i) => {
    out.push(
      `${i + 1}. **${escapeText(s.stage)}**: ` +
        `${escapeText(s.requirement, 500)}${s.why ? `. ${escapeText(s.why, 500)}` : ''}`
    )
  })
  out.push('')
  const shown: Ranked[] = ranked.slice(0, rows)
  out.push(
    table(
      [
        ['Framework', ...result.stages.map((_, i) => String(i + 1))],
        ...shown.map((r) => [cell(r.name), ...funnelCells(result, r.name)])
      ],
      ['l', ...result.stages.map(() => 'l')]
    ),
    ''
  )
  if (ranked.length > shown.length)
    out.push(
      `…and ${formatNumber(ranked.length - shown.length)} more frameworks (left out to keep the report small).`,
      ''
    )
  out.push(...shortlistLines(ctx, 100))
  return out.join('\n')
}
