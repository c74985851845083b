// The one GitHub client of a run, used by the GitHub metrics source, backfill and publishing alike, and
// the one place GitHub requests are retried: @actions/github's getOctokit (auth, GHES base URL) through
// the proxy HTTPS_PROXY/HTTP_PROXY/NO_PROXY name when the client is created (proxyFetch below), with
// @octokit/plugin-retry (5xx, 429, resets, timeouts; per request `request.retries`) and
// @octokit/plugin-throttling (primary and secondary rate limits, retry-after), configured through their
// documented options, plus one request hook (pace.ts) that keeps the run within GitHub's secondary
// limits before GitHub has to refuse, gives every attempt a timeout, and refuses waits longer than the
// run can afford. The token goes only into the auth header; Octokit redacts it in errors.
import { getOctokit } from '@actions/github'
import { getProxyUrl } from '@actions/http-client'
import type { OctokitOptions } from '@octokit/core/types'
import { retry } from '@octokit/plugin-retry'
import { RequestError } from '@octokit/request-error'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'
import { ProxyAgent } from 'undici'
import { type LeanFetchInit, leanFetch } from '../net/fetch.js'
import { costOf, Pacer, type PaceLimits } from './pace.js'

/** Where the client's messages go (the run's logger; structurally the sources' Logger). */
export interface ClientLogger {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
}

export interface GitHubClientOptions {
  token: string
  /** GITHUB_API_URL, e.g. https://api.github.com or https://ghe.example/api/v3 */
  baseUrl: string
  log: ClientLogger
  /** Unit of every retry wait in ms (FRAMEWORK_RADAR_RETRY_BASE_MS, default 1000; tests lower it). */
  retryBaseMs?: number
  /** Spacing between writes once a run makes many (FRAMEWORK_RADAR_WRITE_SPACING_MS, default 1000). */
  writeSpacingMs?: number
  /** Abort (and retry) an attempt that has not answered within this many ms (default 30000). */
  requestTimeoutMs?: number
  /** Retries for rate limits and for server errors (default 3). */
  retries?: number
  /** Give up instead of waiting longer than this for a rate limit (default 60 s: the run must end). */
  maxWaitMs?: number
  /** Pacing limits other than GitHub's documented ones (tests). */
  limits?: Partial<PaceLimits>
}

export type GitHubClient = ReturnType<typeof getOctokit> & { pacer: Pacer }

/**
 * The throttling plugin's groups space every write and every GraphQL query 1 s apart, and PR
 * creation 3 s more, with hard-coded minTime. Spacing is the pace hook's job here, so the groups
 * given to the plugin (its documented `Bottleneck` option) keep their concurrency and drop minTime.
 */
class UnspacedBottleneck extends Bottleneck {
  static override Group = class extends Bottleneck.Group {
    constructor(options: Bottleneck.ConstructorOptions = {}) {
      super({ ...options, minTime: 0 })
    }
  }
}

/** Request options this client reads besides Octokit's own (`request.retries` is plugin-retry's). */
export interface AttemptOptions {
  /** Called before every attempt, retries included (request counters). */
  onAttempt?: () => void
  /** Retries for this request (plugin-retry's documented per-request option); 0 = none. */
  retries?: number
  /** Errors the caller handles itself rather than by sending the same request again (not retried). */
  noRetry?: (error: unknown) => boolean
}

type RequestOptions = {
  method: string
  url: string
  data?: unknown
  query?: unknown
  request?: { signal?: AbortSignal } & AttemptOptions
}
type Response = { status?: number; headers: Record<string, string | number | undefined>; data?: unknown }

const ownSignals = new WeakSet<AbortSignal>()
// GitHub answers these with HTTP 200 when it is busy or the document too heavy; a smaller or later
// document goes through. (plugin-retry treats the second, GitHub's GraphQL timeout, the same way.)
const BUSY_GRAPHQL_TYPES = new Set(['RESOURCE_LIMITS_EXCEEDED'])
export const GRAPHQL_TIMEOUT_MESSAGE = /Something went wrong while executing your query/i

interface PaceSettings {
  timeoutMs: number
  retryBaseMs: number
  maxWaitMs: number
}

/**
 * Paces every attempt (retries included: this hook sits inside the retry and throttling plugins),
 * gives it a timeout, and turns two answers into what the plugins act on: GitHub's busy GraphQL answer
 * becomes a 500 for plugin-retry (as the plugin itself does with GitHub's GraphQL timeout message), and
 * a refusal asking for a longer wait than the run affords becomes a final error, not a retry.
 */
function pacingPlugin(pacer: Pacer, settings: PaceSettings) {
  return (octokit: { hook: { wrap: (name: 'request', hook: (...args: never[]) => unknown) => void } }) => {
    octokit.hook.wrap('request', async (request: (o: RequestOptions) => Promise<Response>, options: RequestOptions) => {
      const body = options.data ?? (options.query === undefined ? undefined : { query: options.query })
      const cost = costOf(options.method, options.url, body)
      const release = await pacer.acquire(cost)
      try {
        options.request?.onAttempt?.()
        // fetch has no timeout of its own: a hung connection would stall the run. The inner hooks read
        // this very options object (arguments are bound), and retries reuse it: each attempt gets a new
        // signal unless the caller brought its own.
        const own = options.request?.signal
        if (!own || ownSignals.has(own)) {
          const signal = AbortSignal.timeout(settings.timeoutMs)
          ownSignals.add(signal)
          options.request = { ...options.request, signal }
        }
        const response = await request(options)
        pacer.observe(response.headers)
        if (cost.kind === 'graphql') throwIfBusy(response, options)
        return response
      } catch (error) {
        if (options.request?.noRetry?.(error)) options.request = { ...options.request, retries: 0 }
        throw refusalToWaitFor(error, options, pacer, settings)
      } finally {
        release()
      }
    })
  }
}

