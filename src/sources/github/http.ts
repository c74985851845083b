// Transport for the GitHub source and backfill: the run's client (src/github/client.ts) does auth,
// pacing, rate limits, timeouts and every retry (plugin-retry, plugin-throttling); this file only reads
// what an answer that did not work out says, so the callers can decide what is left to them (halving
// a GraphQL batch, a repository too large to list, a budget that ran out).
import { createGitHubClient, type GitHubClient } from '../../github/client.js'
import type { SourceContext } from '../types.js'

export interface GitHubAnswer {
  status: number
  headers: Record<string, string | undefined>
  data: unknown
}

export function createClient(
  ctx: Pick<SourceContext, 'token' | 'endpoints' | 'log' | 'retryBaseMs' | 'maxWaitMs' | 'github' | 'requestTimeoutMs'>
): GitHubClient {
  if (ctx.github) return ctx.github
  return createGitHubClient({
    token: ctx.token,
    baseUrl: ctx.endpoints.githubApi,
    log: ctx.log,
    retryBaseMs: ctx.retryBaseMs,
    maxWaitMs: ctx.maxWaitMs,
    requestTimeoutMs: ctx.requestTimeoutMs
  })
}

/**
 * The HTTP answer an error from the client carries: a RequestError's response, or the plain Error the
 * throttling plugin throws for a GraphQL RATE_LIMITED answer (HTTP 200); undefined when there was
 * no answer (network error, timeout).
 */
export function answerOf(error: unknown): GitHubAnswer | undefined {
  const response = (
    error as { response?: { status?: unknown; headers?: Record<string, string | number | undefined>; data?: unknown } }
  ).response
  if (!response || typeof response.status !== 'number' || !response.headers) return undefined
  return { status: response.status, headers: flatHeaders(response.headers), data: response.data }
}

function flatHeaders(headers: Record<string, string | number | undefined>): GitHubAnswer['headers'] {
  return Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value === undefined ? undefined : String(value)])
  )
}

/** The attempt got no answer within the client's time limit. */
export function isTimeout(error: unknown): boolean {
  const cause = (error as { cause?: { name?: unknown } }).cause
  return (
    (error as { name?: unknown }).name === 'TimeoutError' ||
    cause?.name === 'TimeoutError' ||
    /\btimeout\b|timed out/i.test(error instanceof Error ? error.message : '')
  )
}

/** The error's message, with GitHub's own message when the answer carries one. */
export function errorText(error: unknown): string {
  const answer = answerOf(error)
  const message = error instanceof Error ? error.message : String(error)
  if (!answer || answer.status === 200) return message
  return message.startsWith('GitHub asked to wait')
    ? message
    : `HTTP ${answer.status}${messageSuffix(answer.data, message)}`
}

function messageSuffix(data: unknown, fallback: string): string {
  const message = typeof data === 'object' && data !== null ? (data as { message?: unknown }).message : undefined
  const text = typeof message === 'string' && message !== '' ? message : fallback
  return text ? ` (${text})` : ''
}
