// GitHub's secondary rate limits, as documented, for the GitHub stand-in: points per sliding window
// (REST: GET/HEAD/OPTIONS 1, other methods 5; GraphQL: query 1, mutation 5) and concurrent requests.
// Beyond them GitHub answers 403 "You have exceeded a secondary rate limit" with retry-after; so does
// this. Every arrival is logged with its time and points, so tests and the benchmark can compute the
// most points any window saw.

export interface SecondaryLimitOptions {
  /** REST points per window (GitHub: 900 per minute). */
  restPoints?: number
  /** GraphQL points per window (GitHub: 2,000 per minute). */
  graphqlPoints?: number
  /** Sliding window in ms (GitHub: 60 s). */
  windowMs?: number
  /** Requests in flight at once (GitHub: 100). */
  maxConcurrent?: number
}

export interface Arrival {
  /** Date.now() when the request arrived. */
  at: number
  kind: 'rest' | 'graphql'
  points: number
  /** Refused with a secondary limit (not counted in the windows). */
  refused: boolean
}

export type Verdict = { refused: false } | { refused: true; retryAfterSeconds: number; reason: string }

export function pointsFor(kind: 'rest' | 'graphql', method: string, write: boolean): number {
  if (kind === 'graphql') return write ? 5 : 1
  return ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? 1 : 5
}

export class SecondaryLimits {
  readonly restPoints: number
  readonly graphqlPoints: number
  readonly windowMs: number
  readonly maxConcurrent: number
  readonly arrivals: Arrival[] = []
  inFlight = 0
  maxInFlight = 0

  constructor(options: SecondaryLimitOptions = {}) {
    this.restPoints = options.restPoints ?? 900
    this.graphqlPoints = options.graphqlPoints ?? 2000
    this.windowMs = options.windowMs ?? 60_000
    this.maxConcurrent = options.maxConcurrent ?? 100
  }

  get refusals(): number {
    return this.arrivals.filter((a) => a.refused).length
  }

  /** Decides on one arriving request; call `done()` once it is answered (refused or not). */
  admit(kind: 'rest' | 'graphql', points: number, now = Date.now()): Verdict {
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    const limit = kind === 'rest' ? this.restPoints : this.graphqlPoints
    const inWindow = this.arrivals.filter((a) => !a.refused && a.kind === kind && a.at > now - this.windowMs)
    const used = inWindow.reduce((sum, a) => sum + a.points, 0)
    let verdict: Verdict = { refused: false }
    if (this.inFlight > this.maxConcurrent) {
      verdict = { refused: true, retryAfterSeconds: 1, reason: `more than ${this.maxConcurrent} concurrent requests` }
    } else if (used + points > limit) {
      // The window frees up when its oldest points leave it.
      const until = (inWindow[0]?.at ?? now) + this.windowMs - now
      verdict = {
        refused: true,
        retryAfterSeconds: Math.max(1, Math.ceil(until / 1000)),
        reason: `more than ${limit} ${kind} points in ${this.windowMs / 1000} s`
      }
    }
    this.arrivals.push({ at: now, kind, points, refused: verdict.refused })
    return verdict
  }

  done(): void {
    this.inFlight--
  }

  /** The most points of `kind` that any window of `windowMs` saw (accepted requests only). */
  maxPointsInWindow(kind: 'rest' | 'graphql', windowMs = this.windowMs): number {
    return maxPointsInWindow(
      this.arrivals.filter((a) => a.kind === kind && !a.refused),
      windowMs
    )
  }
}

/** Max over every window (t - windowMs, t] ending at an arrival of the points that arrived in it. */
export function maxPointsInWindow(arrivals: ReadonlyArray<{ at: number; points: number }>, windowMs: number): number {
  const sorted = [...arrivals].sort((a, b) => a.at - b.at)
  let max = 0
  let sum = 0
  let start = 0
  for (const a of sorted) {
    sum += a.points
    while (sorted[start].at <= a.at - windowMs) sum -= sorted[start++].points
    max = Math.max(max, sum)
  }
  return max
}

/** GitHub's answer to a request over a secondary limit. */
export function secondaryLimitResponse(requestId: string, retryAfterSeconds: number) {
  return {
    status: 403,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: {
      message:
        `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you ` +
        `reach out to GitHub Support for help, please include the request ID ${requestId}.`,
      documentation_url:
        'https://docs.github.com/free-pro-team@latest/rest/overview/' +
        'rate-limits-for-the-rest-api#about-secondary-rate-limits'
    }
  }
}
