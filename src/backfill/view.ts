// How the report reads backfilled points (pure). A backfilled point's stored score counts only the
// metrics its sources could reconstruct on that date, and which ones varies (pypistats keeps ~180
// days, stars stop at GitHub's 40,000th stargazer), so raw it would jump wherever a metric starts
// and against every measured score. Charts and deltas therefore read each backfilled score on one
// basis per framework: the metrics every one of its backfilled points has (and its first measured
// snapshot too). The score shown is the first measured score moved by the change of the score over
// that basis — a change computed from reconstructed values only, placed where the measurements begin.
// Ranks of backfilled points are re-derived from these scores. The history file keeps the raw values.
import type { Config } from '../config/schema.js'
import { type History, isBackfilled, type Snapshot, type SnapshotEntry } from '../history/index.js'
import { METRIC_KEYS, type MetricKey, type Metrics } from '../model.js'
import { roundScore, unroundedScore } from '../rank/index.js'

interface Anchor {
  /** the framework's first measured entry */
  measured: SnapshotEntry
  /** the metrics every backfilled point of the framework has, and the measured entry too */
  basis: MetricKey[]
}

/** The history with every backfilled score (and rank) on the basis of the framework's measured scores. */
export function comparableHistory(history: History, config: Config): History {
  const anchors = anchorsOf(history)
  if (anchors.size === 0) return history
  const categoryOf = categories(config)
  const snapshots = history.snapshots.map((s): Snapshot => {
    if (!Object.values(s.frameworks).some(isBackfilled)) return s
    const frameworks: Record<string, SnapshotEntry> = {}
    for (const [name, e] of Object.entries(s.frameworks)) {
      const anchor = anchors.get(name)
      frameworks[name] = isBackfilled(e) && anchor ? { ...e, score: placedScore(e, anchor, config) } : e
    }
    // A measured snapshot that gained backfilled entries keeps its measured ranks.
    return { ...s, frameworks: s.backfilled ? rerank(frameworks, categoryOf) : frameworks }
  })
  return { ...history, snapshots }
}

function anchorsOf(history: History): Map<string, Anchor> {
  const backfilled = new Map<string, SnapshotEntry[]>()
  const measured = new Map<string, SnapshotEntry>()
  for (const s of history.snapshots)
    for (const [name, e] of Object.entries(s.frameworks)) {
      if (isBackfilled(e)) backfilled.set(name, [...(backfilled.get(name) ?? []), e])
      else if (!measured.has(name)) measured.set(name, e)
    }
  const out = new Map<string, Anchor>()
  for (const [name, entries] of backfilled) {
    const first = measured.get(name)
    if (!first) continue
    const basis = METRIC_KEYS.filter((k) => [first, ...entries].every((e) => typeof e.metrics[k] === 'number'))
    if (basis.length > 0) out.set(name, { measured: first, basis })
  }
  return out
}

function placedScore(e: SnapshotEntry, anchor: Anchor, config: Config): number {
  const on = (metrics: Metrics) => unroundedScore(pick(metrics, anchor.basis), config)
  const placed = anchor.measured.score + on(e.metrics) - on(anchor.measured.metrics)
  return roundScore(Math.min(100, Math.max(0, placed)))
}

function pick(metrics: Metrics, keys: MetricKey[]): Metrics {
  return Object.fromEntries(keys.map((k) => [k, metrics[k]]))
}

/** Framework name → category id, for a config with categories (ranks are per category). */
function categories(config: Config): Map<string, string> {
  return new Map(config.categories.flatMap((c) => c.frameworks.map((fw): [string, string] => [fw.name, c.id])))
}

/** Ranks 1..n by score within each category (or overall), best first; ties by name. */
function rerank(
  frameworks: Record<string, SnapshotEntry>,
  categoryOf: Map<string, string>
): Record<string, SnapshotEntry> {
  const groups = new Map<string, Array<[string, SnapshotEntry]>>()
  for (const [name, e] of Object.entries(frameworks)) {
    const key = e.category ?? categoryOf.get(name) ?? ''
    groups.set(key, [...(groups.get(key) ?? []), [name, e]])
  }
  const rank = new Map<string, number>()
  for (const list of groups.values()) {
    list.sort(([a, x], [b, y]) => y.score - x.score || (a < b ? -1 : a > b ? 1 : 0))
    for (const [i, [name]] of list.entries()) rank.set(name, i + 1)
  }
  // fromEntries keeps the stored order and a framework called "__proto__" as data.
  return Object.fromEntries(
    Object.entries(frameworks).map(([name, e]) => [name, { ...e, rank: rank.get(name) ?? e.rank }])
  )
}
