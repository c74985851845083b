// The report (report.ts), the PR body (pr-body.ts) and the job summary (summary.ts), with the
// pieces they share (shared.ts) and the report's sections in their own files (figures, why,
// trends, selection). Pure. The funnel itself is domain logic: src/rank/funnel.ts.
export { START_MARKER, END_MARKER, spliceReport } from './splice.js'
export { DETAIL_LEVELS, type Detail, REPORT_BYTE_BUDGET, renderReport, renderSections } from './report.js'
export { renderPrBody, renderSectionedPrBody, PR_BODY_LIMIT } from './pr-body.js'
export { renderSectionedSummary, renderSummary } from './summary.js'
export { MAIN_ROWS, type ReportInput } from './shared.js'
export { evaluateFunnel, shortlistChange } from '../rank/funnel.js'
export { cell, escapeText, formatNumber, mermaidLabel } from './escape.js'
export { rankingText } from './ranking-text.js'
export { chartLinks, chartsDir, renderCharts, type ChartFile } from './charts/index.js'
