// One source's view of the HTTP layer: JSON requests validated with zod, retried on transient faults
// (network errors, timeouts, 408, 429, 5xx and what a service-specific hook calls transient) with
// exponential backoff or the server's retry-after, a concurrency limit, service-asked pauses
// (Stack Exchange `backoff`), a deadline for the whole source, and fail-fast per host (host.ts).
// Written by hand because no library combines these with per-service hooks; p-limit does the limit.
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import pLimit, { type LimitFunction } from 'p-limit'
import type { z } from 'zod'
import type { SourceContext } from '../sources/types.js'
import { errorDetail, SourceHttpError, SourceNotFoundError } from './errors.js'
import { HostHealth } from './host.js'
import { describeNetworkError, isNetworkError, isTimeout } from './network-error.js'
import { type ProxyEnv, proxiedFetch, proxyEnv } from './proxy.js'
import { redact, redactUrl } from './redact.js'
import { parseRetryAfter } from './retry-after.js'
import { type NetSettings, resolveNetSettings } from './settings.js'

/** What a source's API-specific check says about an error response. */
export interface TransientVerdict {
  /** How long the server asks us to wait before trying again, when it says. */
  waitMs?: number
}

export interface JsonRequest<T> {
  /** Counter key, e.g. "stackoverflow.tags"; every attempt counts once. */
  kind: string
  schema: z.ZodType<T>
  method?: 'GET' | 'POST'
  /** JSON request body (POST). */
  body?: unknown
  /**
   * Recognises an API's own transient errors that plain status codes do not reveal (Stack Exchange
   * answers a throttle with HTTP 400 and error_id 502). Return undefined for "not transient".
   */
  transientError?: (status: number, body: unknown) => TransientVerdict | undefined
  /** Runs right before each attempt, inside the concurrency slot; throwing stops the request (a used-up quota). */
  beforeAttempt?: () => void
  /** A pause the server asks for after answering (seconds), kept per key: later requests with that key wait it out. */
  pause?: { key: string; secondsAsked: (data: T) => number | undefined }
}

/** Attempts of one request in a row that got no answer, and when the first of them started. */
interface Silence {
  streak: number
  since: number
}

type Attempt<T> = { ok: true; data: T } | { ok: false; error: SourceHttpError; waitMs?: number }

export class HttpScope {
  readonly settings: NetSettings
  private readonly limit: LimitFunction
  private readonly deadline: AbortSignal
  private readonly hosts = new Map<string, HostHealth>()
  /** Pause key → performance.now() before which no request with that key starts. */
  private readonly pauses = new Map<string, number>()
  private readonly secrets: string[]
  private readonly proxies: ProxyEnv
  private readonly createdAt = performance.now()

  constructor(
    private readonly ctx: SourceContext,
    readonly source: string,
    concurrency: number,
    private readonly env: NodeJS.ProcessEnv = process.env
  ) {
    this.settings = resolveNetSettings(ctx, env)
    this.limit = pLimit(concurrency)
    this.deadline = AbortSignal.timeout(this.settings.deadlineMs)
    this.secrets = [ctx.token, ctx.stackexchangeKey].filter((s): s is string => typeof s === 'string' && s.length >= 4)
    this.proxies = proxyEnv(env)
  }

  /**
   * GETs (or POSTs) JSON and validates it. Throws SourceNotFoundError on 404 and SourceHttpError on
   * anything else that did not work out, never with a secret in the message.
   */
  getJson<T>(url: string, request: JsonRequest<T>): Promise<T> {
    return this.limit(() => this.withRetries(url, request))
  }

