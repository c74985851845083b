// The HTTP helper shared by the non-GitHub sources (Stack Exchange, pypistats, npm, Anaconda,
// Docker Hub, Semantic Scholar): JSON over Node's global fetch, validated with zod, retried on
// transient faults, with error messages that never carry a secret.
import { setTimeout as sleep } from 'node:timers/promises'
import type { z } from 'zod'
import type { FrameworkConfig } from '../config/schema.js'
import type { SourceFailure, SourceId, SourceValues } from '../model.js'
import type { SourceContext, SourceOutcome } from './types.js'

export const MAX_ATTEMPTS = 4
export const DEFAULT_TIMEOUT_MS = 30_000
const DEFAULT_RETRY_BASE_MS = 1000
const DEFAULT_MAX_WAIT_MS = 60_000

/** Query parameters that may carry credentials; they are dropped from every URL we print. */
const SECRET_PARAMS = ['key', 'access_token', 'token', 'api_key', 'apikey', 'client_secret', 'sig']

export class SourceHttpError extends Error {
  constructor(
    message: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** true when retrying could have helped (the attempts ran out). */
    readonly transient = false
  ) {
    super(message)
    this.name = 'SourceHttpError'
  }
}

/** The server says the thing asked for does not exist (HTTP 404). Never retried. */
export class SourceNotFoundError extends SourceHttpError {
  constructor(message: string) {
    super(message, 404, false)
    this.name = 'SourceNotFoundError'
  }
}

/** What a source's API-specific check says about an error response. */
export interface TransientVerdict {
  /** How long the server asks us to wait before trying again, when it says. */
  waitMs?: number
}

export interface FetchJsonOptions<T> {
  ctx: SourceContext
  /** Counter key, e.g. "stackoverflow.tags"; every attempt counts once. */
  kind: string
  schema: z.ZodType<T>
  method?: 'GET' | 'POST'
  /** JSON request body (POST). */
  body?: unknown
  headers?: Record<string, string>
  timeoutMs?: number
  /**
   * Recognises an API's own transient errors that plain status codes do not reveal (Stack Exchange
   * answers a throttle with HTTP 400 and error_id 502). Return undefined for "not transient".
   */
  transientError?: (status: number, body: unknown) => TransientVerdict | undefined
  /** Awaited before every attempt, e.g. to honour a per-method backoff the server asked for. */
  beforeAttempt?: () => Promise<void>
}

/**
 * GETs (or POSTs) JSON and validates it. Retries network errors, timeouts, 408, 429 and 5xx up to
 * MAX_ATTEMPTS times with exponential backoff, or the server's retry-after when it sends one.
 * Throws SourceNotFoundError on 404 and SourceHttpError on anything else that did not work out.
 */
export async function fetchJson<T>(url: string, options: FetchJsonOptions<T>): Promise<T> {
  const { ctx, kind, schema, method = 'GET' } = options
  const safeUrl = redactUrl(url)
  const secrets = secretsOf(ctx)
  const retryBaseMs = ctx.retryBaseMs ?? DEFAULT_RETRY_BASE_MS
  const maxWaitMs = ctx.maxWaitMs ?? DEFAULT_MAX_WAIT_MS
  const timeoutMs = options.timeoutMs ?? ctx.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const where = `${method} ${safeUrl}`

  let lastError: SourceHttpError | undefined
  let askedWaitMs: number | undefined
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (attempt > 1) {
      const waitMs = Math.min(maxWaitMs, askedWaitMs ?? retryBaseMs * 2 ** (attempt - 2))
      ctx.log.debug(`${kind}: retrying ${where} in ${waitMs} ms (${lastError?.message ?? 'transient error'})`)
      if (waitMs > 0) await sleep(waitMs)
    }
    askedWaitMs = undefined
    await options.beforeAttempt?.()
    ctx.counter.add(kind)

    let status: number
    let responseHeaders: Headers
    let text: string
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(timeoutMs)
      })
      status = response.status
      responseHeaders = response.headers
      text = await response.text()
    } catch (error) {
      const message = redact(`${where} failed: ${describeNetworkError(error, timeoutMs)}`, secrets)
      // Network errors, resets and timeouts (also while reading the body) are worth another try;
      // a request fetch refuses to build (no `cause`) is not.
      if (!isNetworkError(error)) throw new SourceHttpError(message)
      lastError = new SourceHttpError(message, undefined, true)
      continue
    }

    if (status >= 200 && status < 300) {
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        throw new SourceHttpError(
          redact(`${where} returned HTTP ${status} with a body that is not JSON`, secrets),
          status
        )
      }
      const parsed = schema.safeParse(json)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const path = issue?.path.length ? `${issue.path.join('.')}: ` : ''
        throw new SourceHttpError(
          redact(`${where} returned an unexpected response (${path}${issue?.message ?? 'invalid'})`, secrets),
          status
        )
      }
      return parsed.data
    }

    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
    const detail = errorDetail(body)
    const message = redact(`${where} returned HTTP ${status}${detail ? `: ${detail}` : ''}`, secrets)
    if (status === 404) throw new SourceNotFoundError(message)

    const verdict = options.transientError?.(status, body)
    if (verdict) {
      lastError = new SourceHttpError(message, status, true)
      askedWaitMs = verdict.waitMs
      continue
    }
    if (status === 408 || status === 429 || status >= 500) {
      lastError = new SourceHttpError(message, status, true)
      askedWaitMs = parseRetryAfter(responseHeaders.get('retry-after'), Date.now())
      continue
    }
    throw new SourceHttpError(message, status)
  }
  throw new SourceHttpError(
    `${lastError?.message ?? where} (gave up after ${MAX_ATTEMPTS} attempts)`,
    lastError?.status,
    true
  )
}

