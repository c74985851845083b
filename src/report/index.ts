// The report (report.ts), the PR body (pr-body.ts) and the job summary (summary.ts), with the
// pieces they share (shared.ts) and the sections of the report in their own files. Pure.
export { START_MARKER, END_MARKER, spliceReport } from './splice.js'
export { renderReport, REPORT_BYTE_BUDGET } from './report.js'
export { renderPrBody, PR_BODY_LIMIT, type PrBodyInput } from './pr-body.js'
export { renderSummary } from './summary.js'
export { MAIN_ROWS, type ReportInput } from './shared.js'
export { CHART_TOP, CHART_POINTS, TREND_ROWS } from './trends.js'
export {
  criteriaValue,
  describeCondition,
  evaluateFunnel,
  factsOf,
  formatFact,
  shortlistChange,
  type FunnelResult,
  type FunnelStage
} from '../rank/funnel.js'
export {
  cell,
  escapeText,
  formatDelta,
  formatNumber,
  link,
  mermaidLabel,
  repoUrl,
  truncate,
  MAX_TEXT
} from './escape.js'
export { rankingText } from './ranking-text.js'
