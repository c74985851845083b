// What a source declares about itself, as plain data (the way each Renovate datasource owns its
// folder): its metrics, its config keys, its endpoint. The model, the config schema, the JSON
// Schema, the report headers and the README tables are all derived from these declarations, so a
// new source is its folder plus one line in sources/index.ts. Pure: no I/O is imported here; the
// collector is loaded only when a run needs it (`load`).
import type { z } from 'zod'
import type { Source } from './types.js'

/** The score's sub-scores. Every metric belongs to one; a group's weight is set in `weights.groups`. */
export const SCORE_GROUPS = ['popularity', 'activity'] as const
export type ScoreGroup = (typeof SCORE_GROUPS)[number]

/** The report's tables of exact figures, in report order (titles: src/report/figures.ts). */
export const FIGURE_TABLES = ['popularity', 'activity', 'adoption'] as const
export type FigureTable = (typeof FIGURE_TABLES)[number]

/**
 * What one number measures:
 * - `lifetime`: a running total (stars, lifetime downloads)
 * - `now`: a count at collection time that can go down (open issues)
 * - `/month`: the last month
 * - `/365 d`: the last 365 days
 * - `window`: the last `window_days` days; its cap is given per 30 days and scales with the window
 */
export type MetricUnit = 'lifetime' | 'now' | '/month' | '/365 d' | 'window'

export interface MetricDeclaration {
  /** Long label: legend, explanations, funnel reasons. */
  label: string
  /** Short label for a table header; the unit is added by the renderer (e.g. "Commits (30 d)"). */
  column: string
  unit: MetricUnit
  group: ScoreGroup
  /** The value at which the metric counts fully (per 30 days for `window` metrics). */
  cap: number
  /** Default weight inside its group; absent for a metric that is shown but never scored. */
  weight?: number
  /**
   * The report's figures table that shows it when some framework has a value (absent: not shown);
   * `onlyWeighted`: only while the config gives it a weight.
   */
  figures?: { table: FigureTable; onlyWeighted?: boolean }
}

export interface ConfigKeyDeclaration {
  /** The key's schema in a framework entry (`.optional()` unless every framework must set it). */
  schema: z.ZodType
  /** README "meaning" column and JSON Schema description. */
  description: string
  /** A value as a user would write it in YAML (README "example" column, JSON Schema examples). */
  example: string
  /** The form under which two values name the same thing, so it is asked once (default: as written). */
  canonical?: (value: string) => string
}

export interface SourceDeclaration {
  /** Stable id: appears in failures, logs and request counters. */
  id: string
  /** Human name, e.g. "Stack Overflow". */
  title: string
  /** Metric keys are stable: they appear in the history file. */
  metrics: Record<string, MetricDeclaration>
  /** Keys of a framework entry this source reads; the source applies to a framework that sets one. */
  config: Record<string, ConfigKeyDeclaration>
  /** Base URL, overridable with FRAMEWORK_RADAR_<NAME>_URL (GitHub's come from the runner instead). */
  endpoint?: { name: string; default: string }
  /** The collector (I/O), imported only when a run needs it. */
  load(): Promise<Source>
}

/** Turns a union of declaration parts into one type that has all of them (e.g. every metric key). */
export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never

/** Keeps the literal types (ids, metric keys, config keys) so the model's types derive from them. */
export function declareSource<const D extends SourceDeclaration>(declaration: D): D {
  return declaration
}

/** The endpoints sources declare, each with the environment variable that overrides it: FRAMEWORK_RADAR_<NAME>_URL. */
export function declaredEndpoints(
  sources: readonly SourceDeclaration[]
): Array<{ source: SourceDeclaration; name: string; default: string; env: string }> {
  return sources.flatMap((source) =>
    source.endpoint
      ? [{ source, ...source.endpoint, env: `FRAMEWORK_RADAR_${source.endpoint.name.toUpperCase()}_URL` }]
      : []
  )
}

/** A source applies to a framework that sets one of the keys it declares. */
export function declaredFor(declaration: SourceDeclaration, fw: object): boolean {
  return Object.keys(declaration.config).some((k) => (fw as Record<string, unknown>)[k] !== undefined)
}

/** A collector's Source: id, metrics and applicability come from its declaration, `collect` from the folder. */
export function sourceFrom(declaration: SourceDeclaration, collect: Source['collect']): Source {
  return {
    id: declaration.id as Source['id'],
    metrics: Object.keys(declaration.metrics) as Source['metrics'],
    appliesTo: (fw) => declaredFor(declaration, fw),
    collect
  }
}
