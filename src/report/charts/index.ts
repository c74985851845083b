// The report's trend charts as SVG files, committed next to the report: score, stars and
// downloads of the top frameworks over the last snapshots. Pure: the same history and ranking
// give the same bytes. Names come from the config: they are cleaned and shortened here and
// XML-escaped by the renderer.
import path from 'node:path/posix'
import { entryOf, type History, isBackfilled, type SnapshotEntry } from '../../history/index.js'
import type { MetricKey, Ranked } from '../../model.js'
import { escapeText, formatNumber } from '../escape.js'
import { lineChartSvg, type LineSeries } from './svg.js'

export interface ChartFile {
  /** repository path, e.g. docs/frameworks-charts/score.svg */
  path: string
  /** path relative to the report's folder, URL-encoded: the link the report embeds */
  href: string
  /** the category the chart belongs to (its section of the report shows it) */
  category?: string
  title: string
  /** one plain-text sentence for screen readers and for when the image does not load (escape it before embedding) */
  alt: string
  svg: string
}

export interface ChartInput {
  history: History
  ranked: Ranked[]
  /** YYYY-MM-DD of this run; later snapshots are ignored */
  date: string
  /** the report's repository path; the charts go to <folder>/<report name>-charts/ */
  reportPath: string
  /** a category's charts are named <category id>-score.svg, … */
  category?: string
}

/** Lines per chart (the best-ranked frameworks). */
const CHART_TOP = 5
/** Snapshots (most recent) on a chart's x-axis: a year of weekly runs. */
export const CHART_POINTS = 52
/** The score axis spans at least this many points: day-to-day noise of 0.1 stays a flat line. */
const SCORE_MIN_SPAN = 4
/** Longest name drawn in a chart, in code points. */
export const CHART_NAME_MAX = 24

interface ChartKind {
  id: string
  title: string
  pick: (e: SnapshotEntry) => number | undefined
  decimals: number
  minStep: number
  minSpan: number
}

const DOWNLOADS: Array<{ metric: MetricKey; title: string }> = [
  { metric: 'pypi_downloads_month', title: 'PyPI downloads per month' },
  { metric: 'npm_downloads_month', title: 'npm downloads per month' }
]

/** Folder of the chart files: next to the report, named after it. */
export function chartsDir(reportPath: string): string {
  const { dir, name } = path.parse(reportPath)
  return path.join(dir, `${name}-charts`)
}

/** A name as drawn in a chart: one line, no bidi controls, at most CHART_NAME_MAX code points. */
export function chartName(name: string): string {
  const flat = name
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ')
    .trim()
  const points = Array.from(flat)
  return points.length <= CHART_NAME_MAX ? flat || '?' : `${points.slice(0, CHART_NAME_MAX - 1).join('')}…`
}

/** Chart names, made unique when two names shorten to the same text (the legend matches lines by name). */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>()
  return names.map((n) => {
    let out = chartName(n)
    for (let k = 2; seen.has(out); k++) out = `${chartName(n)} (${k})`
    seen.add(out)
    return out
  })
}

function kinds(top: Ranked[]): ChartKind[] {
  const list: ChartKind[] = [
    {
      id: 'score',
      title: `Score (0–100), top ${top.length}`,
      pick: (e) => e.score,
      decimals: 1,
      minStep: 0,
      minSpan: SCORE_MIN_SPAN
    },
    {
      id: 'stars',
      title: `GitHub stars, top ${top.length}`,
      pick: (e) => e.metrics.stars,
      decimals: 0,
      minStep: 1,
      minSpan: 0
    }
  ]
  for (const d of DOWNLOADS) {
    if (!top.some((r) => r.metrics[d.metric] !== undefined)) continue
    list.push({
      id: 'downloads',
      title: `${d.title}, top ${top.length}`,
      pick: (e) => e.metrics[d.metric],
      decimals: 0,
      minStep: 1,
      minSpan: 0
    })
    break // one downloads chart: the registry the top frameworks publish to first
  }
  return list
}

function alt(kind: ChartKind, series: LineSeries[], dates: string[]): string {
  const latest = series.map((s) => {
    const v = s.values.at(-1)
    return `${s.name} ${v === null || v === undefined ? 'n/a' : formatNumber(kind.decimals ? v : Math.round(v))}`
  })
  const span = dates.length > 1 ? ` from ${dates[0]} to ${dates.at(-1)}` : ` on ${dates[0]}`
  return `${kind.title}${span}; latest: ${latest.join(', ')}`
}

