// The data that flows through the pipeline: config → sources → rank → history → report → publish.
// Pure types only; no I/O here.

/** Every number framework-radar collects, by key. Keys are stable: they appear in the history file. */
export const METRICS = {
  stars: { source: 'github', label: 'Stars', lifetime: true },
  forks: { source: 'github', label: 'Forks', lifetime: true },
  watchers: { source: 'github', label: 'Watchers', lifetime: true },
  contributors: { source: 'github', label: 'Contributors', lifetime: true },
  commits_window: { source: 'github', label: 'Commits (window)', lifetime: false },
  open_issues: { source: 'github', label: 'Open issues', lifetime: true },
  closed_issues: { source: 'github', label: 'Closed issues', lifetime: true },
  closed_issues_window: { source: 'github', label: 'Issues closed (window)', lifetime: false },
  releases: { source: 'github', label: 'Releases', lifetime: true },
  releases_365d: { source: 'github', label: 'Releases (365 d)', lifetime: false },
  open_prs: { source: 'github', label: 'Open PRs', lifetime: true },
  merged_prs: { source: 'github', label: 'Merged PRs', lifetime: true },
  so_questions: { source: 'stackoverflow', label: 'SO questions', lifetime: true },
  so_questions_window: { source: 'stackoverflow', label: 'SO questions (window)', lifetime: false },
  pypi_downloads_month: { source: 'pypi', label: 'PyPI downloads (last month)', lifetime: false },
  npm_downloads_month: { source: 'npm', label: 'npm downloads (last month)', lifetime: false },
  conda_downloads_total: { source: 'conda', label: 'conda downloads (lifetime)', lifetime: true },
  docker_pulls_total: { source: 'dockerhub', label: 'Docker pulls (lifetime)', lifetime: true },
  citations: { source: 'semanticscholar', label: 'Citations', lifetime: true }
} as const satisfies Record<string, { source: SourceId; label: string; lifetime: boolean }>

export type MetricKey = keyof typeof METRICS
export const METRIC_KEYS = Object.keys(METRICS) as MetricKey[]
export type Metrics = Partial<Record<MetricKey, number>>

export const SOURCE_IDS = ['github', 'stackoverflow', 'pypi', 'npm', 'conda', 'dockerhub', 'semanticscholar'] as const
export type SourceId = (typeof SOURCE_IDS)[number]

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
