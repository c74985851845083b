// GitHub's stargazer list in the stand-in: GET /repos/{o}/{r}/stargazers, oldest first, with
// `starred_at` under `Accept: application/vnd.github.star+json`. Timestamps are a deterministic
// curve from the repository's creation to the clock, consistent with its star count: star i
// (0-based) was given at starTime(i). GitHub lists at most 400 pages; beyond, it answers 422.
import type { RepoFixture } from './metrics.js'
import type { StandinRequest, StandinResponse } from './server.js'
import { linkHeader } from './rest/shapes.js'

export const STARGAZER_PAGE_CAP = 400

/** Growth slows with age: stars(t) = S · ((t − created) / (now − created))^0.6. */
const GROWTH = 0.6

/** When star i of `count` was given (ms), for a repository created at `createdMs`, seen at `nowMs`. */
export function starTime(i: number, count: number, createdMs: number, nowMs: number): number {
  const u = (i + 0.5) / count
  return Math.floor(createdMs + (nowMs - createdMs) * u ** (1 / GROWTH))
}

/** The truth the backfill is checked against: stargazers who starred before `atMs`. */
export function starsBefore(fixture: RepoFixture, atMs: number, nowMs: number): number {
  const created = Date.parse(fixture.createdAt)
  const S = fixture.stars
  if (atMs <= created) return 0
  if (atMs > nowMs) return S
  // starTime is increasing: count by binary search.
  let lo = 0
  let hi = S
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (starTime(mid, S, created, nowMs) < atMs) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function stargazersReply(
  req: StandinRequest,
  fixture: RepoFixture,
  nowMs: number,
  base: string
): StandinResponse {
  const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30) || 30))
  const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1)
  if (page > STARGAZER_PAGE_CAP) {
    return {
      status: 422,
      body: {
        message:
          'In order to keep the API fast for everyone, pagination is limited for this resource. Check the rel=last ' +
          'link relation in the Link response header to see how far back you can traverse.',
        documentation_url: 'https://docs.github.com/rest/activity/starring#list-stargazers',
        status: '422'
      }
    }
  }
  const withTimes = String(req.headers.accept ?? '').includes('application/vnd.github.star+json')
  const created = Date.parse(fixture.createdAt)
  const items = []
  for (let i = (page - 1) * perPage; i < Math.min(fixture.stars, page * perPage); i++) {
    const user = { login: `stargazer${i}`, id: 5_000_000 + i, type: 'User', site_admin: false }
    items.push(
      withTimes
        ? {
            starred_at: new Date(starTime(i, fixture.stars, created, nowMs)).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            user
          }
        : user
    )
  }
  const lastPage = Math.min(STARGAZER_PAGE_CAP, Math.max(1, Math.ceil(fixture.stars / perPage)))
  const headers: Record<string, string> = {}
  if (lastPage > 1) {
    const link = (p: number) => {
      const query = new URLSearchParams(req.query)
      query.set('page', String(p))
      return `${base}/repositories/${fixture.id ?? 0}/stargazers?${query.toString()}`
    }
    headers.link = linkHeader(page, lastPage, link)
  }
  return { status: 200, headers, body: items }
}

/**
 * Commits older than the 90 days a fixture lists, for the backfill's monthly counts: the same
 * density as the listed ones, down to 400 days. A fixture that lists none stays silent.
 */
export function olderCommitDaysAgo(fixture: RepoFixture): number[] {
  // The backfill document asks for a dozen windows per repository: computed once per commit list.
  const cached = olderCommits.get(fixture.commitDaysAgo)
  if (cached) return cached
  const recent = fixture.commitDaysAgo.length
  const perDay = recent / 90
  const count = recent === 0 ? 0 : Math.round(perDay * 310)
  const older = Array.from({ length: count }, (_, k) => 90 + ((k + 0.5) * 310) / count)
  olderCommits.set(fixture.commitDaysAgo, older)
  return older
}

const olderCommits = new WeakMap<number[], number[]>()
