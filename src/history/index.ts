// The history file: one snapshot per run date, ascending. Pure: text in, History out, and back.
// Earlier snapshots are never dropped: a file that cannot be read is an error the user must fix,
// because starting over would silently lose the history.
import { z } from 'zod'
import type { Config } from '../config/schema.js'
import {
  METRIC_KEYS,
  METRICS,
  type FrameworkData,
  type FrameworkStatus,
  type MetricKey,
  type Metrics,
  type Ranked,
  type RepoInfo
} from '../model.js'

export const HISTORY_VERSION = 1

export type SnapshotInfo = Pick<
  RepoInfo,
  | 'nameWithOwner'
  | 'missing'
  | 'archived'
  | 'license'
  | 'language'
  | 'pushedAt'
  | 'createdAt'
  | 'latestRelease'
  | 'headOid'
  | 'pypiPackage'
  | 'npmPackage'
>

export interface SnapshotEntry {
  github: string
  rank: number
  score: number
  metrics: Metrics
  stale?: MetricKey[]
  lowerBounds?: MetricKey[]
  info: SnapshotInfo
  /** the framework's category id, when the config has categories (rank is within it) */
  category?: string
}

export interface Snapshot {
  /** YYYY-MM-DD, UTC */
  date: string
  /** Reconstructed on the first run (src/backfill), not measured; its entries say so too. */
  backfilled?: boolean
  frameworks: Record<string, SnapshotEntry>
}

/** true for an entry (or snapshot) that was reconstructed on a first run (src/backfill), not measured. */
export function isBackfilled(x: unknown): boolean {
  return typeof x === 'object' && x !== null && (x as { backfilled?: unknown }).backfilled === true
}

export interface History {
  version: 1
  /** ascending by date, one per date */
  snapshots: Snapshot[]
}

export class HistoryError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string
  ) {
    super(
      `The history file ${file} cannot be read: ${problem}. ` +
        'Fix the file (for example resolve a merge conflict or restore it from git) ' +
        'or remove it to start a new history; ' +
        `framework-radar does not overwrite it, so no earlier snapshot is lost.`
    )
    this.name = 'HistoryError'
  }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/

export function isIsoDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

// Unknown keys are kept (loose objects) so a file written by a newer minor version, or edited by
// hand, round-trips without losing anything.
const entrySchema = z.looseObject({
  github: z.string(),
  rank: z.number().int().positive(),
  score: z.number().finite(),
  metrics: z.record(z.string(), z.number().finite()),
  stale: z.array(z.string()).optional(),
  lowerBounds: z.array(z.string()).optional(),
  info: z.looseObject({}).default({})
})
const snapshotSchema = z.looseObject({
  date: z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD'),
  frameworks: z.record(z.string(), entrySchema)
})
const historySchema = z.looseObject({
  version: z.literal(HISTORY_VERSION),
  snapshots: z.array(snapshotSchema)
})

export function emptyHistory(): History {
  return { version: HISTORY_VERSION, snapshots: [] }
}

/**
 * Reads a history file. `undefined` (no file yet) or a blank file gives an empty history;
 * anything else that is not a valid version-1 history throws a {@link HistoryError} naming the file
 * and the problem. Snapshots are returned sorted by date; two snapshots with the same date are an error.
 */
