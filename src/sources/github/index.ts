// The GitHub source: one GraphQL document per batch of up to 50 repositories (query.ts), validated
// with zod (schema.ts), then one small REST request per repository for its contributor count
// (contributors.ts) — only when the default branch moved since the last snapshot. Batches and counts
// share one pool, so the next batch does not wait for the last batch's counts. Batches halve when
// GitHub finds a document too expensive; the budgets are read as the run goes, so a run stops cleanly
// before GraphQL runs dry, and counts the REST budget cannot pay for (keeping enough for publishing)
// are carried forward, oldest refreshed first, and said so.
import type { FrameworkConfig } from '../../config/schema.js'
import { GRAPHQL_TIMEOUT_MESSAGE, type GitHubClient as Octokit } from '../../github/client.js'
import { entryOf, freshAsOf, previousSnapshot, type History, type SnapshotEntry } from '../../history/index.js'
import type { MetricKey, Metrics, RepoInfo, SourceFailure, SourceValues } from '../../model.js'
import { sourceFrom } from '../declare.js'
import { chunk } from '../outcome.js'
import { TokenRejectedError, type Source, type SourceContext, type SourceOutcome } from '../types.js'
import { countContributors, Pool, type ContributorCount } from './contributors.js'
import { github } from './declaration.js'
import { answerOf, createClient, errorText, isTimeout, type GitHubAnswer } from './http.js'
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

export interface GitHubSourceOptions {
  /** Repositories per GraphQL document (1–50). */
  batchSize?: number
  /** Requests of this source in flight at once (the client's pacing bounds the whole run as well). */
  concurrency?: number
  /** Injected client (tests); by default ctx.github, or one built from ctx.token and ctx.endpoints. */
  octokit?: Octokit
}

export const githubSource: Source = sourceFrom(github, (frameworks, ctx) => collectGitHub(frameworks, ctx))

const DAY_MS = 86_400_000
// GitHub's answers for documents that ask too much: halve the batch and try again.
const TOO_BIG_TYPES = new Set(['RESOURCE_LIMITS_EXCEEDED', 'MAX_NODE_LIMIT_EXCEEDED'])
/**
 * GraphQL documents in flight at once. Two keep the next batch ready while the counts of the last go;
 * more would hold back the counts, and at 1,000 frameworks the REST points are what the run waits for
 * (the earlier the first 900 go, the earlier the window lets the rest go).
 */
const DOCUMENTS_AT_ONCE = 2
/**
 * REST requests kept for publishing: reading the base and the bot branch (~6) and the writes of one
 * pull request (tree, commit, ref, PR, labels, reviewers, assignees, ~8), with room for retries.
 */
export const PUBLISH_RESERVE = 20

type BatchResult =
  | { kind: 'ok'; data: Record<string, unknown>; errors: GraphqlError[]; rateLimit?: RateLimit }
  | { kind: 'split'; reason: string }
  | { kind: 'failed'; message: string }
  | { kind: 'exhausted'; message: string }

interface Found {
  fw: FrameworkConfig
  repo: RepositoryData
  closedInWindow?: number
}

/** A repository whose GraphQL part is complete: only its contributor count is left to decide. */
type Complete = Found & { closedInWindow: number }