  private async withRetries<T>(url: string, request: JsonRequest<T>): Promise<T> {
    const where = `${request.method ?? 'GET'} ${redactUrl(url)}`
    const host = this.hostOf(url, where)
    let failed: Extract<Attempt<T>, { ok: false }> | undefined
    const silence: Silence = { streak: 0, since: 0 }
    for (let attempt = 1; attempt <= this.settings.maxAttempts; attempt++) {
      if (failed) await this.waitToRetry(failed, attempt, where, host, request.kind)
      if (request.pause) await this.waitForPause(request.pause.key, where, host)
      this.checkOpen(where, host)
      request.beforeAttempt?.()
      this.ctx.counter.add(request.kind)
      const result = await this.attempt(url, where, request, host, silence)
      if (result.ok) {
        this.notePause(request, result.data)
        return result.data
      }
      failed = result
    }
    const last = failed?.error
    const hostDown = host.down === undefined ? '' : `; ${host.down}`
    throw new SourceHttpError(
      `${last?.message ?? where} (gave up after ${this.settings.maxAttempts} attempts)${hostDown}`,
      last?.status,
      true
    )
  }

  private hostOf(url: string, where: string): HostHealth {
    let host: string
    try {
      host = new URL(url).host
    } catch {
      throw new SourceHttpError(this.redact(`${where} failed: not a valid URL`))
    }
    let health = this.hosts.get(host)
    if (!health) {
      health = new HostHealth(host, this.settings)
      this.hosts.set(host, health)
    }
    return health
  }

  /** Throws when the source's deadline has passed or the host was given up. */
  private checkOpen(where: string, host: HostHealth): void {
    if (this.deadline.aborted)
      throw new SourceHttpError(
        `${where} stopped: the ${this.source} source's deadline of ${this.settings.deadlineMs / 1000} s passed`,
        undefined,
        true
      )
    if (host.down !== undefined) throw new SourceHttpError(`${where} skipped: ${host.down}`, undefined, true)
  }

  /** Sleeps, but wakes (and throws) as soon as the deadline passes or the host is given up. */
  private async pauseFor(ms: number, where: string, host: HostHealth): Promise<void> {
    if (ms <= 0) return
    try {
      await sleep(ms, undefined, { signal: AbortSignal.any([this.deadline, host.signal]) })
    } catch {
      this.checkOpen(where, host)
    }
  }

  private async waitToRetry(
    failed: { error: SourceHttpError; waitMs?: number },
    attempt: number,
    where: string,
    host: HostHealth,
    kind: string
  ): Promise<void> {
    const { maxWaitMs, retryBaseMs } = this.settings
    const waitMs = Math.min(maxWaitMs, failed.waitMs ?? retryBaseMs * 2 ** (attempt - 2))
    if (waitMs > this.remainingMs())
      throw new SourceHttpError(
        `${failed.error.message} (not retried: waiting ${Math.ceil(waitMs / 1000)} s would pass the ${this.source} ` +
          `source's deadline)`,
        failed.error.status,
        true
      )
    this.ctx.log.debug(`${kind}: retrying ${where} in ${waitMs} ms (${failed.error.message})`)
    await this.pauseFor(waitMs, where, host)
  }

  private remainingMs(): number {
    return this.settings.deadlineMs - (performance.now() - this.createdAt)
  }

  private async waitForPause(key: string, where: string, host: HostHealth): Promise<void> {
    for (;;) {
      const delay = (this.pauses.get(key) ?? 0) - performance.now()
      if (delay <= 0) return
      await this.pauseFor(Math.ceil(delay), where, host)
    }
  }

  private notePause<T>(request: JsonRequest<T>, data: T): void {
    const seconds = request.pause?.secondsAsked(data)
    if (!request.pause || seconds === undefined || !(seconds > 0)) return
    const { key } = request.pause
    this.ctx.log.debug(`${this.source}: the server asks to wait ${seconds} s before the next ${key} request`)
    const until = performance.now() + Math.min(seconds * 1000, this.settings.maxWaitMs)
    if (until > (this.pauses.get(key) ?? 0)) this.pauses.set(key, until)
  }

