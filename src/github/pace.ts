// Paces every GitHub request of the run to GitHub's documented secondary limits, before GitHub has to
// refuse anything: at most `restPoints` REST points (GET/HEAD/OPTIONS 1, other methods 5) and
// `graphqlPoints` GraphQL points (query 1, mutation 5) in any sliding window of `windowMs`, and at most
// `maxInFlight` requests at once. When GitHub still answers with a secondary limit, every request waits
// for its retry-after and the limits are halved for the rest of the run. It also remembers the primary
// budget GitHub reports (x-ratelimit-* headers) so the run can plan within it.
//
// No timer outlives a waiting request: a wait is computed when a request arrives, so nothing keeps the
// process alive after the last answer.

export interface PaceLimits {
  /** REST points per window (GitHub: 900 per minute). */
  restPoints: number
  /** GraphQL points per window (GitHub: 2,000 per minute). */
  graphqlPoints: number
  /** Length of the sliding window in ms (GitHub: 60 s; a margin covers the clock skew to the server). */
  windowMs: number
  /** Requests in flight at once (GitHub refuses beyond 100; it advises to keep it small). */
  maxInFlight: number
  /** Minimum ms between writes once a run has made `writeBurst` writes in the window (GitHub: ~1 s). */
  writeSpacingMs: number
  /** Writes in a window sent without spacing: a publishing run makes a handful, never "many". */
  writeBurst: number
}

export const GITHUB_LIMITS: PaceLimits = {
  restPoints: 900,
  graphqlPoints: 2000,
  windowMs: 61_000,
  maxInFlight: 10,
  writeSpacingMs: 1000,
  writeBurst: 10
}

export type RequestKind = 'rest' | 'graphql'

export interface RequestCost {
  kind: RequestKind
  points: number
  write: boolean
}