/** GitHub's "busy" GraphQL answers (HTTP 200) as a retryable 500. */
function throwIfBusy(response: Response, options: RequestOptions): void {
  const errors = (response.data as { errors?: Array<{ type?: string; message?: string }> } | undefined)?.errors
  const busy = errors?.find(
    (e) =>
      (e.type !== undefined && BUSY_GRAPHQL_TYPES.has(e.type)) ||
      (typeof e.message === 'string' && GRAPHQL_TIMEOUT_MESSAGE.test(e.message))
  )
  if (busy)
    throw new RequestError(busy.message ?? 'Resource limits for this query exceeded.', 500, {
      request: options as never,
      response: response as never
    })
}

/**
 * Notes a refusal for the pacer; when GitHub asks for a longer wait than maxWaitMs, the error says so
 * and is not retried (the run must end).
 */
function refusalToWaitFor(error: unknown, options: RequestOptions, pacer: Pacer, settings: PaceSettings): unknown {
  const status = (error as { status?: number }).status
  const response = (error as { response?: Response }).response
  if (!response) return error
  pacer.observe(response.headers)
  const wait = secondaryLimitWait(status, response)
  if (wait === undefined) return error
  if (wait * settings.retryBaseMs > settings.maxWaitMs) {
    options.request = { ...options.request, retries: 0 }
    const allowed = settings.maxWaitMs / 1000
    const message = `GitHub asked to wait ${wait} s, more than the allowed ${allowed} s (HTTP ${status})`
    return new RequestError(message, status ?? 403, { request: options as never, response: response as never })
  }
  pacer.refused(wait * settings.retryBaseMs)
  return error
}

/** Seconds GitHub asks to wait when `status` + `response` is a secondary-limit refusal, else undefined. */
export function secondaryLimitWait(
  status: number | undefined,
  response: { headers: Record<string, string | number | undefined>; data?: unknown }
): number | undefined {
  if (status !== 403 && status !== 429) return undefined
  const retryAfter = Number(response.headers['retry-after'])
  const message = (response.data as { message?: unknown } | undefined)?.message
  const secondary = /secondary rate limit/i.test(typeof message === 'string' ? message : '')
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter
  // Without retry-after GitHub advises to wait at least a minute.
  return secondary ? 60 : undefined
}

/**
 * The fetch of one client: through the proxy the environment names for `baseUrl` now, decided as
 * @actions/http-client decides (https_proxy/HTTPS_PROXY or http_proxy/HTTP_PROXY, NO_PROXY, loopback
 * direct). @actions/github makes that choice once, when it is first imported, for GITHUB_API_URL as it
 * was then; passing `request.fetch` (Octokit's documented option) makes every client read the
 * environment of its own creation. As @actions/http-client does: CONNECT tunnels, one per request.
 */
function proxyFetch(baseUrl: string): typeof fetch {
  const proxy = getProxyUrl(baseUrl)
  const dispatcher = proxy ? new ProxyAgent({ uri: proxy, pipelining: 0 }) : undefined
  // Octokit hands fetch a plain init (method, headers object, string body, signal, redirect).
  return ((url: string, init: LeanFetchInit) => leanFetch(url, { ...init, dispatcher })) as unknown as typeof fetch
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const { log } = options
  const base = options.retryBaseMs ?? 1000
  const retries = options.retries ?? 3
  const maxWaitMs = options.maxWaitMs ?? 60_000
  const pacer = new Pacer({ writeSpacingMs: options.writeSpacingMs ?? 1000, ...options.limits })
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
          `GitHub ${kind} on ${opts.method} ${opts.url}; ` +
            `retrying in ${retryAfter} s (attempt ${retryCount + 1} of ${retries})`
        )
        return true
      }
      log.warning(`GitHub ${kind} on ${opts.method} ${opts.url}; giving up after ${retries} retries`)
      return false
    }
  const baseUrl = options.baseUrl.replace(/\/+$/, '')
  const octokitOptions: OctokitOptions = {
    baseUrl,
    request: { fetch: proxyFetch(baseUrl) },
    userAgent: 'framework-radar',
    log: {
      debug: (m: string) => log.debug(m),
      info: (m: string) => log.debug(m),
      warn: (m: string) => log.warning(m),
      error: (m: string) => log.warning(m)
    },
    retry: { retries, retryAfterBaseValue: base },
    throttle: {
      Bottleneck: UnspacedBottleneck,
      retryAfterBaseValue: base,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: retryOnLimit('rate limit'),
      onSecondaryRateLimit: retryOnLimit('secondary rate limit')
    }
  }
  // Order matters: the pace hook is registered first, so it is the innermost and sees every attempt.
  const octokit = getOctokit(
    options.token,
    octokitOptions,
    pacingPlugin(pacer, { timeoutMs: options.requestTimeoutMs ?? 30_000, retryBaseMs: base, maxWaitMs }) as never,
    retry,
    throttling
  )
  return Object.assign(octokit, { pacer })
}