/**
 * The chart files for this run, or none before there are two snapshots to draw a line between.
 * A framework without a value in a snapshot has a gap there (no made-up point).
 */
export function renderCharts(input: ChartInput): ChartFile[] {
  const snaps = input.history.snapshots.filter((s) => s.date <= input.date).slice(-CHART_POINTS)
  if (snaps.length < 2) return []
  const top = input.ranked.slice(0, CHART_TOP)
  const names = uniqueNames(top.map((r) => r.name))
  const dates = snaps.map((s) => s.date)
  const dir = chartsDir(input.reportPath)
  const backfilled = backfilledRange(snaps)
  const files: ChartFile[] = []
  for (const kind of kinds(top)) {
    const series: LineSeries[] = top.map((r, i) => ({
      name: names[i],
      values: snaps.map((s) => {
        const e = entryOf(s, r.name)
        const v = e ? kind.pick(e) : undefined
        return typeof v === 'number' && Number.isFinite(v) ? v : null
      })
    }))
    const shown = series.filter((s) => s.values.some((v) => v !== null))
    if (shown.length === 0) continue
    const svg = lineChartSvg({
      id: kind.id,
      title: kind.title,
      categories: dates,
      series: shown,
      decimals: kind.decimals,
      minStep: kind.minStep,
      minSpan: kind.minSpan,
      ...(backfilled ? { backfilled } : {})
    })
    const file = `${input.category ? `${input.category}-` : ''}${kind.id}.svg`
    files.push({
      path: path.join(dir, file),
      href: `${encodeSegment(path.basename(dir))}/${encodeSegment(file)}`,
      category: input.category,
      title: kind.title,
      alt:
        alt(kind, shown, dates) +
        (backfilled ? `; points up to ${backfilled.to} are backfilled (reconstructed on the first run)` : ''),
      svg
    })
  }
  return files
}

/** The first and last dates of the backfilled snapshots on the axis (they come before any measured one). */
function backfilledRange(snaps: History['snapshots']): { from: string; to: string } | undefined {
  const dates = snaps.filter(isBackfilled).map((s) => s.date)
  return dates.length > 0 ? { from: dates[0], to: dates[dates.length - 1] } : undefined
}

/** What a document needs to embed a chart: the image address (relative or absolute) and its text. */
export interface ChartLink {
  title: string
  alt: string
  href: string
  category?: string
}

/** A path segment safe inside a markdown link destination: also ( ) ' ! * are percent-encoded. */
function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** An image address that must not break out of `![…](…)`: only what encodeSegment and URLs we build produce. */
const SAFE_HREF = /^(https?:\/\/[A-Za-z0-9.-]+(:\d+)?\/)?[A-Za-z0-9._~%/-]+(\?raw=true)?$/

/**
 * The address of a committed file that renders on github.com for public and private repositories:
 * the blob at a fixed commit, served raw (the bot branch may be deleted after the merge; the commit stays).
 */
function blobUrl(serverUrl: string, repo: { owner: string; repo: string }, sha: string, filePath: string): string {
  const server = /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(serverUrl.replace(/\/+$/, ''))
    ? serverUrl.replace(/\/+$/, '')
    : 'https://github.com'
  const segments = filePath.split('/').map(encodeSegment).join('/')
  const repoPath = `${encodeSegment(repo.owner)}/${encodeSegment(repo.repo)}`
  return `${server}/${repoPath}/blob/${encodeSegment(sha)}/${segments}?raw=true`
}

/** The chart links for a document: relative to the report (report, dry-run body) or at a commit (PR body). */
export function chartLinks(
  charts: ChartFile[],
  at?: { serverUrl: string; repo: { owner: string; repo: string }; sha: string }
): ChartLink[] {
  return charts.map((c) => ({
    title: c.title,
    alt: c.alt,
    href: at ? blobUrl(at.serverUrl, at.repo, at.sha, c.path) : c.href,
    category: c.category
  }))
}

/** Markdown image lines, one per chart; alt text escaped, an unexpected address dropped. */
export function chartImages(charts: ChartLink[] | undefined): string[] {
  return (charts ?? []).filter((c) => SAFE_HREF.test(c.href)).map((c) => `![${escapeText(c.alt, 600)}](${c.href})`)
}
