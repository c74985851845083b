// Builds the ONE GraphQL document that fetches a batch of repositories: each repository under an
// alias r0, r1, … with the search for its recently closed issues under s0, s1, …, plus rateLimit.
// Owner, name and search strings travel as variables, so no repository name is ever spliced into
// the document text (no escaping questions, and the document for a batch size is always the same).
import type { RepoRef } from '../../model.js'

/** At most this many repositories per document (GitHub's practical limit for cheap, fast queries). */
export const MAX_BATCH = 50

/** How many release nodes are fetched to count the releases of the last 365 days. */
export const RECENT_RELEASES = 100
export const TOPICS = 20

export function repoAlias(i: number): string {
  return `r${i}`
}
export function searchAlias(i: number): string {
  return `s${i}`
}

// The fields read for every repository. The releases connection serves both the total and the
// recent publication dates; history(since:) counts the default branch's commits in the window.
export const REPO_FIELDS = `fragment RepoFields on Repository {
  nameWithOwner
  isArchived
  createdAt
  pushedAt
  description
  homepageUrl
  stargazerCount
  forkCount
  watchers { totalCount }
  openIssues: issues(states: [OPEN]) { totalCount }
  closedIssues: issues(states: [CLOSED]) { totalCount }
  openPullRequests: pullRequests(states: [OPEN]) { totalCount }
  mergedPullRequests: pullRequests(states: [MERGED]) { totalCount }
  releases(first: ${RECENT_RELEASES}, orderBy: { field: CREATED_AT, direction: DESC }) {
    totalCount
    nodes { publishedAt }
  }
  latestRelease { tagName name publishedAt }
  licenseInfo { spdxId name }
  primaryLanguage { name }
  repositoryTopics(first: ${TOPICS}) { nodes { topic { name } } }
  defaultBranchRef {
    target {
      ... on Commit {
        oid
        history(since: $since) { totalCount }
      }
    }
  }
}`

// Connections per repository in REPO_FIELDS (watchers, 2 × issues, 2 × pullRequests, releases,
// repositoryTopics, history) plus the search: GitHub charges one request per connection, 100
// requests per point. Kept next to the document so the estimate changes with it (a test checks it).
export const CONNECTIONS_PER_REPO = 9

/** Day (YYYY-MM-DD, UTC) from which the window counts; search qualifiers take dates, not times. */
export function windowStartDay(since: Date): string {
  return since.toISOString().slice(0, 10)
}

export function closedIssuesSearch(nameWithOwner: string, sinceDay: string): string {
  return `repo:${nameWithOwner} is:issue is:closed closed:>=${sinceDay}`
}

export interface BatchDocument {
  query: string
  variables: Record<string, string>
}

/** The document for a batch: repository fields (optional, off for a follow-up search) and searches. */
export function buildBatchDocument(
  repos: RepoRef[],
  since: Date,
  options: { repositories?: boolean; searches?: boolean } = {}
): BatchDocument {
  const withRepos = options.repositories ?? true
  const withSearches = options.searches ?? true
  if (repos.length === 0 || repos.length > MAX_BATCH)
    throw new Error(`a batch holds 1 to ${MAX_BATCH} repositories, got ${repos.length}`)
  const sinceDay = windowStartDay(since)
  const params: string[] = []
  const fields: string[] = []
  const variables: Record<string, string> = {}
  if (withRepos) {
    params.push('$since: GitTimestamp!')
    variables.since = since.toISOString()
  }
  repos.forEach((repo, i) => {
    if (withRepos) {
      params.push(`$o${i}: String!`, `$n${i}: String!`)
      variables[`o${i}`] = repo.owner
      variables[`n${i}`] = repo.repo
      fields.push(`  ${repoAlias(i)}: repository(owner: $o${i}, name: $n${i}) { ...RepoFields }`)
    }
    if (withSearches) {
      params.push(`$q${i}: String!`)
      variables[`q${i}`] = closedIssuesSearch(`${repo.owner}/${repo.repo}`, sinceDay)
      fields.push(`  ${searchAlias(i)}: search(query: $q${i}, type: ISSUE, first: 0) { issueCount }`)
    }
  })
  fields.push('  rateLimit { cost remaining resetAt limit used }')
  const query =
    `query FrameworkRadar(${params.join(', ')}) {\n${fields.join('\n')}\n}` +
    (withRepos ? `\n${REPO_FIELDS}` : '') +
    '\n'
  return { query, variables }
}

/** GitHub's cost rule: one request per connection, 100 requests per point, at least 1 point. */
export function estimateCost(batchSize: number, options: { repositories?: boolean } = {}): number {
  const perRepo = (options.repositories ?? true) ? CONNECTIONS_PER_REPO : 1
  return Math.max(1, Math.round((batchSize * perRepo) / 100))
}

export function splitSlug(slug: string): RepoRef {
  const slash = slug.indexOf('/')
  return { owner: slug.slice(0, slash), repo: slug.slice(slash + 1) }
}