export function parseHistory(text: string | undefined, file: string): History {
  if (text === undefined || text.trim() === '') return emptyHistory()
  let data: unknown
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (e) {
    throw new HistoryError(file, `it is not valid JSON (${jsonErrorWhere(text, e)})`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new HistoryError(file, 'it must be a JSON object with "version" and "snapshots"')
  }
  const version = (data as { version?: unknown }).version
  if (version !== HISTORY_VERSION) {
    const found = version === undefined ? 'it has no "version"' : `it has version ${JSON.stringify(version)}`
    const hint =
      typeof version === 'number' && version > HISTORY_VERSION
        ? ' (written by a newer framework-radar: upgrade the action)'
        : ''
    throw new HistoryError(file, `${found}, and this framework-radar reads version ${HISTORY_VERSION}${hint}`)
  }
  const result = historySchema.safeParse(data)
  if (!result.success) {
    const issue = result.error.issues[0]
    const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')
    throw new HistoryError(file, `${where ? `${where.replace(/^\./, '')} ` : ''}${issue.message}`)
  }
  const snapshots = result.data.snapshots as unknown as Snapshot[]
  const seen = new Map<string, number>()
  snapshots.forEach((s, i) => {
    const first = seen.get(s.date)
    if (first !== undefined)
      throw new HistoryError(file, `the date ${s.date} appears twice (snapshots[${first}] and snapshots[${i}])`)
    seen.set(s.date, i)
  })
  return { ...(result.data as unknown as History), version: HISTORY_VERSION, snapshots: sortByDate(snapshots) }
}

function jsonErrorWhere(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  const m = /position (\d+)/.exec(message)
  if (!m) return message
  const before = text.slice(0, Number(m[1]))
  const line = before.split('\n').length
  const column = before.length - before.lastIndexOf('\n')
  return `line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+.*$/s, '')}`
}

function sortByDate(snapshots: Snapshot[]): Snapshot[] {
  return [...snapshots].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/** Union by date; for the same date the LATER argument wins. */
export function mergeHistories(...hs: History[]): History {
  const byDate = new Map<string, Snapshot>()
  for (const h of hs) for (const s of h.snapshots) byDate.set(s.date, s)
  return { version: HISTORY_VERSION, snapshots: sortByDate([...byDate.values()]) }
}

/** Adds a snapshot, replacing the one with the same date; every other snapshot is kept. */
export function withSnapshot(h: History, s: Snapshot): History {
  return { ...h, version: HISTORY_VERSION, snapshots: sortByDate([...h.snapshots.filter((x) => x.date !== s.date), s]) }
}

const INFO_KEYS = [
  'nameWithOwner',
  'missing',
  'archived',
  'license',
  'language',
  'pushedAt',
  'createdAt',
  'latestRelease',
  'headOid',
  'pypiPackage',
  'npmPackage'
] as const

function pickInfo(info: RepoInfo): SnapshotInfo {
  const out: Record<string, unknown> = {}
  for (const k of INFO_KEYS)
    if (info[k] !== undefined) out[k] = typeof info[k] === 'object' ? structuredClone(info[k]) : info[k]
  return out as SnapshotInfo
}

function metricOrder(keys: readonly MetricKey[]): MetricKey[] {
  return METRIC_KEYS.filter((k) => keys.includes(k))
}

export function snapshotOf(ranked: Ranked[], date: string): Snapshot {
  const entries: Array<[string, SnapshotEntry]> = []
  for (const r of ranked) {
    const metrics: Metrics = {}
    for (const k of METRIC_KEYS)
      if (typeof r.metrics[k] === 'number' && Number.isFinite(r.metrics[k])) metrics[k] = r.metrics[k]
    const entry: SnapshotEntry = { github: r.github, rank: r.rank, score: r.score, metrics, info: pickInfo(r.info) }
    if (r.category !== undefined) entry.category = r.category
    if (r.stale.length > 0) entry.stale = metricOrder(r.stale)
    if (r.lowerBounds.length > 0) entry.lowerBounds = metricOrder(r.lowerBounds)
    entries.push([r.name, entry])
  }
  // fromEntries defines own properties, so even a framework called "__proto__" is stored as data
  return { date, frameworks: Object.fromEntries(entries) }
}

/** Canonical JSON: object keys sorted by code unit at every level, 2 spaces, trailing newline. */
export function serializeHistory(h: History): string {
  const ordered = { ...h, version: HISTORY_VERSION, snapshots: sortByDate(h.snapshots) }
  return `${JSON.stringify(canonical(ordered), null, 2)}\n`
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    const record = v as Record<string, unknown>
    return Object.fromEntries(keys.filter((k) => record[k] !== undefined).map((k) => [k, canonical(record[k])]))
  }
  return v
}

/** The latest snapshot strictly before `date`. */
export function previousSnapshot(h: History, date: string): Snapshot | undefined {
  let found: Snapshot | undefined
  // Backfilled snapshots are not a previous run: stale values, moves and "new" compare with measured ones.
  for (const s of h.snapshots) if (s.date < date && !s.backfilled && (!found || s.date > found.date)) found = s
  return found
}

/**
 * The date of the latest snapshot before `now` in which `name`'s `metric` was collected, not carried
 * over (the as-of date of a carried value); undefined when it never was.
 */
export function freshAsOf(h: History, name: string, metric: MetricKey, now: Date): string | undefined {
  const today = now.toISOString().slice(0, 10)
  for (let i = h.snapshots.length - 1; i >= 0; i--) {
    const s = h.snapshots[i]
    if (s.date >= today) continue
    const entry = entryOf(s, name)
    if (entry && typeof entry.metrics[metric] === 'number' && !entry.stale?.includes(metric)) return s.date
  }
  return undefined
}

/** Shifts a YYYY-MM-DD date by whole days (UTC). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** Whole days from `from` to `to` (both YYYY-MM-DD or ISO timestamps; UTC). */
export function daysBetween(from: string, to: string): number {
  return Math.floor(
    (Date.parse(to.length === 10 ? `${to}T00:00:00Z` : to) -
      Date.parse(from.length === 10 ? `${from}T00:00:00Z` : from)) /
      86_400_000
  )
}

/**
 * The closest snapshot at or before `date - daysBack` (for 30/90/365-day deltas);
 * undefined when the history does not reach that far back.
 */
export function snapshotNear(h: History, date: string, daysBack: number): Snapshot | undefined {
  const target = addDays(date, -daysBack)
  let found: Snapshot | undefined
  for (const s of h.snapshots) if (s.date <= target && (!found || s.date > found.date)) found = s
  return found
}

/**
 * For every framework, metrics whose source failed this run take the last snapshot's value and are
 * listed in `stale`; without a last value the metric stays absent (and is still listed as stale).
 * A carried value that was a lower bound stays one. When a GitHub metric failed, repository facts
 * this run lacks (license, language, …) are taken from the last snapshot too — never `missing`.
 */
export function carryForward(
  data: FrameworkData[],
  failedMetrics: Map<string, MetricKey[]>,
  last: Snapshot | undefined
): FrameworkData[] {
  return data.map((fw) => {
    const failed = failedMetrics.get(fw.name) ?? []
    if (failed.length === 0) return fw
    const prev = entryOf(last, fw.name)
    const metrics: Metrics = { ...fw.metrics }
    const lowerBounds = new Set(fw.lowerBounds)
    for (const m of failed) {
      const value = prev?.metrics[m]
      if (typeof value === 'number') {
        metrics[m] = value
        if (prev?.lowerBounds?.includes(m)) lowerBounds.add(m)
        else lowerBounds.delete(m)
      } else {
        delete metrics[m]
        lowerBounds.delete(m)
      }
    }
    let info = fw.info
    if (prev && failed.some((m) => METRICS[m]?.source === 'github')) {
      info = { ...fw.info }
      for (const k of INFO_KEYS) {
        if (k === 'missing') continue
        if (info[k] === undefined && prev.info[k] !== undefined) (info as Record<string, unknown>)[k] = prev.info[k]
      }
    }
    return {
      ...fw,
      metrics,
      lowerBounds: metricOrder([...lowerBounds]),
      stale: metricOrder([...new Set([...fw.stale, ...failed])]),
      info
    }
  })
}

/** A framework's entry in a snapshot (own properties only: "constructor" is a valid name). */
export function entryOf(snapshot: Snapshot | undefined, name: string): SnapshotEntry | undefined {
  return snapshot && Object.hasOwn(snapshot.frameworks, name) ? snapshot.frameworks[name] : undefined
}

/**
 * The status badges of one framework on `date`.
 * - missing: GitHub says the repository does not exist (or is not visible)
 * - archived: the repository is archived
 * - inactive: the last push is more than `inactive_after_days` before `date`
 * - new: it is in no snapshot before `date` although an earlier snapshot exists (the very first
 *   run has no baseline, so nothing is "new" then)
 * - stale: at least one value was carried over from the last snapshot
 */
export function statusOf(
  fw: FrameworkData,
  history: History,
  date: string,
  config: Pick<Config, 'inactive_after_days'>
): FrameworkStatus[] {
  const out: FrameworkStatus[] = []
  if (fw.info.missing) out.push('missing')
  if (fw.info.archived) out.push('archived')
  if (
    fw.info.pushedAt &&
    !Number.isNaN(Date.parse(fw.info.pushedAt)) &&
    daysBetween(fw.info.pushedAt, date) > config.inactive_after_days
  )
    out.push('inactive')
  const earlier = history.snapshots.filter((s) => s.date < date && !s.backfilled)
  if (earlier.length > 0 && !earlier.some((s) => Object.hasOwn(s.frameworks, fw.name))) out.push('new')
  if (fw.stale.length > 0) out.push('stale')
  return out
}
