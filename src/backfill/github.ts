// Backfill from GitHub through the run's shared client (paced to GitHub's secondary limits, its
// primary budget observed, transient failures retried there): one GraphQL document per 20
// repositories for commits per window and release dates, then the stargazer pages the star search
// needs (stars.ts), REST with `Accept: application/vnd.github.star+json`.
import { RequestError } from '@octokit/request-error'
import { z } from 'zod'
import type { FrameworkConfig } from '../config/schema.js'
import type { GitHubClient } from '../github/client.js'
import { addDays } from '../history/index.js'
import { formatNumber } from '../report/escape.js'
import { PUBLISH_RESERVE } from '../sources/github/index.js'
import { createClient, errorText } from '../sources/github/http.js'
import { splitSlug } from '../sources/github/query.js'
import { groupBy } from '../sources/outcome.js'
import type { SourceContext } from '../sources/types.js'
import { BACKFILL_BATCH, BACKFILL_RELEASES, buildBackfillDocument, historyAlias } from './github-query.js'
import type { BackfillValue } from './plan.js'
import { STARGAZER_PAGE_LIMIT, starsOnDates } from './stars.js'

const count = z.object({ totalCount: z.number().int().nonnegative() })
const repoSchema = z.object({
  nameWithOwner: z.string(),
  createdAt: z.string(),
  stargazerCount: z.number().int().nonnegative(),
  releases: z.object({
    totalCount: z.number().int().nonnegative(),
    nodes: z.array(z.object({ publishedAt: z.string().nullable() }).nullable())
  }),
  defaultBranchRef: z.object({ target: z.record(z.string(), z.unknown()).nullable() }).nullable()
})
type RepoData = z.infer<typeof repoSchema>
const envelope = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z
    .array(
      z.looseObject({
        message: z.string(),
        path: z.array(z.union([z.string(), z.number()])).optional()
      })
    )
    .optional()
})

export interface GitHubBackfill {
  values: BackfillValue[]
  /** Per framework: GraphQL share (repositories in its document), stargazer pages read. */
  cost: Map<string, { graphqlDocs: number; starPages: number }>
  graphqlPoints: number
  /** Per framework, why a metric was left out (the 40,000-stargazer cap). */
  omitted: Map<string, string>
  failures: Map<string, string>
}

/** Stargazer pages the search may read per framework. */
export const STAR_PAGES_PER_FRAMEWORK = 24
/** Stargazer pages one run's backfill may read in all (about 40 s at GitHub's 900 REST points a minute). */
export const STAR_PAGES_PER_RUN = 600

/** The backfill of every framework's repository, each repository read once however many frameworks name it. */
export async function backfillGitHub(
  frameworks: FrameworkConfig[],
  dates: string[],
  ctx: SourceContext
): Promise<GitHubBackfill> {
  const bySlug = groupBy(frameworks, (fw) => fw.github.toLowerCase())
  const out = await backfillRepositories(
    [...bySlug.values()].map((list) => list[0]),
    dates,
    ctx
  )
  const byFramework = groupBy(out.values, (v) => v.framework)
  for (const [first, ...others] of bySlug.values()) {
    if (others.length === 0) continue
    const share = (n: number) => n / (others.length + 1)
    const cost = out.cost.get(first.name)
    if (cost) out.cost.set(first.name, { graphqlDocs: share(cost.graphqlDocs), starPages: share(cost.starPages) })
    const mine = byFramework.get(first.name) ?? []
    for (const fw of others) {
      out.values.push(...mine.map((v) => ({ ...v, framework: fw.name })))
      if (cost) out.cost.set(fw.name, { graphqlDocs: share(cost.graphqlDocs), starPages: share(cost.starPages) })
      for (const map of [out.omitted, out.failures]) {
        const why = map.get(first.name)
        if (why) map.set(fw.name, why)
      }
    }
  }
  return out
}

