// The data that flows through the pipeline: config → sources → rank → history → report → publish.
// Pure: types, and the metric catalogue derived from the source declarations (src/sources/index.ts); no I/O.

import { SCORE_GROUPS, type MetricDeclaration, type ScoreGroup, type UnionToIntersection } from './sources/declare.js'
import { SOURCES } from './sources/index.js'

export { SCORE_GROUPS, type ScoreGroup }

type Declared = (typeof SOURCES)[number]

export type SourceId = Declared['id']
export const SOURCE_IDS: readonly SourceId[] = SOURCES.map((s) => s.id)

export type MetricKey = keyof UnionToIntersection<Declared['metrics']> & string

/** A metric as the pipeline sees it: its declaration plus the source that declares it. */
export interface MetricInfo extends MetricDeclaration {
  source: SourceId
  /** true for running totals and point-in-time counts; false for per-period figures. */
  lifetime: boolean
  /** The cap is per 30 days and scales with `window_days`. */
  windowScaled: boolean
  /** Default weight in its group; undefined for a metric that is never scored. */
  defaultWeight: number | undefined
}

/** Every number framework-radar collects, by key, in source order; derived from the source declarations. */
export const METRICS = Object.fromEntries(
  SOURCES.flatMap((s) =>
    Object.entries(s.metrics as Record<string, MetricDeclaration>).map(([key, m]) => [
      key,
      {
        ...m,
        source: s.id,
        lifetime: m.unit === 'lifetime' || m.unit === 'now',
        windowScaled: m.unit === 'window',
        defaultWeight: m.weight
      } satisfies MetricInfo
    ])
  )
) as Record<MetricKey, MetricInfo>

export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[]
export type Metrics = Partial<Record<MetricKey, number>>

/** A GitHub repository, in the shape GitHub's REST API takes it ({ owner, repo }). */
export interface RepoRef {
  owner: string
  repo: string
}

/** Facts about a repository that the GitHub source fills in (not scored, shown in the matrix). */
export interface RepoInfo {
  /** owner/name as GitHub reports it now (differs from the config after a rename). */
  nameWithOwner?: string
  /** true when GitHub says the repository does not exist (or is not visible to the token). */
  missing?: boolean
  archived?: boolean
  license?: string
  language?: string
  description?: string
  homepage?: string
  topics?: string[]
  createdAt?: string
  pushedAt?: string
  latestRelease?: { tag: string; name?: string; publishedAt?: string }
  /** The default branch's head commit the contributor count belongs to (unchanged head = same contributors). */
  headOid?: string
  /** What PyPI's JSON API says about the framework's package (src/sources/pypi-json). */
  pypiPackage?: PackageMeta
  /** What the npm registry says about the framework's package (src/sources/npm-registry). */
  npmPackage?: PackageMeta
}

/** Facts a package registry states about the latest version of a package (shown in the criteria matrix). */
export interface PackageMeta {
  name: string
  version: string
  /** ISO time the latest version was published. */
  releasedAt?: string
  /** The license as the package declares it (SPDX expression or name). */
  license?: string
  /** Runtime dependencies of the latest version (PyPI: requires_dist without extras; npm: dependencies). */
  dependencies: number
  /** Operating systems with a wheel (PyPI): Linux, macOS, Windows. */
  platforms?: string[]
  /** CPU architectures with a wheel (PyPI), e.g. x86_64, arm64. */
  architectures?: string[]
  /** Python versions from the classifiers (PyPI), e.g. ["3.10", "3.11"]. */
  pythonVersions?: string[]
  /** PyPI's requires_python, e.g. ">=3.9". */
  requiresPython?: string
}

/** What one source found for one framework. */
export interface SourceValues {
  metrics: Metrics
  /** Metrics whose value is a lower bound (e.g. contributors of a repository too large to list). */
  lowerBounds?: MetricKey[]
  /** Metrics the source could not refresh this run (e.g. the budget ran short): carried forward, marked stale. */
  stale?: MetricKey[]
  info?: RepoInfo
}

export interface SourceFailure {
  source: SourceId
  /** The framework the failure concerns; undefined when the whole source failed. */
  framework?: string
  message: string
}

/** One framework's collected data for this run, after stale values were carried forward. */
export interface FrameworkData {
  name: string
  /** owner/name from the config */
  github: string
  metrics: Metrics
  lowerBounds: MetricKey[]
  /** Metrics carried over from the last snapshot because their source failed this run. */
  stale: MetricKey[]
  info: RepoInfo
}

export interface Ranked extends FrameworkData {
  rank: number
  /** 0–100, one decimal. */
  score: number
  /** 0–100 per group, one decimal; absent when the group had no metric. */
  subScores: Record<string, number>
  /** Points each metric contributed to the score (sum of these = score). */
  contributions: Partial<Record<MetricKey, number>>
  /** The category id, when the config groups frameworks into categories (rank is within it). */
  category?: string
}

export type FrameworkStatus = 'archived' | 'inactive' | 'new' | 'stale' | 'missing'