interface Run {
  ctx: SourceContext
  octokit: Octokit
  since: Date
  pool: Pool
  /** GraphQL documents in flight at once: the rest of the pool stays free for the counts they unlock. */
  documents: Pool
  /** The history so far, once read (the run may still be reading it when the first batch goes). */
  history: Promise<History | undefined>
  /** The snapshot the last run wrote (contributor counts and branch heads to compare with); null: none. */
  last?: { date: string; entry: (name: string) => SnapshotEntry | undefined } | null
  graphqlRemaining?: number
  graphqlResetAt?: string
  /** GraphQL points the documents in flight are estimated to cost. */
  graphqlReserved: number
  stopped?: string
  /** Frameworks whose contributor count is not decided yet (counted, carried or deferred). */
  undecided: number
  countsInFlight: number
  counting: Promise<void>[]
  /** The REST budget cannot pay for every count: the rest is counted oldest-first at the end. */
  short: boolean
  deferred: Complete[]
  values: Map<string, SourceValues>
  failures: Map<string, string>
  notes: Map<string, string>
  warnings: string[]
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
    since: new Date(ctx.now.getTime() - ctx.windowDays * DAY_MS),
    pool: new Pool(options.concurrency ?? 10),
    documents: new Pool(DOCUMENTS_AT_ONCE),
    history: Promise.resolve(ctx.history),
    graphqlReserved: 0,
    undecided: frameworks.length,
    countsInFlight: 0,
    counting: [],
    short: false,
    deferred: [],
    values: new Map(),
    failures: new Map(),
    notes: new Map(),
    warnings: []
  }
  const batches = chunk(frameworks, batchSize)
  // The first document tells the GraphQL budget; the others then go together (the pool and the pace
  // hook bound them) and are settled in config order, so what a short REST budget pays for never
  // depends on which answer came first.
  const first = batches.length > 0 ? fetchBatch(run, batches[0]) : Promise.resolve([])
  const fetched = [first, ...batches.slice(1).map((batch) => first.then(() => fetchBatch(run, batch)))]
  for (const leaves of fetched) leaves.catch(() => {}) // the loop below awaits each, in order
  for (const leaves of fetched) for (const leaf of await leaves) await settle(run, leaf)
  await Promise.all(run.counting)
  await countDeferred(run)
  return outcomeOf(run, frameworks)
}

/** A batch as GitHub answered it (after any halving). */
interface Leaf {
  batch: FrameworkConfig[]
  result: Exclude<BatchResult, { kind: 'split' }>
}

/**
 * Fetches one batch's document, halving it while GitHub asks for less; the answers in config order.
 * A document in flight reserves its estimated GraphQL cost, so batches sent together stay in budget.
 */
async function fetchBatch(run: Run, batch: FrameworkConfig[]): Promise<Leaf[]> {
  const cost = estimateCost(batch.length)
  const shortage = run.stopped ?? budgetShortage(run, cost)
  if (shortage) {
    run.stopped = shortage
    return [{ batch, result: { kind: 'failed', message: shortage } }]
  }
  const doc = buildBatchDocument(
    batch.map((fw) => splitSlug(fw.github)),
    run.since
  )
  run.graphqlReserved += cost
  // Batches go first in the pool: the counts they unlock keep it busy meanwhile.
  const result = await run.documents
    .run(() => run.pool.run(() => runDocument(run, doc, batch.length > 1), true))
    .finally(() => {
      run.graphqlReserved -= cost
    })
  if (result.kind === 'exhausted') run.stopped = result.message
  if (result.kind !== 'split') return [{ batch, result }]
  const half = Math.ceil(batch.length / 2)
  run.ctx.log.debug(`GitHub: ${result.reason}; retrying ${batch.length} repositories in batches of ${half}`)
  const halves = await Promise.all([fetchBatch(run, batch.slice(0, half)), fetchBatch(run, batch.slice(half))])
  return halves.flat()
}

/** Takes one answered batch into the run: its failures, or its values and contributor decisions. */
async function settle(run: Run, { batch, result }: Leaf): Promise<void> {
  if (result.kind !== 'ok') {
    for (const fw of batch) run.failures.set(fw.name, result.message)
    run.undecided -= batch.length
    return
  }
  if (run.last === undefined) run.last = await lastSnapshot(run)
  await finishBatch(run, batch, result)
}

/** The snapshot before today's, once the history is read; null when there is none. */
async function lastSnapshot(run: Run): Promise<Run['last']> {
  const history = await run.history
  const last = history ? previousSnapshot(history, run.ctx.now.toISOString().slice(0, 10)) : undefined
  return last ? { date: last.date, entry: (name) => entryOf(last, name) } : null
}

/** Values, failures and notes in config order, whatever order the batches finished in. */
function outcomeOf(run: Run, frameworks: FrameworkConfig[]): SourceOutcome {
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
  return { source: 'github', values, failures, notes, warnings: run.warnings }
}

/** A message when the known GraphQL budget (less the documents in flight) cannot pay for the next batch. */
function budgetShortage(run: Run, graphqlCost: number): string | undefined {
  if (run.graphqlRemaining === undefined) return undefined
  const left = run.graphqlRemaining - run.graphqlReserved
  if (left < graphqlCost) {
    // what is free once the documents in flight are paid for; never a negative "left"
    return (
      `GitHub API budget exhausted: ${Math.max(0, left)} GraphQL points left (the next batch needs ` +
      `${graphqlCost}), resets at ${run.graphqlResetAt ?? 'an unknown time'}`
    )
  }
  return undefined
}

