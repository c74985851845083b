// Transport for the GitHub source: the run's client (src/github/client.ts) does auth, pacing, rate
// limits and JSON; this file decides what else is retried and how long to wait, so the behaviour is
// bounded (ctx.maxWaitMs) and testable (ctx.retryBaseMs). Requests here ask the retry plugin for zero
// retries: a 502 on a big GraphQL document must halve the batch, not be re-sent three times.
import { RequestError } from '@octokit/request-error'
import { createGitHubClient, type GitHubClient } from '../../github/client.js'
import type { SourceContext } from '../types.js'

type Octokit = GitHubClient

export interface HttpResponse {
  status: number
  headers: Record<string, string | undefined>
  data: unknown
}

/** A request that did not produce a usable HTTP response (after retries, where retried). */
export class HttpFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'status' | 'timeout' | 'network' | 'wait-too-long',
    readonly response?: HttpResponse
  ) {
    super(message)
  }
}

export interface RetryPolicy {
  baseMs: number
  maxWaitMs: number
  attempts: number
  timeoutMs: number
  sleep: (ms: number) => Promise<void>
}

export function retryPolicy(ctx: Pick<SourceContext, 'retryBaseMs' | 'maxWaitMs' | 'requestTimeoutMs'>): RetryPolicy {
  return {
    baseMs: ctx.retryBaseMs ?? 1000,
    maxWaitMs: ctx.maxWaitMs ?? 60_000,
    attempts: 4,
    // GitHub itself gives up on a GraphQL query after 10 s; 30 s covers slow networks.
    timeoutMs: ctx.requestTimeoutMs ?? 30_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
  }
}

export function createClient(
  ctx: Pick<SourceContext, 'token' | 'endpoints' | 'log' | 'retryBaseMs' | 'maxWaitMs' | 'github'>
): Octokit {
  if (ctx.github) return ctx.github
  return createGitHubClient({
    token: ctx.token,
    baseUrl: ctx.endpoints.githubApi,
    // This file retries; the plugins' "giving up" lines are not warnings here. Octokit's other
    // messages stay visible in debug output.
    log: { info: (m) => ctx.log.info(m), debug: (m) => ctx.log.debug(m), warning: (m) => ctx.log.debug(m) },
    retries: 0,
    retryBaseMs: ctx.retryBaseMs,
    maxWaitMs: ctx.maxWaitMs
  })
}

/** One HTTP exchange; non-2xx answers come back as responses, transport problems as HttpFailure. */
export async function send(
  octokit: Octokit,
  request: { method: 'GET' | 'POST'; url: string; body?: unknown },
  timeoutMs: number
): Promise<HttpResponse> {
  const signal = AbortSignal.timeout(timeoutMs)
  try {
    const response = await octokit.request({
      method: request.method,
      url: request.url,
      ...(request.body === undefined ? {} : { data: request.body }),
      request: { signal, retries: 0 }
    })
    return { status: response.status, headers: flatHeaders(response.headers), data: response.data }
  } catch (error) {
    if (signal.aborted) throw new HttpFailure(`no answer within ${timeoutMs / 1000} s`, 'timeout')
    if (error instanceof RequestError && error.response) {
      return { status: error.status, headers: flatHeaders(error.response.headers), data: error.response.data }
    }
    // The throttling plugin turns a GraphQL RATE_LIMITED answer (HTTP 200) into a plain Error
    // that carries the response; hand the answer back so the caller sees GitHub's errors.
    const carried = (
      error as {
        response?: { status?: unknown; headers?: Record<string, string | number | undefined>; data?: unknown }
      }
    ).response
    if (carried && typeof carried.status === 'number' && carried.headers) {
      return { status: carried.status, headers: flatHeaders(carried.headers), data: carried.data }
    }
    const message = error instanceof Error ? error.message : String(error)
    throw new HttpFailure(`connection failed: ${message}`, 'network')
  }
}

function flatHeaders(headers: Record<string, string | number | undefined>): HttpResponse['headers'] {
  return Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value === undefined ? undefined : String(value)])
  )
}

/** How long GitHub asks us to wait, in ms, or undefined when it does not say. */
export function requestedWaitMs(headers: HttpResponse['headers'], nowMs: number): number | undefined {
  const retryAfter = headers['retry-after']
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000
  if (headers['x-ratelimit-remaining'] === '0' && headers['x-ratelimit-reset'] !== undefined) {
    return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - nowMs)
  }
  return undefined
}

/** Statuses GitHub uses for transient trouble: 5xx, 429 and the 403 of a secondary rate limit. */
export function isTransient(response: HttpResponse): boolean {
  if (response.status >= 500 || response.status === 429) return true
  if (response.status !== 403) return false
  const message =
    typeof response.data === 'object' && response.data !== null
      ? String((response.data as { message?: unknown }).message ?? '')
      : ''
  return (
    response.headers['retry-after'] !== undefined ||
    response.headers['x-ratelimit-remaining'] === '0' ||
    /rate limit/i.test(message)
  )
}

/** Wait before attempt `attempt` (1-based retry count): the server's request, else exponential backoff. */
export async function waitBeforeRetry(
  policy: RetryPolicy,
  attempt: number,
  headers: HttpResponse['headers'] = {}
): Promise<void> {
  const asked = requestedWaitMs(headers, Date.now())
  const wait = asked ?? policy.baseMs * 2 ** (attempt - 1)
  if (wait > policy.maxWaitMs) {
    throw new HttpFailure(
      `GitHub asked to wait ${Math.ceil(wait / 1000)} s, more than the allowed ${Math.ceil(policy.maxWaitMs / 1000)} s`,
      'wait-too-long'
    )
  }
  await policy.sleep(wait)
}

/** GET with retries on transient statuses, resets and timeouts; returns the final response. */
export async function getWithRetries(
  octokit: Octokit,
  url: string,
  policy: RetryPolicy,
  onAttempt: () => void
): Promise<HttpResponse> {
  for (let attempt = 1; ; attempt++) {
    let response: HttpResponse
    try {
      onAttempt()
      response = await send(octokit, { method: 'GET', url }, policy.timeoutMs)
    } catch (error) {
      if (!(error instanceof HttpFailure) || attempt >= policy.attempts) throw error
      await waitBeforeRetry(policy, attempt)
      continue
    }
    if (!isTransient(response) || attempt >= policy.attempts) return response
    await waitBeforeRetry(policy, attempt, response.headers)
  }
}
