// The one place an Octokit is made: REST + GraphQL with retries (5xx, resets, timeouts) and
// throttling (primary and secondary rate limits, retry-after), shared by publishing and the
// GitHub metrics source. The token goes only into the auth header; Octokit redacts it in errors.
import { Octokit } from 'octokit'
import type { Logger } from '../sources/types.js'

export interface CreateOctokitOptions {
  token: string
  /** GITHUB_API_URL, e.g. https://api.github.com or https://ghe.example/api/v3 */
  baseUrl: string
  log: Logger
  /** Unit of every retry wait in ms (default 1000; tests lower it). */
  retryBaseMs?: number
  /** Minimum spacing between writes in ms (GitHub asks for ~1 s; default 1000, tests use 0). */
  writeSpacingMs?: number
  /** Abort (and retry) a request that has not answered within this many ms (default 30000). */
  requestTimeoutMs?: number
  /** Retries for rate limits and for server errors (default 3). */
  retries?: number
  /** Give up instead of waiting longer than this for a rate limit to reset (default 15 min). */
  maxWaitMs?: number
}

/**
 * A stand-in for the throttling plugin's Bottleneck groups that only spaces jobs out.
 * The plugin's module-wide groups enforce 1 s between writes and 3 s between PR/notification
 * writes for every Octokit in the process; we keep one spacing we control per client.
 */
function spacedGroup(minMs: number) {
  let tail: Promise<unknown> = Promise.resolve()
  const limiter = {
    schedule<T>(_options: unknown, fn: (...args: unknown[]) => Promise<T>, ...args: unknown[]): Promise<T> {
      const run = tail.then(() => fn(...args))
      tail = run.then(
        () => new Promise((r) => setTimeout(r, minMs)),
        () => new Promise((r) => setTimeout(r, minMs))
      )
      return run
    }
  }
  return { key: () => limiter }
}

export type RadarOctokit = InstanceType<typeof Octokit>

export function createOctokit(options: CreateOctokitOptions): RadarOctokit {
  const { log } = options
  const base = options.retryBaseMs ?? 1000
  const retries = options.retries ?? 3
  const timeoutMs = options.requestTimeoutMs ?? 30_000
  const spacing = options.writeSpacingMs ?? 1000
  const writes = spacedGroup(spacing)
  const maxWaitMs = options.maxWaitMs ?? 15 * 60_000
  const retryOnLimit =
    (kind: string) => (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
      if (retryAfter * base > maxWaitMs) {
        log.warning(
          `GitHub ${kind} on ${opts.method} ${opts.url}; it resets in ${retryAfter} s, longer than this run waits`
        )
        return false
      }
      if (retryCount < retries) {
        log.info(
          `GitHub ${kind} on ${opts.method} ${opts.url}; retrying in ${retryAfter} s (attempt ${retryCount + 1} of ${retries})`
        )
        return true
      }
      log.warning(`GitHub ${kind} on ${opts.method} ${opts.url}; giving up after ${retries} retries`)
      return false
    }
  // A per-request timeout: fetch has none, and a hung connection would stall the run.
  const fetchWithTimeout: typeof fetch = (input, init) =>
    fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) })

  return new Octokit({
    auth: options.token,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    userAgent: 'framework-radar',
    request: { fetch: fetchWithTimeout },
    log: {
      debug: (m: string) => log.debug(m),
      info: (m: string) => log.debug(m),
      warn: (m: string) => log.warning(m),
      error: (m: string) => log.warning(m)
    },
    retry: { retries, retryAfterBaseValue: base },
    throttle: {
      retryAfterBaseValue: base,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: retryOnLimit('rate limit'),
      onSecondaryRateLimit: retryOnLimit('secondary rate limit'),
      // Own spacing for writes instead of the plugin's process-wide groups (see spacedGroup).
      write: writes,
      notifications: writes
    }
  })
}