/** retry-after as delay-seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}

/** The URL without credentials: userinfo and secret-bearing query parameters are removed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_PARAMS.includes(name.toLowerCase())) parsed.searchParams.delete(name)
    }
    return parsed.toString()
  } catch {
    return url.replace(/([?&](?:key|access_token|token|api_key|apikey|client_secret|sig)=)[^&#\s]*/gi, '$1***')
  }
}

function secretsOf(ctx: SourceContext): string[] {
  return [ctx.token, ctx.stackexchangeKey].filter((s): s is string => typeof s === 'string' && s.length >= 4)
}

/** Removes credentials from every URL in the text, then every occurrence of a secret (plain or URL-encoded). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(/https?:\/\/[^\s'"<>]+/g, (url) => redactUrl(url))
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***')
  }
  return out
}

/** The message an API put in its error body (Stack Exchange, npm, Semantic Scholar, Anaconda shapes). */
function errorDetail(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined
  const record = body as Record<string, unknown>
  const parts: string[] = []
  if (typeof record.error_name === 'string') parts.push(record.error_name)
  for (const key of ['error_message', 'error', 'message', 'detail']) {
    if (typeof record[key] === 'string') {
      parts.push(record[key] as string)
      break
    }
  }
  const text = parts.join(': ')
  return text ? (text.length > 200 ? `${text.slice(0, 200)}…` : text) : undefined
}

function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return (
    error.name === 'TimeoutError' ||
    error.name === 'AbortError' ||
    (error as Error & { cause?: unknown }).cause !== undefined
  )
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `timed out after ${timeoutMs} ms`
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause
    const code =
      cause && typeof cause === 'object' && 'code' in cause ? String((cause as { code: unknown }).code) : undefined
    const causeMessage = cause instanceof Error ? cause.message : undefined
    return [error.message, code ?? causeMessage].filter(Boolean).join(': ')
  }
  return String(error)
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A limiter that runs at most `concurrency` tasks at once, in the order they were queued. */
export function createLimiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!(concurrency >= 1)) throw new RangeError('concurrency must be at least 1')
  let active = 0
  const waiting: Array<() => void> = []
  return async function limit<T>(task: () => Promise<T>): Promise<T> {
    if (active < concurrency) active++
    else await new Promise<void>((resolve) => waiting.push(resolve)) // the finishing task hands its slot over
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else active--
    }
  }
}

/** Splits a list into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Collects a source's values and failures; a framework gets either a value or a failure, never both. */
export class OutcomeBuilder {
  readonly values = new Map<string, SourceValues>()
  readonly failures: SourceFailure[] = []
  readonly notes: string[] = []
  constructor(readonly source: SourceId) {}

  set(framework: string, metrics: SourceValues['metrics']): void {
    this.values.set(framework, { metrics })
  }

  fail(framework: string, message: string): void {
    this.values.delete(framework)
    this.failures.push({ source: this.source, framework, message })
  }

  build(): SourceOutcome {
    return { source: this.source, values: this.values, failures: this.failures, notes: this.notes }
  }
}

/** A count must be a whole, non-negative, finite number; anything else is treated as a failure. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/**
 * The shape of a source that asks one URL per package: frameworks that name the same package share
 * one request; each request is limited, and a failure (or 404, with `notFound`'s message) fails
 * only the frameworks that named that package.
 */
export async function collectPerPackage(opts: {
  source: SourceId
  frameworks: FrameworkConfig[]
  keyOf: (fw: FrameworkConfig) => string
  concurrency: number
  fetchMetrics: (key: string) => Promise<SourceValues['metrics']>
  notFound: (key: string) => string
}): Promise<SourceOutcome> {
  const out = new OutcomeBuilder(opts.source)
  const byKey = new Map<string, FrameworkConfig[]>()
  for (const fw of opts.frameworks) {
    const key = opts.keyOf(fw)
    byKey.set(key, [...(byKey.get(key) ?? []), fw])
  }
  const limit = createLimiter(opts.concurrency)
  await Promise.all(
    [...byKey].map(([key, fws]) =>
      limit(async () => {
        try {
          const metrics = await opts.fetchMetrics(key)
          for (const fw of fws) out.set(fw.name, metrics)
        } catch (error) {
          const message = error instanceof SourceNotFoundError ? opts.notFound(key) : errorMessage(error)
          for (const fw of fws) out.fail(fw.name, message)
        }
      })
    )
  )
  return out.build()
}
