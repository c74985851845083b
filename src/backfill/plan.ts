// Backfill, the pure part: which frameworks need it, the monthly dates, the window each value
// covers, and how reconstructed values become history snapshots marked `backfilled: true`.
//
// A backfilled point at date D holds what a snapshot taken on D would have shown, for the metrics
// that can be reconstructed exactly: lifetime counts as of D (stars, releases) and window counts
// over [D − window_days, D) (commits, SO questions, downloads). Each entry lists those windows, and
// the metrics that are estimates rather than counts. Rank and score are computed over the metrics
// the point has, so a backfilled score is "the score from what could be reconstructed".
import type { Config } from '../config/schema.js'
import { addDays, type History, type Snapshot, type SnapshotEntry } from '../history/index.js'
import { METRIC_KEYS, type FrameworkData, type MetricKey, type Metrics } from '../model.js'
import { rankFrameworks } from '../rank/index.js'

/** Monthly points reconstructed per framework. */
export const BACKFILL_MONTHS = 12

/** The dates of the backfilled points, oldest first: today minus k twelfths of a year (k = 12 … 1). */
export function backfillDates(today: string, months = BACKFILL_MONTHS): string[] {
  const out: string[] = []
  for (let k = months; k >= 1; k--) out.push(addDays(today, -Math.round((k * 365) / 12)))
  return out
}

/**
 * Frameworks to backfill: every one on the first run (empty history), later only those in no
 * snapshot yet (new to the config). Never when the config says `backfill: false`.
 */
export function frameworksToBackfill(config: Pick<Config, 'frameworks'> & { backfill?: boolean }, history: History) {
  if (config.backfill === false) return []
  return config.frameworks.filter((fw) => !history.snapshots.some((s) => Object.hasOwn(s.frameworks, fw.name)))
}

/** One reconstructed value. */
export interface BackfillValue {
  framework: string
  date: string
  metric: MetricKey
  value: number
  /** [from, to) for window metrics; absent for a lifetime count as of `date`. */
  window?: [string, string]
}

/** A backfilled entry: a snapshot entry plus the marker and its windows. */
export interface BackfilledEntry extends SnapshotEntry {
  backfilled: true
  windows?: Partial<Record<MetricKey, [string, string]>>
  /** Why a metric is left out of the backfill, e.g. stars above GitHub's 40,000-stargazer listing. */
  omitted?: string
}

/** Groups values by date into snapshots (ranked among the frameworks that have a point that day). */
export function backfilledSnapshots(
  values: BackfillValue[],
  config: Config,
  github: Map<string, string>,
  omitted: Map<string, string> = new Map()
): Snapshot[] {
  const byDate = new Map<string, Map<string, BackfillValue[]>>()
  for (const v of values) {
    const day = byDate.get(v.date) ?? new Map<string, BackfillValue[]>()
    day.set(v.framework, [...(day.get(v.framework) ?? []), v])
    byDate.set(v.date, day)
  }
  const newest = new Map<string, string>()
  for (const v of values) if ((newest.get(v.framework) ?? '') < v.date) newest.set(v.framework, v.date)
  const snapshots: Snapshot[] = []
  for (const date of [...byDate.keys()].sort()) {
    const frameworks = [...(byDate.get(date) ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const data: FrameworkData[] = frameworks.map(([name, list]) => ({
      name,
      github: github.get(name) ?? '',
      metrics: Object.fromEntries(list.map((v) => [v.metric, v.value])) as Metrics,
      lowerBounds: [],
      stale: [],
      info: {}
    }))
    const entries = rankFrameworks(data, config).map((r): [string, BackfilledEntry] => {
      const list = byDate.get(date)?.get(r.name) ?? []
      const entry: BackfilledEntry = {
        github: r.github,
        rank: r.rank,
        score: r.score,
        metrics: ordered(r.metrics),
        info: {},
        backfilled: true
      }
      const windows = list.flatMap(
        (v): Array<[MetricKey, [string, string]]> => (v.window ? [[v.metric, v.window]] : [])
      )
      if (windows.length > 0) entry.windows = Object.fromEntries(windows)
      // Why a metric is missing (GitHub's stargazer cap), on the newest point, where the report looks.
      const why = omitted.get(r.name)
      if (why && date === newest.get(r.name)) entry.omitted = why
      return [r.name, entry]
    })
    snapshots.push({ date, backfilled: true, frameworks: Object.fromEntries(entries) } as Snapshot)
  }
  return snapshots
}

function ordered(metrics: Metrics): Metrics {
  return Object.fromEntries(METRIC_KEYS.filter((k) => metrics[k] !== undefined).map((k) => [k, metrics[k]]))
}

/**
 * Adds backfilled snapshots to a history, for frameworks it does not know yet: a framework is
 * backfilled once (a run that lost a race re-reads a history the winner already backfilled, on
 * dates a day apart). A date that already has a snapshot keeps it and gains the backfilled
 * entries of frameworks it does not have; measured entries always win.
 */
export function mergeBackfill(history: History, snapshots: Snapshot[]): History {
  const known = new Set(history.snapshots.flatMap((s) => Object.keys(s.frameworks)))
  const byDate = new Map(history.snapshots.map((s) => [s.date, s]))
  for (const s of snapshots) {
    // fromEntries, not assignment: a framework called "__proto__" stays data.
    const added = Object.entries(s.frameworks).filter(([name]) => !known.has(name))
    if (added.length === 0) continue
    const existing = byDate.get(s.date)
    if (!existing) {
      byDate.set(s.date, { ...s, frameworks: Object.fromEntries(added) })
      continue
    }
    byDate.set(s.date, {
      ...existing,
      frameworks: Object.fromEntries([...Object.entries(existing.frameworks), ...added])
    })
  }
  const snapshotsSorted = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  return { ...history, snapshots: snapshotsSorted }
}
