// The GitHub source: one GraphQL document per batch of up to 50 repositories (query.ts), validated
// with zod (schema.ts), then one small REST request per repository for its contributor count
// (contributors.ts). Batches halve when GitHub finds a document too expensive; the GraphQL budget is
// read after every batch so a run stops cleanly, with a clear message, before it runs dry.
import type { Octokit } from 'octokit'
import type { FrameworkConfig } from '../../config/schema.js'
import type { MetricKey, Metrics, RepoInfo, SourceFailure, SourceValues } from '../../model.js'
import { TokenRejectedError, type Source, type SourceContext, type SourceOutcome } from '../types.js'
import { countContributors, mapPool, type ContributorCount } from './contributors.js'
import {
  createClient,
  HttpFailure,
  isTransient,
  retryPolicy,
  send,
  waitBeforeRetry,
  type HttpResponse,
  type RetryPolicy
} from './http.js'
import {
  buildBatchDocument,
  estimateCost,
  MAX_BATCH,
  RECENT_RELEASES,
  repoAlias,
  searchAlias,
  splitSlug,
  type BatchDocument
} from './query.js'
import {
  repositorySchema,
  responseSchema,
  rateLimitSchema,
  searchSchema,
  type GraphqlError,
  type RateLimit,
  type RepositoryData
} from './schema.js'

export const GITHUB_METRICS = [
  'stars',
  'forks',
  'watchers',
  'contributors',
  'commits_window',
  'open_issues',
  'closed_issues',
  'closed_issues_window',
  'releases',
  'releases_365d',
  'open_prs',
  'merged_prs'
] as const satisfies readonly MetricKey[]

export interface GitHubSourceOptions {
  /** Repositories per GraphQL document (1–50). */
  batchSize?: number
  /** Contributor requests in flight at once. */
  concurrency?: number
  /** Injected client (tests); by default one is built from ctx.token and ctx.endpoints. */
  octokit?: Octokit
}

export const githubSource: Source = {
  id: 'github',
  metrics: GITHUB_METRICS,
  appliesTo: () => true,
  collect: (frameworks, ctx) => collectGitHub(frameworks, ctx)
}

const DAY_MS = 86_400_000
// GitHub's answers for documents that ask too much: halve the batch and try again.
const TOO_BIG_TYPES = new Set(['RESOURCE_LIMITS_EXCEEDED', 'MAX_NODE_LIMIT_EXCEEDED'])
const GITHUB_TIMEOUT_MESSAGE = /Something went wrong while executing your query/i

type BatchResult =
  | { kind: 'ok'; data: Record<string, unknown>; errors: GraphqlError[]; rateLimit?: RateLimit }
  | { kind: 'split'; reason: string }
  | { kind: 'failed'; message: string }
  | { kind: 'exhausted'; message: string }

interface Run {
  ctx: SourceContext
  octokit: Octokit
  policy: RetryPolicy
  since: Date
  graphqlRemaining?: number
  graphqlResetAt?: string
  restRemaining?: number
  restResetAt?: string
  stopped?: string
  values: Map<string, SourceValues>
  failures: Map<string, string>
  notes: Map<string, string>
}

export async function collectGitHub(
  frameworks: FrameworkConfig[],
  ctx: SourceContext,
  options: GitHubSourceOptions = {}
): Promise<SourceOutcome> {
  const batchSize = Math.min(MAX_BATCH, Math.max(1, options.batchSize ?? MAX_BATCH))
  const run: Run = {
    ctx,
    octokit: options.octokit ?? createClient(ctx),
    policy: retryPolicy(ctx),
    since: new Date(ctx.now.getTime() - ctx.windowDays * DAY_MS),
    values: new Map(),
    failures: new Map(),
    notes: new Map()
  }
  const queue: FrameworkConfig[][] = []
  for (let i = 0; i < frameworks.length; i += batchSize) queue.push(frameworks.slice(i, i + batchSize))

  while (queue.length > 0) {
    const batch = queue.shift()!
    const shortage = run.stopped ?? budgetShortage(run, estimateCost(batch.length), batch.length)
    if (shortage) {
      run.stopped = shortage
      for (const fw of batch) run.failures.set(fw.name, shortage)
      continue
    }
    const result = await runDocument(
      run,
      buildBatchDocument(
        batch.map((fw) => splitSlug(fw.github)),
        run.since
      ),
      batch.length > 1
    )
    if (result.kind === 'split') {
      const half = Math.ceil(batch.length / 2)
      ctx.log.debug(`GitHub: ${result.reason}; retrying ${batch.length} repositories in batches of ${half}`)
      queue.unshift(batch.slice(0, half), batch.slice(half))
      continue
    }
    if (result.kind !== 'ok') {
      if (result.kind === 'exhausted') run.stopped = result.message
      for (const fw of batch) run.failures.set(fw.name, result.message)
      continue
    }
    await finishBatch(run, batch, result)
  }

  // Report in config order, whatever order the batches finished in.
  const values = new Map<string, SourceValues>()
  const failures: SourceFailure[] = []
  const notes: string[] = []
  for (const fw of frameworks) {
    const failure = run.failures.get(fw.name)
    const value = run.values.get(fw.name)
    if (failure !== undefined) failures.push({ source: 'github', framework: fw.name, message: failure })
    else if (value) values.set(fw.name, value)
    const note = run.notes.get(fw.name)
    if (note !== undefined) notes.push(note)
  }
  return { source: 'github', values, failures, notes }
}

