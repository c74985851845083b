// The ranking: a continuous, explainable 0–100 score in the spirit of OpenSSF criticality_score.
// Pure: data and config in, ranked list out.
//
// For every scored metric m (weight w > 0 in group g) that a framework has:
//   c_m   = log(1 + x) / log(1 + max(x, T_m))       log-scaled, 1 once x reaches the cap T_m
//   sub_g = 100 · Σ w·c_m / Σ w                      over the metrics PRESENT for that framework
//   score = Σ W_g·sub_g / Σ W_g                      over the groups with at least one metric present
// Missing metrics drop out of numerator and denominator, so a framework is not punished for a
// source that does not apply to it (no PyPI package, no paper). The score is rounded to one
// decimal, half away from zero. Ties: rounded score, unrounded score, stars, then name.
import type { Config, ScoreGroup } from '../config/schema.js'
import { SCORE_GROUPS } from '../config/schema.js'
import { METRIC_KEYS, METRICS, type FrameworkData, type MetricKey, type Metrics, type Ranked } from '../model.js'

/**
 * Per-metric cap T_m: the value at which a metric contributes its full weight, declared by its
 * source (src/sources/<id>/declaration.ts). Chosen near the top of what the most popular
 * open-source projects reach, so the scale separates the field instead of saturating. Window
 * metrics are given per 30 days and scaled by `window_days` (see {@link metricCap}).
 */
export const METRIC_CAPS = Object.fromEntries(METRIC_KEYS.map((m) => [m, METRICS[m].cap])) as Record<MetricKey, number>

/** Metrics whose cap is per 30 days and scales with the configured window. */
export const WINDOW_SCALED: ReadonlySet<MetricKey> = new Set(METRIC_KEYS.filter((m) => METRICS[m].windowScaled))

export function metricCap(metric: MetricKey, windowDays: number): number {
  const cap = METRIC_CAPS[metric]
  return WINDOW_SCALED.has(metric) ? Math.max(1, (cap * windowDays) / 30) : cap
}

/** The component c_m in [0, 1]; undefined when the value is not a usable number. */
export function metricComponent(value: number | undefined, cap: number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined
  const x = Math.max(0, value)
  if (x >= cap) return 1
  return Math.log1p(x) / Math.log1p(cap)
}

/** Round half away from zero to one decimal (deterministic; no locale, no toFixed quirks). */
export function roundScore(x: number): number {
  return (Math.sign(x) * Math.round(Math.abs(x) * 10)) / 10
}

interface Scored {
  fw: FrameworkData
  unrounded: number
  subScores: Record<string, number>
  contributions: Partial<Record<MetricKey, number>>
}

function scoreOne(fw: FrameworkData, config: Config): Scored {
  const groups: Array<{
    group: ScoreGroup
    weight: number
    parts: Array<{ metric: MetricKey; w: number; c: number }>
  }> = []
  for (const group of SCORE_GROUPS) {
    const groupWeight = config.weights.groups[group] ?? 0
    if (!(groupWeight > 0)) continue
    const weights = config.weights.metrics[group] ?? {}
    const parts: Array<{ metric: MetricKey; w: number; c: number }> = []
    // METRIC_KEYS order, not object order, so the sums are computed the same way every time.
    for (const metric of METRIC_KEYS) {
      const w = weights[metric]
      if (w === undefined || !(w > 0)) continue
      const c = metricComponent(fw.metrics[metric], metricCap(metric, config.window_days))
      if (c !== undefined) parts.push({ metric, w, c })
    }
    if (parts.length > 0) groups.push({ group, weight: groupWeight, parts })
  }
  const totalGroupWeight = groups.reduce((s, g) => s + g.weight, 0)
  const subScores: Record<string, number> = {}
  const contributions: Partial<Record<MetricKey, number>> = {}
  let unrounded = 0
  for (const g of groups) {
    const totalW = g.parts.reduce((s, p) => s + p.w, 0)
    let sub = 0
    for (const p of g.parts) {
      sub += (100 * p.w * p.c) / totalW
      const points = (g.weight / totalGroupWeight) * ((100 * p.w * p.c) / totalW)
      contributions[p.metric] = points
      unrounded += points
    }
    subScores[g.group] = roundScore(sub)
  }
  return { fw, unrounded, subScores, contributions }
}

/** The score of one set of metrics before rounding (the backfill's view compares scores over a subset). */
export function unroundedScore(metrics: Metrics, config: Config): number {
  return scoreOne({ name: '', github: '', metrics, lowerBounds: [], stale: [], info: {} }, config).unrounded
}

function compareScored(a: Scored & { score: number }, b: Scored & { score: number }): number {
  return (
    b.score - a.score ||
    b.unrounded - a.unrounded ||
    (b.fw.metrics.stars ?? -1) - (a.fw.metrics.stars ?? -1) ||
    a.fw.name.localeCompare(b.fw.name, 'en') ||
    // localeCompare can call different strings equal; code units never do.
    (a.fw.name < b.fw.name ? -1 : a.fw.name > b.fw.name ? 1 : 0)
  )
}

/** Scores and ranks every framework, best first; rank is 1..n with no shared ranks. */
export function rankFrameworks(data: FrameworkData[], config: Config): Ranked[] {
  const scored = data.map((fw) => {
    const s = scoreOne(fw, config)
    return { ...s, score: roundScore(s.unrounded) }
  })
  scored.sort(compareScored)
  return scored.map((s, i) => ({
    ...s.fw,
    rank: i + 1,
    score: s.score,
    subScores: s.subScores,
    contributions: s.contributions
  }))
}

/**
 * The config's rankings: one per category (each ranked 1..n on its own, in category order), or one
 * over every framework for a flat config. Scores do not depend on the category.
 */
export function rankConfig(data: FrameworkData[], config: Config): Ranked[] {
  if (config.categories.length === 0) return rankFrameworks(data, config)
  const byName = new Map(data.map((d) => [d.name, d]))
  return config.categories.flatMap((cat) =>
    rankFrameworks(
      cat.frameworks.flatMap((fw) => byName.get(fw.name) ?? []),
      config
    ).map((r) => ({ ...r, category: cat.id }))
  )
}

/** One line that explains where a framework's score comes from, biggest contributions first. */
export function explainScore(r: Ranked): string {
  const groups = Object.entries(r.subScores)
    .map(([g, v]) => `${g} ${v.toFixed(1)}`)
    .join(', ')
  const parts = (Object.entries(r.contributions) as Array<[MetricKey, number]>)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([m, v]) => `${METRICS[m]?.label ?? m} +${v.toFixed(1)}`)
  if (parts.length === 0) return `#${r.rank} ${r.name}: score ${r.score.toFixed(1)} (no scored metric available)`
  return `#${r.rank} ${r.name}: score ${r.score.toFixed(1)} (${groups}) = ${parts.join(' + ')}`
}
