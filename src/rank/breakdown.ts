// Why a framework has its score: per group and per weighted metric, the value, its level on the
// log scale, the weight it carried in this framework's score and the points it earned (the points
// add up to the score), and the coverage — the share of the configured weight the score rests on.
// Pure; the points are the ones rankFrameworks computed, so the explanation cannot drift from it.
import type { Config, ScoreGroup } from '../config/schema.js'
import { SCORE_GROUPS } from '../config/schema.js'
import { METRIC_KEYS, type MetricKey, type Ranked } from '../model.js'
import { metricCap, metricComponent } from './index.js'

export interface MetricPart {
  metric: MetricKey
  /** the weight the config gives the metric inside its group */
  weight: number
  /** the metric's share of the whole configured weight, 0–1 */
  configuredShare: number
  value?: number
  /** 0–100: log(1 + value) / log(1 + cap); undefined when the value is missing */
  level?: number
  /** share of this framework's score the metric carried, 0–1 (0 when missing) */
  share: number
  /** points earned; undefined when the value is missing */
  points?: number
}

export interface GroupPart {
  group: ScoreGroup
  /** the group's weight in the config */
  weight: number
  /** 0–100, undefined when the framework has no metric of the group */
  subScore?: number
  points: number
  metrics: MetricPart[]
}

export interface Breakdown {
  groups: GroupPart[]
  /** share of the configured weight whose metric the framework has, 0–1 */
  coverage: number
  /** sum of the points (the unrounded score) */
  total: number
}

/** The weighted metrics in force, by group (groups and metrics with a weight above 0). */
export function weightsInForce(
  config: Config
): Array<{ group: ScoreGroup; weight: number; metrics: Array<[MetricKey, number]> }> {
  return SCORE_GROUPS.map((group) => ({
    group,
    weight: config.weights.groups[group] ?? 0,
    metrics: METRIC_KEYS.map((m): [MetricKey, number] => [m, config.weights.metrics[group]?.[m] ?? 0]).filter(
      ([, w]) => w > 0
    )
  })).filter((g) => g.weight > 0 && g.metrics.length > 0)
}

export function scoreBreakdown(r: Ranked, config: Config): Breakdown {
  const inForce = weightsInForce(config)
  const totalGroups = inForce.reduce((s, g) => s + g.weight, 0)
  const presentGroups = inForce.filter((g) => g.metrics.some(([m]) => r.contributions[m] !== undefined))
  const totalPresentGroups = presentGroups.reduce((s, g) => s + g.weight, 0)
  let coverage = 0
  let total = 0
  const groups = inForce.map((g): GroupPart => {
    const sumW = g.metrics.reduce((s, [, w]) => s + w, 0)
    const present = g.metrics.filter(([m]) => r.contributions[m] !== undefined)
    const sumPresent = present.reduce((s, [, w]) => s + w, 0)
    const groupShare = present.length ? g.weight / totalPresentGroups : 0
    const metrics = g.metrics.map(([metric, weight]): MetricPart => {
      const points = r.contributions[metric]
      const configuredShare = (g.weight / totalGroups) * (weight / sumW)
      if (points === undefined) return { metric, weight, configuredShare, value: r.metrics[metric], share: 0 }
      coverage += configuredShare
      const c = metricComponent(r.metrics[metric], metricCap(metric, config.window_days)) ?? 0
      return {
        metric,
        weight,
        configuredShare,
        value: r.metrics[metric],
        level: 100 * c,
        share: groupShare * (weight / sumPresent),
        points
      }
    })
    const points = metrics.reduce((s, m) => s + (m.points ?? 0), 0)
    total += points
    return { group: g.group, weight: g.weight, subScore: r.subScores[g.group], points, metrics }
  })
  return { groups, coverage, total }
}