/** A message when the known budget cannot pay for the next batch, else undefined. */
function budgetShortage(run: Run, graphqlCost: number, restRequests: number): string | undefined {
  if (run.graphqlRemaining !== undefined && run.graphqlRemaining < graphqlCost) {
    return `GitHub API budget exhausted: ${run.graphqlRemaining} GraphQL points left (the next batch needs ${graphqlCost}), resets at ${run.graphqlResetAt ?? 'an unknown time'}`
  }
  // Contributor counts are REST requests, paid from the separate REST (core) budget.
  if (run.restRemaining !== undefined && run.restRemaining < restRequests) {
    return `GitHub API budget exhausted: ${run.restRemaining} REST requests left (the next batch needs ${restRequests}), resets at ${run.restResetAt ?? 'an unknown time'}`
  }
  return undefined
}

async function finishBatch(
  run: Run,
  batch: FrameworkConfig[],
  result: Extract<BatchResult, { kind: 'ok' }>
): Promise<void> {
  const found: Array<{ fw: FrameworkConfig; repo: RepositoryData; closedInWindow?: number }> = []
  batch.forEach((fw, i) => {
    const alias = repoAlias(i)
    const errors = result.errors.filter((e) => e.path?.[0] === alias || e.path?.[0] === searchAlias(i))
    const raw = result.data[alias]
    if (raw === null || raw === undefined) {
      if (errors.some((e) => e.type === 'NOT_FOUND')) {
        // A value, not a failure: the framework stays in the report, flagged.
        run.values.set(fw.name, { metrics: {}, info: { nameWithOwner: fw.github, missing: true } })
        run.notes.set(
          fw.name,
          `${fw.name}: GitHub repository ${fw.github} does not exist or is not visible to the token`
        )
      } else {
        run.failures.set(fw.name, `GitHub: ${errors[0]?.message ?? 'no data for the repository'}`)
      }
      return
    }
    const repo = repositorySchema.safeParse(raw)
    if (!repo.success) {
      run.failures.set(
        fw.name,
        `GitHub: unexpected answer for ${fw.github}: ${repo.error.issues[0]?.path.join('.')} ${repo.error.issues[0]?.message}`
      )
      return
    }
    const search = searchSchema.safeParse(result.data[searchAlias(i)])
    found.push({ fw, repo: repo.data, closedInWindow: search.success ? search.data.issueCount : undefined })
  })

  // The search named the configured repository; after a rename it must name the new one.
  const renamed = found.filter((f) => f.repo.nameWithOwner.toLowerCase() !== f.fw.github.toLowerCase())
  for (const f of renamed) {
    run.notes.set(
      f.fw.name,
      `${f.fw.name}: GitHub repository ${f.fw.github} was renamed to ${f.repo.nameWithOwner}; update its github key in the config`
    )
  }
  const researched = found.filter((f) => renamed.includes(f) || f.closedInWindow === undefined)
  if (researched.length > 0) await searchAgain(run, researched)

  const contributors = await mapPool(found, 8, async (f): Promise<ContributorCount | Error> => {
    try {
      return await countContributors(
        run.octokit,
        run.ctx.endpoints.githubApi,
        f.repo.nameWithOwner,
        run.policy,
        () => run.ctx.counter.add('github:rest'),
        (headers) => noteRestBudget(run, headers)
      )
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error))
    }
  })

  found.forEach((f, i) => {
    const count = contributors[i]
    if (count instanceof Error) run.failures.set(f.fw.name, `GitHub: ${count.message}`)
    else if (f.closedInWindow === undefined)
      run.failures.set(f.fw.name, `GitHub: no count of issues closed in the window for ${f.repo.nameWithOwner}`)
    else run.values.set(f.fw.name, toValues(f.repo, f.closedInWindow, count, run.ctx.now))
  })
}

