// The backfill's GraphQL document: per repository (alias r0, r1, …) its creation, star count,
// release dates, and the default branch's commit count in every monthly window (aliases m0, m1, …
// of `history(since:, until:)`). Names and times travel as variables, as in the collection's
// batch document. Validated against GitHub's schema in __tests__/graphql-schema.test.ts.
import type { RepoRef } from '../model.js'

/** Release nodes read to date the releases of the past year (GitHub's page maximum). */
export const BACKFILL_RELEASES = 100
/** Repositories per backfill document: 13 connections each keeps a document at a few points. */
export const BACKFILL_BATCH = 20

export interface BackfillDocument {
  query: string
  variables: Record<string, string>
}

export const historyAlias = (k: number) => `m${k}`

/** The document for `repos` and the windows [since, until) of each monthly point. */
export function buildBackfillDocument(repos: RepoRef[], windows: Array<[string, string]>): BackfillDocument {
  if (repos.length === 0 || repos.length > BACKFILL_BATCH)
    throw new Error(`a backfill document holds 1 to ${BACKFILL_BATCH} repositories, got ${repos.length}`)
  const params: string[] = []
  const variables: Record<string, string> = {}
  const histories: string[] = []
  windows.forEach(([since, until], k) => {
    params.push(`$s${k}: GitTimestamp!`, `$u${k}: GitTimestamp!`)
    variables[`s${k}`] = `${since}T00:00:00Z`
    // `until` includes its instant; the window ends just before midnight of its last day.
    variables[`u${k}`] = new Date(Date.parse(`${until}T00:00:00Z`) - 1000).toISOString().replace('.000Z', 'Z')
    histories.push(`${historyAlias(k)}: history(since: $s${k}, until: $u${k}) { totalCount }`)
  })
  const fields: string[] = []
  repos.forEach((repo, i) => {
    params.push(`$o${i}: String!`, `$n${i}: String!`)
    variables[`o${i}`] = repo.owner
    variables[`n${i}`] = repo.repo
    fields.push(`  r${i}: repository(owner: $o${i}, name: $n${i}) { ...BackfillFields }`)
  })
  fields.push('  rateLimit { cost remaining resetAt limit used }')
  const fragment = `fragment BackfillFields on Repository {
  nameWithOwner
  createdAt
  stargazerCount
  releases(first: ${BACKFILL_RELEASES}, orderBy: { field: CREATED_AT, direction: DESC }) {
    totalCount
    nodes { publishedAt }
  }
  defaultBranchRef {
    target {
      ... on Commit {
        ${histories.join('\n        ')}
      }
    }
  }
}`
  return {
    query: `query FrameworkRadarBackfill(${params.join(', ')}) {\n${fields.join('\n')}\n}\n${fragment}\n`,
    variables
  }
}

/** Connections per repository (releases + one history per window): GitHub charges 1 point per 100. */
export function backfillCost(repos: number, windows: number): number {
  return Math.max(1, Math.round((repos * (1 + windows)) / 100))
}
