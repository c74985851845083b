// Contributor count without listing contributors: ask for one per page and read the page number of
// the rel="last" link, which then equals the number of contributors (anonymous ones included).
import type { GitHubClient as Octokit } from '../../github/client.js'
import { answerOf, errorText } from './http.js'

/**
 * Value recorded, as a lower bound, when GitHub refuses to list a repository's contributors (403
 * "The history or contributor list is too large…"). Decision: 500, the number of author emails
 * GitHub documents it links to users for a repository ("only the first 500 author email addresses
 * in the repository link to GitHub users"); a repository whose list is too large to compute is
 * certainly past that, while any larger figure (5000, …) would be a guess. The metric is flagged
 * in `lowerBounds`, so the report shows "≥ 500" rather than a made-up exact count.
 */
export const TOO_LARGE_LOWER_BOUND = 500

export type ContributorCount = { count: number; lowerBound: boolean }

/** The `page` of the rel="last" link, or undefined when there is no such link. */
export function lastPageFromLink(link: string | undefined): number | undefined {
  if (!link) return undefined
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?last"?/.exec(part)
    if (!match) continue
    const page = new URL(match[1], 'https://placeholder.invalid').searchParams.get('page')
    if (page !== null && /^\d+$/.test(page)) return Number(page)
  }
  return undefined
}

/**
 * One GET; the client retries what is transient (5xx, 429, resets, timeouts, rate limits). A 403
 * "too large" is GitHub's final answer for a huge history: the count is then a lower bound.
 */
export async function countContributors(
  octokit: Octokit,
  nameWithOwner: string,
  onAttempt: () => void
): Promise<ContributorCount> {
  const [owner, repo] = nameWithOwner.split('/')
  let response: { status: number; headers: { link?: string }; data: unknown }
  try {
    response = await octokit.request('GET /repos/{owner}/{repo}/contributors', {
      owner,
      repo,
      per_page: 1,
      anon: 'true',
      request: { onAttempt }
    })
  } catch (error) {
    const answer = answerOf(error)
    if (answer?.status === 403 && /too large/i.test(messageOf(answer.data)))
      return { count: TOO_LARGE_LOWER_BOUND, lowerBound: true }
    throw new Error(`contributors of ${nameWithOwner}: ${errorText(error)}`)
  }
  if (response.status === 204) return { count: 0, lowerBound: false }
  const last = lastPageFromLink(response.headers.link)
  if (last !== undefined) return { count: last, lowerBound: false }
  if (!Array.isArray(response.data)) throw new Error(`contributors of ${nameWithOwner}: unexpected answer (not a list)`)
  // No Link header: everything fits on this one page of one item.
  return { count: response.data.length, lowerBound: false }
}

function messageOf(data: unknown): string {
  return typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string'
    ? (data as { message: string }).message
    : ''
}

/**
 * At most `limit` tasks at once, in order of arrival; `first` puts a task before the waiting ones (a
 * GraphQL batch goes before the counts, so the pipeline never starves).
 */
export class Pool {
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>, first = false): Promise<T> {
    if (this.active < this.limit) this.active++
    else await new Promise<void>((resolve) => (first ? this.waiting.unshift(resolve) : this.waiting.push(resolve)))
    try {
      return await task()
    } finally {
      // Hand the slot to the next task, if any; otherwise free it.
      const next = this.waiting.shift()
      if (next) next()
      else this.active--
    }
  }
}