/** Re-runs the closed-issues search under the repositories' current names (one small document). */
async function searchAgain(
  run: Run,
  items: Array<{ fw: FrameworkConfig; repo: RepositoryData; closedInWindow?: number }>
): Promise<void> {
  for (let start = 0; start < items.length; start += MAX_BATCH) {
    const chunk = items.slice(start, start + MAX_BATCH)
    for (const item of chunk) item.closedInWindow = undefined
    if (budgetShortage(run, estimateCost(chunk.length, { repositories: false }), 0)) continue
    const doc = buildBatchDocument(
      chunk.map((f) => splitSlug(f.repo.nameWithOwner)),
      run.since,
      { repositories: false }
    )
    const result = await runDocument(run, doc, false)
    if (result.kind !== 'ok') continue
    chunk.forEach((item, i) => {
      const search = searchSchema.safeParse(result.data[searchAlias(i)])
      if (search.success) item.closedInWindow = search.data.issueCount
    })
  }
}

function noteRestBudget(run: Run, headers: HttpResponse['headers']): void {
  const remaining = headers['x-ratelimit-remaining']
  if (remaining === undefined || !/^\d+$/.test(remaining)) return
  if (run.restRemaining === undefined || Number(remaining) < run.restRemaining) {
    run.restRemaining = Number(remaining)
    const reset = headers['x-ratelimit-reset']
    if (reset && /^\d+$/.test(reset)) run.restResetAt = new Date(Number(reset) * 1000).toISOString()
  }
}

/** Sends one document, retrying what is transient; `canSplit` says whether halving is possible. */
async function runDocument(run: Run, doc: BatchDocument, canSplit: boolean): Promise<BatchResult> {
  const { ctx, policy } = run
  for (let attempt = 1; ; attempt++) {
    const lastAttempt = attempt >= policy.attempts
    let response: HttpResponse
    try {
      ctx.counter.add('github:graphql')
      response = await send(
        run.octokit,
        { method: 'POST', url: ctx.endpoints.githubGraphql, body: doc },
        policy.timeoutMs
      )
    } catch (error) {
      const failure = error instanceof HttpFailure ? error : new HttpFailure(String(error), 'network')
      if (failure.kind === 'timeout' && canSplit) return { kind: 'split', reason: failure.message }
      if (lastAttempt) return { kind: 'failed', message: `GitHub GraphQL: ${failure.message}` }
      const waited = await waitOrGiveUp(policy, attempt)
      if (waited) return { kind: 'failed', message: `GitHub GraphQL: ${waited}` }
      continue
    }

    if (response.status === 401) throw new TokenRejectedError()
    if ((response.status === 502 || response.status === 504) && canSplit)
      return { kind: 'split', reason: `HTTP ${response.status}` }
    if (response.status !== 200) {
      if (!isTransient(response) || lastAttempt)
        return { kind: 'failed', message: `GitHub GraphQL: HTTP ${response.status}${messageSuffix(response.data)}` }
      const waited = await waitOrGiveUp(policy, attempt, response.headers)
      if (waited) return { kind: 'failed', message: `GitHub GraphQL: ${waited}` }
      continue
    }

    const body = responseSchema.safeParse(response.data)
    if (!body.success) return { kind: 'failed', message: 'GitHub GraphQL: unexpected answer (not a GraphQL response)' }
    const errors = body.data.errors ?? []
    const tooBig = errors.find(
      (e) => (e.type !== undefined && TOO_BIG_TYPES.has(e.type)) || GITHUB_TIMEOUT_MESSAGE.test(e.message)
    )
    if (tooBig) {
      if (canSplit) return { kind: 'split', reason: tooBig.type ?? tooBig.message }
      // A document over the node limit never gets smaller; RESOURCE_LIMITS_EXCEEDED is also what GitHub
      // answers when it is busy, so a document that cannot be split is retried like a 502.
      if (tooBig.type === 'MAX_NODE_LIMIT_EXCEEDED')
        return { kind: 'failed', message: `GitHub GraphQL: ${tooBig.message}` }
      if (lastAttempt) return { kind: 'failed', message: `GitHub GraphQL: ${tooBig.message}` }
      const waited = await waitOrGiveUp(policy, attempt)
      if (waited) return { kind: 'failed', message: `GitHub GraphQL: ${waited}` }
      continue
    }
    if (errors.some((e) => e.type === 'RATE_LIMITED')) {
      const waited = lastAttempt
        ? 'still rate limited after retries'
        : await waitOrGiveUp(policy, attempt, response.headers)
      if (waited) {
        const remaining = response.headers['x-ratelimit-remaining'] ?? '0'
        const reset = response.headers['x-ratelimit-reset']
        const resetAt = reset && /^\d+$/.test(reset) ? new Date(Number(reset) * 1000).toISOString() : 'an unknown time'
        return {
          kind: 'exhausted',
          message: `GitHub API budget exhausted: ${remaining} GraphQL points left, resets at ${resetAt} (${waited})`
        }
      }
      continue
    }
    const data = body.data.data
    if (!data) return { kind: 'failed', message: `GitHub GraphQL: ${errors[0]?.message ?? 'no data'}` }
    const rateLimit = rateLimitSchema.safeParse(data.rateLimit)
    if (rateLimit.success) {
      ctx.counter.graphqlPoints += rateLimit.data.cost
      run.graphqlRemaining = rateLimit.data.remaining
      run.graphqlResetAt = rateLimit.data.resetAt
    }
    return { kind: 'ok', data, errors, rateLimit: rateLimit.success ? rateLimit.data : undefined }
  }
}