async function backfillRepositories(
  frameworks: FrameworkConfig[],
  dates: string[],
  ctx: SourceContext
): Promise<GitHubBackfill> {
  const octokit = createClient(ctx) as GitHubClient
  const out: GitHubBackfill = { values: [], cost: new Map(), graphqlPoints: 0, omitted: new Map(), failures: new Map() }
  const windows = dates.map((d): [string, string] => [addDays(d, -ctx.windowDays), d])
  const repos: Array<{ fw: FrameworkConfig; repo: RepoData }> = []
  for (let i = 0; i < frameworks.length; i += BACKFILL_BATCH) {
    const batch = frameworks.slice(i, i + BACKFILL_BATCH)
    const doc = buildBackfillDocument(
      batch.map((fw) => splitSlug(fw.github)),
      windows
    )
    const answer = await graphql(octokit, ctx, doc)
    if (typeof answer === 'string') {
      for (const fw of batch) out.failures.set(fw.name, answer)
      continue
    }
    out.graphqlPoints += answer.cost
    batch.forEach((fw, k) => {
      out.cost.set(fw.name, { graphqlDocs: 1 / batch.length, starPages: 0 })
      const parsed = repoSchema.safeParse(answer.data[`r${k}`])
      if (!parsed.success) out.failures.set(fw.name, `no repository data for ${fw.github}`)
      else repos.push({ fw, repo: parsed.data })
    })
  }
  const budget = { pages: STAR_PAGES_PER_RUN }
  for (const { fw, repo } of repos) {
    out.values.push(...commitValues(fw.name, repo, dates, windows), ...releaseValues(fw.name, repo, dates))
    const stars = await starValues(octokit, ctx, fw, repo, dates, budget)
    budget.pages -= stars.pages
    out.values.push(...stars.values)
    const cost = out.cost.get(fw.name)
    if (cost) cost.starPages = stars.pages
    if (stars.omitted) out.omitted.set(fw.name, stars.omitted)
  }
  return out
}

/** One backfill document; the client retries what is transient. */
async function graphql(
  octokit: GitHubClient,
  ctx: SourceContext,
  doc: { query: string; variables: Record<string, string> }
): Promise<{ data: Record<string, unknown>; cost: number } | string> {
  let data: unknown
  try {
    ;({ data } = await octokit.request('POST /graphql', {
      url: ctx.endpoints.githubGraphql,
      query: doc.query,
      variables: doc.variables,
      request: { onAttempt: () => ctx.counter.add('backfill.github:graphql') }
    }))
  } catch (error) {
    return `GitHub GraphQL: ${errorText(error)}`
  }
  const body = envelope.safeParse(data)
  if (!body.success || !body.data.data) return `GitHub GraphQL: ${body.data?.errors?.[0]?.message ?? 'no data'}`
  const cost = Number((body.data.data.rateLimit as { cost?: unknown } | undefined)?.cost ?? 0)
  ctx.counter.graphqlPoints += cost
  return { data: body.data.data, cost }
}

function commitValues(
  name: string,
  repo: RepoData,
  dates: string[],
  windows: Array<[string, string]>
): BackfillValue[] {
  const target = repo.defaultBranchRef?.target
  if (!target) return []
  return dates.flatMap((date, k) => {
    const parsed = count.safeParse(target[historyAlias(k)])
    return parsed.success
      ? [
          {
            framework: name,
            date,
            metric: 'commits_window' as const,
            value: parsed.data.totalCount,
            window: windows[k]
          }
        ]
      : []
  })
}

/**
 * Releases as of each date: today's total minus those published since (exact while the fetched
 * releases reach back past the date), and releases in the 365 days before it (exact while they
 * reach back past that window).
 */
export function releaseValues(name: string, repo: Pick<RepoData, 'releases'>, dates: string[]): BackfillValue[] {
  const published = repo.releases.nodes.flatMap((n) => (n?.publishedAt ? [Date.parse(n.publishedAt)] : []))
  const complete = repo.releases.totalCount <= BACKFILL_RELEASES && published.length === repo.releases.totalCount
  const oldest = published.length > 0 ? Math.min(...published) : Number.POSITIVE_INFINITY
  const out: BackfillValue[] = []
  for (const date of dates) {
    const at = Date.parse(`${date}T00:00:00Z`)
    const yearBefore = Date.parse(`${addDays(date, -365)}T00:00:00Z`)
    if (complete || oldest < at)
      out.push({
        framework: name,
        date,
        metric: 'releases',
        value: repo.releases.totalCount - published.filter((t) => t >= at).length
      })
    if (complete || oldest < yearBefore)
      out.push({
        framework: name,
        date,
        metric: 'releases_365d',
        value: published.filter((t) => t >= yearBefore && t < at).length,
        window: [addDays(date, -365), date]
      })
  }
  return out
}