/** REST requests the core budget still pays for beyond what publishing needs; undefined = not known yet. */
function restAllowance(run: Run): number | undefined {
  const core = run.octokit.pacer.budgets.get('core')
  if (!core) return undefined
  return core.remaining - PUBLISH_RESERVE - run.countsInFlight
}

async function finishBatch(
  run: Run,
  batch: FrameworkConfig[],
  result: Extract<BatchResult, { kind: 'ok' }>
): Promise<void> {
  const found: Found[] = []
  batch.forEach((fw, i) => {
    const alias = repoAlias(i)
    const errors = result.errors.filter((e) => e.path?.[0] === alias || e.path?.[0] === searchAlias(i))
    const raw = result.data[alias]
    if (raw === null || raw === undefined) {
      if (errors.some((e) => e.type === 'NOT_FOUND')) {
        // A value, not a failure: the framework stays in the report, flagged.
        // main.ts warns about it (grouped when there are many); a note as well would say it twice.
        run.values.set(fw.name, { metrics: {}, info: { nameWithOwner: fw.github, missing: true } })
      } else {
        run.failures.set(fw.name, `GitHub: ${errors[0]?.message ?? 'no data for the repository'}`)
      }
      return
    }
    const repo = repositorySchema.safeParse(raw)
    if (!repo.success) {
      run.failures.set(
        fw.name,
        `GitHub: unexpected answer for ${fw.github}: ${repo.error.issues[0]?.path.join('.')} ` +
          `${repo.error.issues[0]?.message}`
      )
      return
    }
    const search = searchSchema.safeParse(result.data[searchAlias(i)])
    found.push({ fw, repo: repo.data, closedInWindow: search.success ? search.data.issueCount : undefined })
  })
  run.undecided -= batch.length - found.length

  // The search named the configured repository; after a rename it must name the new one.
  const renamed = found.filter((f) => f.repo.nameWithOwner.toLowerCase() !== f.fw.github.toLowerCase())
  for (const f of renamed) {
    run.notes.set(
      f.fw.name,
      `${f.fw.name}: GitHub repository ${f.fw.github} was renamed to ${f.repo.nameWithOwner}; update its github key ` +
        `in the config`
    )
  }
  const researched = found.filter((f) => renamed.includes(f) || f.closedInWindow === undefined)
  if (researched.length > 0) await searchAgain(run, researched)
  for (const f of found) await decideCount(run, f)
}

/** Counts, carries (branch head unchanged) or defers (REST budget short) one repository's contributors. */
async function decideCount(run: Run, found: Found): Promise<void> {
  run.undecided--
  if (found.closedInWindow === undefined) {
    run.failures.set(found.fw.name, `GitHub: no count of issues closed in the window for ${found.repo.nameWithOwner}`)
    return
  }
  const f: Complete = { ...found, closedInWindow: found.closedInWindow }
  const prev = run.last?.entry(f.fw.name)
  const head = headOf(f.repo)
  if (head !== undefined && prev?.info.headOid === head && typeof prev.metrics.contributors === 'number') {
    // Nothing was committed since the last count: the contributors are the same, and fresh.
    const count = { count: prev.metrics.contributors, lowerBound: prev.lowerBounds?.includes('contributors') ?? false }
    run.values.set(f.fw.name, toValues(f.repo, f.closedInWindow, count, run.ctx.now))
    return
  }
  // Until a REST answer says what the budget is, one count at a time finds out.
  if (restAllowance(run) === undefined && run.counting.length > 0) await Promise.all(run.counting)
  const allowance = restAllowance(run)
  if (run.short || (allowance !== undefined && allowance < run.undecided + 1)) {
    run.short = true
    run.deferred.push(f)
    return
  }
  run.counting.push(countInPool(run, f))
}