/** Waits before the next attempt; returns a reason when the wait asked for is too long. */
async function waitOrGiveUp(
  policy: RetryPolicy,
  attempt: number,
  headers?: HttpResponse['headers']
): Promise<string | undefined> {
  try {
    await waitBeforeRetry(policy, attempt, headers)
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

function messageSuffix(data: unknown): string {
  const message = typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : undefined
  return typeof message === 'string' && message !== '' ? ` (${message})` : ''
}

export function toValues(
  repo: RepositoryData,
  closedInWindow: number,
  contributors: ContributorCount,
  now: Date
): SourceValues {
  const yearAgo = now.getTime() - 365 * DAY_MS
  const published = repo.releases.nodes.map((n) => n?.publishedAt).filter((d): d is string => typeof d === 'string')
  const recent = published.filter((d) => Date.parse(d) >= yearAgo).length
  const metrics: Metrics = {
    stars: repo.stargazerCount,
    forks: repo.forkCount,
    watchers: repo.watchers.totalCount,
    contributors: contributors.count,
    commits_window: repo.defaultBranchRef?.target?.history?.totalCount ?? 0,
    open_issues: repo.openIssues.totalCount,
    closed_issues: repo.closedIssues.totalCount,
    closed_issues_window: closedInWindow,
    releases: repo.releases.totalCount,
    releases_365d: recent,
    open_prs: repo.openPullRequests.totalCount,
    merged_prs: repo.mergedPullRequests.totalCount
  }
  const lowerBounds: MetricKey[] = []
  if (contributors.lowerBound) lowerBounds.push('contributors')
  // Every fetched release is from the last year: there may be more than we fetched.
  if (recent >= RECENT_RELEASES && repo.releases.totalCount > recent) lowerBounds.push('releases_365d')
  return { metrics, ...(lowerBounds.length > 0 ? { lowerBounds } : {}), info: toInfo(repo) }
}

export function toInfo(repo: RepositoryData): RepoInfo {
  const info: RepoInfo = { nameWithOwner: repo.nameWithOwner, archived: repo.isArchived }
  const license = repo.licenseInfo
  if (license) info.license = license.spdxId && license.spdxId !== 'NOASSERTION' ? license.spdxId : license.name
  if (repo.primaryLanguage) info.language = repo.primaryLanguage.name
  if (repo.description) info.description = repo.description
  if (repo.homepageUrl) info.homepage = repo.homepageUrl
  const topics = repo.repositoryTopics.nodes.flatMap((n) => (n ? [n.topic.name] : []))
  if (topics.length > 0) info.topics = topics
  info.createdAt = repo.createdAt
  if (repo.pushedAt) info.pushedAt = repo.pushedAt
  if (repo.latestRelease) {
    info.latestRelease = { tag: repo.latestRelease.tagName }
    if (repo.latestRelease.name) info.latestRelease.name = repo.latestRelease.name
    if (repo.latestRelease.publishedAt) info.latestRelease.publishedAt = repo.latestRelease.publishedAt
  }
  return info
}
