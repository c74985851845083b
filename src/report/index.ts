// The report: ranking table, legend, trends, criteria matrix and selection funnel, rendered between
// the markers; plus the PR body and the job summary. Pure.
export { START_MARKER, END_MARKER, spliceReport } from './splice.js'
export {
  renderReport,
  renderPrBody,
  renderSummary,
  sparkline,
  PR_BODY_LIMIT,
  REPORT_BYTE_BUDGET,
  SPARK_POINTS,
  CHART_TOP,
  CHART_POINTS,
  TREND_ROWS,
  FUNNEL_LIST_CAP,
  FAILURE_CAP,
  type ReportInput
} from './render.js'
export {
  criteriaValue,
  describeCondition,
  evaluateFunnel,
  factsOf,
  formatFact,
  type FunnelResult,
  type FunnelStage
} from './criteria.js'
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