  private async attempt<T>(
    url: string,
    where: string,
    request: JsonRequest<T>,
    host: HostHealth,
    silence: Silence
  ): Promise<Attempt<T>> {
    const startedAt = performance.now()
    let answer: { status: number; headers: Headers; text: string }
    try {
      answer = await this.send(url, request, host)
    } catch (error) {
      if (silence.streak++ === 0) silence.since = startedAt
      return { ok: false, error: this.noAnswer(error, url, where, host, silence) }
    }
    silence.streak = 0
    host.answered()
    return this.judge(answer.status, answer.headers, answer.text, where, request)
  }

  /** One HTTP exchange, bounded by the attempt's timeout, the source's deadline and the host's health. */
  private async send<T>(url: string, request: JsonRequest<T>, host: HostHealth) {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'framework-radar' }
    if (request.body !== undefined) headers['content-type'] = 'application/json'
    // A timer of our own, not AbortSignal.timeout(): a timeout signal reachable only through
    // AbortSignal.any() can be garbage-collected with its timer, and the attempt would never time out.
    const timer = new AbortController()
    const timeout = setTimeout(
      () => timer.abort(new DOMException(`timed out after ${this.settings.timeoutMs} ms`, 'TimeoutError')),
      this.settings.timeoutMs
    )
    try {
      const response = await proxiedFetch(
        url,
        {
          method: request.method ?? 'GET',
          headers,
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: AbortSignal.any([timer.signal, this.deadline, host.signal])
        },
        this.env
      )
      // Read under the same signal: a body that never ends times out too.
      return { status: response.status, headers: response.headers as Headers, text: await response.text() }
    } finally {
      clearTimeout(timeout)
    }
  }

  /** The error of an attempt that got no answer (retried); throws when retrying cannot help. */
  private noAnswer(error: unknown, url: string, where: string, host: HostHealth, silence: Silence): SourceHttpError {
    this.checkOpen(where, host) // aborted by the deadline or by the host being given up
    let reason: string
    if (isTimeout(error)) reason = `timed out after ${this.settings.timeoutMs} ms`
    else if (isNetworkError(error)) reason = describeNetworkError(error, new URL(url), this.proxies)
    else throw new SourceHttpError(this.redact(`${where} failed: ${error instanceof Error ? error.message : error}`))
    host.noAnswer(silence.streak, silence.since)
    return new SourceHttpError(this.redact(`${where} failed: ${reason}`), undefined, true)
  }

  private judge<T>(status: number, headers: Headers, text: string, where: string, request: JsonRequest<T>): Attempt<T> {
    if (status >= 200 && status < 300) return { ok: true, data: this.parse(text, status, where, request.schema) }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
    const detail = errorDetail(body)
    const message = this.redact(`${where} returned HTTP ${status}${detail ? `: ${detail}` : ''}`)
    if (status === 404) throw new SourceNotFoundError(message)
    const verdict = request.transientError?.(status, body)
    if (verdict) return { ok: false, error: new SourceHttpError(message, status, true), waitMs: verdict.waitMs }
    if (status === 408 || status === 429 || status >= 500) {
      const waitMs = parseRetryAfter(headers.get('retry-after'), Date.now())
      return { ok: false, error: new SourceHttpError(message, status, true), waitMs }
    }
    throw new SourceHttpError(message, status)
  }

  private parse<T>(text: string, status: number, where: string, schema: z.ZodType<T>): T {
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new SourceHttpError(this.redact(`${where} returned HTTP ${status} with a body that is not JSON`), status)
    }
    const parsed = schema.safeParse(json)
    if (parsed.success) return parsed.data
    const issue = parsed.error.issues[0]
    const path = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    const message = `${where} returned an unexpected response (${path}${issue?.message ?? 'invalid'})`
    throw new SourceHttpError(this.redact(message), status)
  }

  private redact(text: string): string {
    return redact(text, this.secrets)
  }
}

/** The HTTP layer for one source's run: its own limit, deadline and host health. */
export function openScope(ctx: SourceContext, source: string, options: { concurrency: number }): HttpScope {
  return new HttpScope(ctx, source, options.concurrency)
}