function countInPool(run: Run, f: Complete): Promise<void> {
  run.countsInFlight++
  return run.pool.run(async () => {
    try {
      const count = await countContributors(run.octokit, f.repo.nameWithOwner, () => run.ctx.counter.add('github:rest'))
      run.values.set(f.fw.name, toValues(f.repo, f.closedInWindow, count, run.ctx.now))
    } catch (error) {
      run.failures.set(f.fw.name, `GitHub: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      run.countsInFlight--
    }
  })
}

/**
 * The REST budget did not cover every count: the oldest counts are refreshed with what is left, the
 * others keep their last value, marked stale with the date it is from, and a warning says so.
 */
async function countDeferred(run: Run): Promise<void> {
  if (run.deferred.length === 0) return
  const history = await run.history
  const asOf = (f: Complete) => (history && freshAsOf(history, f.fw.name, 'contributors', run.ctx.now)) ?? ''
  const ordered = [...run.deferred].sort((a, b) => asOf(a).localeCompare(asOf(b)) || a.fw.name.localeCompare(b.fw.name))
  const allowance = Math.max(0, restAllowance(run) ?? 0)
  const refreshed = ordered.slice(0, allowance)
  await Promise.all(refreshed.map((f) => countInPool(run, f)))
  const carried = ordered.slice(allowance)
  if (carried.length === 0) return
  for (const f of carried) {
    const values = toValues(f.repo, f.closedInWindow, { count: 0, lowerBound: false }, run.ctx.now)
    delete values.metrics.contributors
    // The head stays the one the carried count belongs to, so the next run counts it again.
    const prevHead = run.last?.entry(f.fw.name)?.info.headOid
    if (values.info) {
      if (prevHead) values.info.headOid = prevHead
      else delete values.info.headOid
    }
    run.values.set(f.fw.name, {
      ...values,
      lowerBounds: values.lowerBounds?.filter((m) => m !== 'contributors'),
      stale: ['contributors']
    })
  }
  const core = run.octokit.pacer.budgets.get('core')
  const resetAt = core ? new Date(core.resetAtMs).toISOString() : 'an unknown time'
  const list = carried.map((f) => `${f.fw.name} (${asOf(f) || 'never counted'})`)
  run.warnings.push(
    `GitHub REST budget too small to refresh every contributor count (${core?.remaining ?? 0} requests left, ` +
      `${PUBLISH_RESERVE} kept for publishing, resets at ${resetAt}): ` +
      `refreshed ${refreshed.length} of ${ordered.length} oldest first; ${carried.length} carried forward from ` +
      `their last count, marked stale: ${list.join(', ')}. The next runs complete the refresh.`
  )
}

function headOf(repo: RepositoryData): string | undefined {
  return repo.defaultBranchRef?.target?.oid ?? undefined
}

/** Re-runs the closed-issues search under the repositories' current names (one small document). */
async function searchAgain(
  run: Run,
  items: Array<{ fw: FrameworkConfig; repo: RepositoryData; closedInWindow?: number }>
): Promise<void> {
  for (let start = 0; start < items.length; start += MAX_BATCH) {
    const chunk = items.slice(start, start + MAX_BATCH)
    for (const item of chunk) item.closedInWindow = undefined
    if (budgetShortage(run, estimateCost(chunk.length, { repositories: false }))) continue
    const doc = buildBatchDocument(
      chunk.map((f) => splitSlug(f.repo.nameWithOwner)),
      run.since,
      { repositories: false }
    )
    const result = await run.pool.run(() => runDocument(run, doc, false), true)
    if (result.kind !== 'ok') continue
    chunk.forEach((item, i) => {
      const search = searchSchema.safeParse(result.data[searchAlias(i)])
      if (search.success) item.closedInWindow = search.data.issueCount
    })
  }
}

/**
 * Sends one document. The client retries what is transient, except, for a document that can still be
 * halved, the answers that ask for less (asksForLess): a 502, a timeout or RESOURCE_LIMITS_EXCEEDED on
 * a big document asks for a smaller one, not for the same one three more times.
 */
async function runDocument(run: Run, doc: BatchDocument, canSplit: boolean): Promise<BatchResult> {
  const { ctx } = run
  let data: unknown
  try {
    ;({ data } = await run.octokit.request('POST /graphql', {
      url: ctx.endpoints.githubGraphql,
      query: doc.query,
      variables: doc.variables,
      request: { onAttempt: () => ctx.counter.add('github:graphql'), noRetry: canSplit ? asksForLess : undefined }
    }))
  } catch (error) {
    return failedDocument(error, canSplit)
  }
  const body = responseSchema.safeParse(data)
  if (!body.success) return { kind: 'failed', message: 'GitHub GraphQL: unexpected answer (not a GraphQL response)' }
  const errors = body.data.errors ?? []
  const tooBig = busyError(errors)
  // A document over the node limit never gets smaller by retrying it: halve it, or give up.
  if (tooBig && canSplit) return { kind: 'split', reason: tooBig.type ?? tooBig.message }
  if (tooBig) return { kind: 'failed', message: `GitHub GraphQL: ${tooBig.message}` }
  const result = body.data.data
  if (!result) return { kind: 'failed', message: `GitHub GraphQL: ${errors[0]?.message ?? 'no data'}` }
  const rateLimit = rateLimitSchema.safeParse(result.rateLimit)
  if (rateLimit.success) {
    ctx.counter.graphqlPoints += rateLimit.data.cost
    // Answers come in any order: within one reset period the budget only goes down.
    const leftThisHour = run.graphqlResetAt === rateLimit.data.resetAt ? run.graphqlRemaining : undefined
    run.graphqlRemaining =
      leftThisHour === undefined ? rateLimit.data.remaining : Math.min(rateLimit.data.remaining, leftThisHour)
    run.graphqlResetAt = rateLimit.data.resetAt
  }
  return { kind: 'ok', data: result, errors, rateLimit: rateLimit.success ? rateLimit.data : undefined }
}

/** Why GitHub wants a smaller document, or undefined when `error` says nothing of the kind. */
function lessAskedFor(error: unknown): string | undefined {
  const answer = answerOf(error)
  const busy = busyError(graphqlErrorsOf(answer))
  if (busy) return busy.type ?? busy.message
  if (answer?.status === 502 || answer?.status === 504) return `HTTP ${answer.status}`
  if (!answer && isTimeout(error)) return errorText(error)
  return undefined
}

const asksForLess = (error: unknown) => lessAskedFor(error) !== undefined

function busyError(errors: GraphqlError[]): GraphqlError | undefined {
  return errors.find(
    (e) => (e.type !== undefined && TOO_BIG_TYPES.has(e.type)) || GRAPHQL_TIMEOUT_MESSAGE.test(e.message)
  )
}

/** What a document that did not come back (after the client's retries) means for the batch. */
function failedDocument(error: unknown, canSplit: boolean): BatchResult {
  const answer = answerOf(error)
  if (answer?.status === 401) throw new TokenRejectedError()
  const graphqlErrors = graphqlErrorsOf(answer)
  const busy = busyError(graphqlErrors)
  const reason = lessAskedFor(error)
  if (canSplit && reason !== undefined) return { kind: 'split', reason }
  if (graphqlErrors.some((e) => e.type === 'RATE_LIMITED')) return exhausted(answer, errorText(error))
  if (busy) return { kind: 'failed', message: `GitHub GraphQL: ${busy.message}` }
  return { kind: 'failed', message: `GitHub GraphQL: ${errorText(error)}` }
}

function graphqlErrorsOf(answer: GitHubAnswer | undefined): GraphqlError[] {
  const parsed = responseSchema.safeParse(answer?.data)
  return parsed.success ? (parsed.data.errors ?? []) : []
}

/** GitHub's GraphQL budget ran out (RATE_LIMITED) and the client would not wait for the reset. */
function exhausted(answer: GitHubAnswer | undefined, why: string): BatchResult {
  const remaining = answer?.headers['x-ratelimit-remaining'] ?? '0'
  const reset = answer?.headers['x-ratelimit-reset']
  const resetAt = reset && /^\d+$/.test(reset) ? new Date(Number(reset) * 1000).toISOString() : 'an unknown time'
  return {
    kind: 'exhausted',
    message: `GitHub API budget exhausted: ${remaining} GraphQL points left, resets at ${resetAt} (${why})`
  }
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
  const head = headOf(repo)
  if (head) info.headOid = head
  if (repo.latestRelease) {
    info.latestRelease = { tag: repo.latestRelease.tagName }
    if (repo.latestRelease.name) info.latestRelease.name = repo.latestRelease.name
    if (repo.latestRelease.publishedAt) info.latestRelease.publishedAt = repo.latestRelease.publishedAt
  }
  return info
}