/** One page of stargazers' starring times (ms), retrying what is transient; 'beyond-cap' past GitHub's 400 pages. */
/** One page of stargazers with their dates; the client retries what is transient. */
async function fetchStargazerPage(
  octokit: GitHubClient,
  ctx: SourceContext,
  slug: { owner: string; repo: string },
  page: number
): Promise<number[] | 'beyond-cap'> {
  try {
    const response = await octokit.request('GET /repos/{owner}/{repo}/stargazers', {
      ...slug,
      per_page: 100,
      page,
      headers: { accept: 'application/vnd.github.star+json' },
      request: { onAttempt: () => ctx.counter.add('backfill.github:rest') }
    })
    const items = response.data as unknown as Array<{ starred_at?: string }>
    return items.map((s) => Date.parse(s.starred_at ?? '')).filter((t) => Number.isFinite(t))
  } catch (error) {
    // GitHub lists 400 pages of stargazers; past them it answers 422.
    if (error instanceof RequestError && error.status === 422) return 'beyond-cap'
    throw error
  }
}

async function starValues(
  octokit: GitHubClient,
  ctx: SourceContext,
  fw: FrameworkConfig,
  repo: RepoData,
  dates: string[],
  budget: { pages: number }
): Promise<{ values: BackfillValue[]; pages: number; omitted?: string }> {
  const { owner, repo: name } = splitSlug(repo.nameWithOwner)
  const restLeft = () => octokit.pacer?.budgets.get('core')?.remaining
  const result = await starsOnDates(dates, {
    total: repo.stargazerCount,
    createdMs: Date.parse(repo.createdAt),
    nowMs: ctx.now.getTime(),
    // Within the run's page budget, and never what publishing needs from the REST budget.
    maxPages: Math.max(
      0,
      Math.min(STAR_PAGES_PER_FRAMEWORK, budget.pages, (restLeft() ?? Number.POSITIVE_INFINITY) - PUBLISH_RESERVE * 2)
    ),
    fetchPage: (page) => fetchStargazerPage(octokit, ctx, { owner, repo: name }, page)
  }).catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }))
  if ('error' in result) return { values: [], pages: 0, omitted: `stars not backfilled (${result.error})` }
  // An interpolated count is not a reconstruction: dates the page budget could not pin down are left out.
  const values = result.points
    .filter((p) => !p.estimated)
    .map((p): BackfillValue => ({ framework: fw.name, date: p.date, metric: 'stars', value: p.value }))
  const unpinned = result.points.filter((p) => p.estimated).map((p) => p.date)
  const omitted =
    result.beyondCap.length > 0
      ? capNote(repo.stargazerCount, result.beyondCap, dates)
      : unpinned.length > 0
        ? `stars are not backfilled up to ${unpinned.at(-1)}: the stargazer page budget ` +
          `(${STAR_PAGES_PER_FRAMEWORK} per framework, ${STAR_PAGES_PER_RUN} per run) ran out`
        : undefined
  return { values, pages: result.pagesRead, omitted }
}

/** Why stars are left out above GitHub's stargazer listing. */
function capNote(total: number, beyondCap: string[], dates: string[]): string {
  const listed =
    // formatNumber, not toLocaleString: ICU's number formatting costs ~20 ms to start in a fresh process
    `GitHub lists only the oldest ${formatNumber(STARGAZER_PAGE_LIMIT * 100)} of ${formatNumber(total)} stargazers`
  return beyondCap.length === dates.length
    ? `${listed} (the last listed one starred it before ${dates[0]}), so stars are not backfilled`
    : `${listed}, so stars are not backfilled from ${beyondCap[0]} on`
}