/** GitHub's documented secondary-limit points for one request. */
export function costOf(method: string, url: string, body?: unknown): RequestCost {
  const graphql = isGraphqlUrl(url)
  const upper = method.toUpperCase()
  if (graphql) {
    const query = typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : undefined
    const mutation = typeof query === 'string' && /^\s*mutation\b/.test(query.replace(/^\s*#.*$/gm, ''))
    return { kind: 'graphql', points: mutation ? 5 : 1, write: mutation }
  }
  const read = upper === 'GET' || upper === 'HEAD' || upper === 'OPTIONS'
  return { kind: 'rest', points: read ? 1 : 5, write: !read }
}

export function isGraphqlUrl(url: string): boolean {
  return /\/graphql(?:\?|$)/.test(new URL(url, 'http://github.invalid').pathname)
}

/** What GitHub last said about the primary budget, per resource (core, graphql, search, …). */
export interface Budget {
  remaining: number
  limit: number
  /** Epoch ms when the budget resets. */
  resetAtMs: number
}

interface Waiter {
  cost: RequestCost
  resolve: () => void
}

export class Pacer {
  readonly limits: PaceLimits
  /** Primary budgets by resource, from the latest response headers. */
  readonly budgets = new Map<string, Budget>()
  /** Secondary-limit refusals GitHub answered despite the pacing (each halves the limits). */
  refusals = 0
  private readonly sent: Record<RequestKind, Array<{ at: number; points: number }>> = { rest: [], graphql: [] }
  private writes: number[] = []
  private inFlight = 0
  private pausedUntil = 0
  private slowdown = 1
  private lastRefusalAt = 0
  private readonly queue: Waiter[] = []
  private timer: NodeJS.Timeout | undefined
  private timerAt = 0

  constructor(
    limits: Partial<PaceLimits> = {},
    private readonly clock: () => number = Date.now
  ) {
    this.limits = { ...GITHUB_LIMITS, ...limits }
  }

  /** Resolves when `cost` may be sent; call the returned function when its answer has arrived. */
  async acquire(cost: RequestCost): Promise<() => void> {
    await new Promise<void>((resolve) => {
      this.queue.push({ cost, resolve })
      this.pump()
    })
    let released = false
    return () => {
      if (released) return
      released = true
      this.inFlight--
      this.pump()
    }
  }

  /**
   * GitHub refused with a secondary limit: everyone waits `waitMs`, and the limits halve — once per
   * pause (the requests in flight with it are refused together; that is one signal, not ten).
   */
  refused(waitMs: number): void {
    const now = this.clock()
    this.refusals++
    if (now >= this.pausedUntil && now > this.lastRefusalAt) this.slowdown = Math.max(1 / 8, this.slowdown / 2)
    this.lastRefusalAt = now
    this.pausedUntil = Math.max(this.pausedUntil, now + waitMs)
    this.pump()
  }

  /** A whole window without a refusal doubles the limits again, up to GitHub's. */
  private recover(now: number): void {
    if (this.slowdown < 1 && now - this.lastRefusalAt > this.limits.windowMs) {
      this.slowdown = Math.min(1, this.slowdown * 2)
      this.lastRefusalAt = now
    }
  }

  /** Notes the primary budget from a response's x-ratelimit-* headers. */
  observe(headers: Record<string, string | number | undefined>): void {
    const resource = headers['x-ratelimit-resource']
    const remaining = Number(headers['x-ratelimit-remaining'])
    const limit = Number(headers['x-ratelimit-limit'])
    const reset = Number(headers['x-ratelimit-reset'])
    if (typeof resource !== 'string' || !Number.isFinite(remaining) || !Number.isFinite(reset)) return
    const known = this.budgets.get(resource)
    // Answers arrive out of order: within one reset period the budget only goes down.
    if (known && known.resetAtMs === reset * 1000 && known.remaining < remaining) return
    this.budgets.set(resource, {
      remaining,
      limit: Number.isFinite(limit) ? limit : remaining,
      resetAtMs: reset * 1000
    })
  }

  /** Points sent in the current window, by kind (for logs and tests). */
  pointsInWindow(kind: RequestKind): number {
    this.prune(this.clock())
    return this.sent[kind].reduce((sum, s) => sum + s.points, 0)
  }

  private prune(now: number): void {
    const from = now - this.limits.windowMs
    for (const kind of ['rest', 'graphql'] as const) {
      const list = this.sent[kind]
      let drop = 0
      while (drop < list.length && list[drop].at <= from) drop++
      if (drop > 0) list.splice(0, drop)
    }
    let drop = 0
    while (drop < this.writes.length && this.writes[drop] <= from) drop++
    if (drop > 0) this.writes.splice(0, drop)
  }

  /** Ms until `cost` may be sent (0 = now); Infinity = when a request in flight answers. */
  private delayFor(cost: RequestCost, now: number): number {
    if (this.inFlight >= Math.max(1, Math.floor(this.limits.maxInFlight * this.slowdown))) return Infinity
    let delay = Math.max(0, this.pausedUntil - now)
    const limit = Math.max(
      1,
      Math.floor((cost.kind === 'rest' ? this.limits.restPoints : this.limits.graphqlPoints) * this.slowdown)
    )
    const list = this.sent[cost.kind]
    let used = list.reduce((sum, s) => sum + s.points, 0)
    // Wait until enough of the window's oldest points have left it.
    for (let i = 0; used + cost.points > limit && i < list.length; i++) {
      used -= list[i].points
      delay = Math.max(delay, list[i].at + this.limits.windowMs - now)
    }
    if (cost.write && this.writes.length >= this.limits.writeBurst) {
      delay = Math.max(delay, this.writes[this.writes.length - 1] + this.limits.writeSpacingMs - now)
    }
    return delay
  }

  /** Admits every waiting request that may go now; sets one timer for the earliest of the others. */
  private pump(): void {
    const now = this.clock()
    this.prune(now)
    this.recover(now)
    let earliest = Infinity
    const blocked = new Set<RequestKind>()
    for (let i = 0; i < this.queue.length; ) {
      const waiter = this.queue[i]
      // Requests of one kind keep their order (a 5-point write is not starved by 1-point reads).
      if (blocked.has(waiter.cost.kind)) {
        i++
        continue
      }
      const delay = this.delayFor(waiter.cost, now)
      if (delay === Infinity) break
      if (delay > 0) {
        earliest = Math.min(earliest, delay)
        blocked.add(waiter.cost.kind)
        i++
        continue
      }
      this.queue.splice(i, 1)
      this.sent[waiter.cost.kind].push({ at: now, points: waiter.cost.points })
      if (waiter.cost.write) this.writes.push(now)
      this.inFlight++
      waiter.resolve()
    }
    this.schedule(earliest, now)
  }

  private schedule(delay: number, now: number): void {
    if (!Number.isFinite(delay)) return
    const at = now + delay
    if (this.timer && this.timerAt <= at) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = at
    // Referenced on purpose: a request is waiting for it. It exists only while one is.
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.pump()
    }, delay)
  }
}
