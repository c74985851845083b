// The one interface every source implements (the way Renovate's datasources each live in their
// own folder). A source never throws for a single framework: it reports failures and returns
// nothing for that framework rather than wrong numbers; the run carries the last value forward.
import type { FrameworkConfig } from '../config/schema.js'
import type { GitHubClient } from '../github/client.js'
import type { History } from '../history/index.js'
import type { MetricKey, SourceFailure, SourceId, SourceValues } from '../model.js'
import type { SOURCES } from './index.js'

/** Base URLs: GitHub's as the runner gives them, then one per source endpoint (sources/<id>/declaration.ts). */
export type Endpoints = {
  githubApi: string // GITHUB_API_URL, e.g. https://api.github.com or https://ghe.example/api/v3
  githubGraphql: string // GITHUB_GRAPHQL_URL, e.g. https://api.github.com/graphql
} & Record<EndpointName, string>

type EndpointName = Extract<(typeof SOURCES)[number], { endpoint: object }>['endpoint']['name']

export interface Logger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}

/** Counts requests per source and kind, so runs and benchmarks can report the API budget used. */
export class RequestCounter {
  readonly counts = new Map<string, number>()
  graphqlPoints = 0
  add(kind: string, n = 1): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + n)
  }
  total(prefix = ''): number {
    let sum = 0
    for (const [k, v] of this.counts) if (k.startsWith(prefix)) sum += v
    return sum
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)))
  }
}

export interface SourceContext {
  now: Date
  windowDays: number
  endpoints: Endpoints
  token: string
  stackexchangeKey?: string
  log: Logger
  counter: RequestCounter
  /** Base delay for retries in ms (tests and benchmarks lower it). */
  retryBaseMs?: number
  /** Upper bound on any single wait asked by a server (retry-after, backoff), in ms. */
  maxWaitMs?: number
  /** Time limit of one HTTP attempt in ms (default: src/net/settings.ts; tests lower it). */
  requestTimeoutMs?: number
  /** The run's one GitHub client (shared pacing with publishing); sources build one when absent (tests). */
  github?: GitHubClient
  /**
   * The history so far: sources ask only what can have changed since (e.g. contributors per branch
   * head). A promise while the run still reads it: a source awaits it only where it needs it.
   */
  history?: History | Promise<History>
  /** Time limit of one registry source's requests in ms (default: src/net/settings.ts). */
  sourceDeadlineMs?: number
}

export interface SourceOutcome {
  source: SourceId
  /** Values by framework name; a framework the source failed for is absent here and listed in failures. */
  values: Map<string, SourceValues>
  failures: SourceFailure[]
  /** Informational warnings that are not failures (e.g. a renamed repository). */
  notes: string[]
  /** Problems worth a workflow warning that are not failures (a missing repository, a partial refresh). */
  warnings?: string[]
}

export interface Source {
  id: SourceId
  /** The metrics this source provides (to carry them forward when it fails). */
  metrics: readonly MetricKey[]
  appliesTo(framework: FrameworkConfig): boolean
  collect(frameworks: FrameworkConfig[], ctx: SourceContext): Promise<SourceOutcome>
}

/** GitHub refused the token: no source result can help and the next run would fail the same way, so the run stops. */
export class TokenRejectedError extends Error {
  constructor(message = 'HTTP 401 Bad credentials') {
    super(message)
    this.name = 'TokenRejectedError'
  }
}
