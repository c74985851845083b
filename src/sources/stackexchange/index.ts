// Stack Overflow question counts through the Stack Exchange API 2.3: all-time totals for up to
// 100 tags per request (/tags/{tags}/info), and the questions asked in the window, one request per
// tag (/questions?filter=total). Honours the per-method `backoff` field and the daily quota.
import type { z } from 'zod'
import type { FrameworkConfig } from '../../config/schema.js'
import { errorMessage, type HttpScope, openScope, type TransientVerdict } from '../../net/index.js'
import { chunk, groupBy, OutcomeBuilder } from '../outcome.js'
import { sourceFrom } from '../declare.js'
import type { Source, SourceContext, SourceOutcome } from '../types.js'
import { stackoverflow } from './declaration.js'
import { errorResponse, tagInfoResponse, totalResponse } from './schema.js'

/** Tags per /tags/{tags}/info request: the API's limit for a vector parameter. */
export const TAGS_PER_REQUEST = 100

export interface StackOverflowSourceOptions {
  /** Window requests (/questions) in flight at once. The API bans IPs above 30 requests/s. */
  concurrency?: number
}

export function createStackOverflowSource(options: StackOverflowSourceOptions = {}): Source {
  return sourceFrom(stackoverflow, (frameworks, ctx) => collect(frameworks, ctx, options.concurrency ?? 3))
}

export const stackOverflowSource: Source = createStackOverflowSource()

/** The daily quota is used up: no request can succeed before tomorrow. */
export class QuotaUsedUp extends Error {}

/**
 * Sends Stack Exchange requests: honours the per-method `backoff` field, retries its throttles
 * (HTTP 400 throttle_violation) and counts down the daily quota. The backfill uses it too.
 */
export function stackExchangeClient(http: HttpScope, kind = 'stackoverflow') {
  // Requests left today, as the API last told us (the total filter omits it, so we count down).
  let quotaRemaining: number | undefined
  return async function request<T extends { backoff?: number; quota_remaining?: number }>(
    method: string,
    url: string,
    schema: z.ZodType<T>,
    quotaMessage?: string
  ): Promise<T> {
    const data = await http.getJson(url, {
      kind: `${kind}.${method}`,
      schema,
      // `backoff` applies to one method (tags, questions, …): the layer holds back later calls to it.
      pause: { key: method, secondsAsked: (d) => d.backoff },
      beforeAttempt: () => {
        if (quotaMessage && quotaRemaining !== undefined && quotaRemaining <= 0) throw new QuotaUsedUp(quotaMessage)
        if (quotaRemaining !== undefined) quotaRemaining--
      },
      transientError: (_status, body) => stackExchangeTransient(body, http.settings.maxWaitMs)
    })
    if (data.quota_remaining !== undefined) quotaRemaining = data.quota_remaining
    return data
  }
}

async function collect(frameworks: FrameworkConfig[], ctx: SourceContext, concurrency: number): Promise<SourceOutcome> {
  const out = new OutcomeBuilder('stackoverflow')
  const base = ctx.endpoints.stackexchange.replace(/\/+$/, '')
  const keyParam = ctx.stackexchangeKey ? `&key=${encodeURIComponent(ctx.stackexchangeKey)}` : ''
  const request = stackExchangeClient(openScope(ctx, 'stackoverflow', { concurrency }))
  const frameworksByTag = groupBy(frameworks, (fw) => fw.stackoverflow?.toLowerCase())
  const failTag = (tag: string, message: string) => {
    for (const fw of frameworksByTag.get(tag) ?? []) out.fail(fw.name, message)
  }

  // 1. All-time totals, many tags per request. Sequential: there are few such requests.
  const totals = new Map<string, number>()
  for (const group of chunk([...frameworksByTag.keys()].sort(), TAGS_PER_REQUEST)) {
    const vector = group.map((t) => encodeURIComponent(t)).join(';')
    const found = new Map<string, number>()
    try {
      for (let page = 1; ; page++) {
        const pageParam = page > 1 ? `&page=${page}` : ''
        const url = `${base}/tags/${vector}/info?site=stackoverflow&pagesize=100${pageParam}${keyParam}`
        const data = await request('tags', url, tagInfoResponse)
        for (const item of data.items) found.set(item.name.toLowerCase(), item.count)
        if (!data.has_more || page >= 5) break
      }
    } catch (error) {
      for (const tag of group) failTag(tag, `tag info for "${tag}": ${errorMessage(error)}`)
      continue
    }
    for (const tag of group) {
      const count = found.get(tag)
      if (count === undefined) failTag(tag, `tag "${tag}" not found on Stack Overflow`)
      else totals.set(tag, count)
    }
  }

  // 2. Questions asked in the window: one request per tag (the API counts one tag set at a time).
  const todate = Math.floor(ctx.now.getTime() / 1000)
  const fromdate = todate - ctx.windowDays * 86_400
  await Promise.all(
    [...totals].map(async ([tag, total]) => {
      const url =
        `${base}/questions?tagged=${encodeURIComponent(tag)}&fromdate=${fromdate}&todate=${todate}` +
        `&site=stackoverflow&filter=total${keyParam}`
      const quotaMessage =
        `Stack Exchange daily quota used up before "${tag}" (set the stackexchange-key input to ` +
        `raise it to 10,000 requests)`
      try {
        const data = await request('questions', url, totalResponse, quotaMessage)
        for (const fw of frameworksByTag.get(tag) ?? [])
          out.set(fw.name, { so_questions: total, so_questions_window: data.total })
      } catch (error) {
        failTag(
          tag,
          error instanceof QuotaUsedUp ? error.message : `questions in the window for "${tag}": ${errorMessage(error)}`
        )
      }
    })
  )
  return out.build()
}

/**
 * Stack Exchange reports throttles in its error wrapper, often with HTTP 400:
 * error_id 502 throttle_violation ("… more requests available in N seconds"), 500 internal_error
 * and 503 temporarily_unavailable are worth another try; a wait longer than we may wait is not.
 */
function stackExchangeTransient(body: unknown, maxWaitMs: number): TransientVerdict | undefined {
  const parsed = errorResponse.safeParse(body)
  if (!parsed.success) return undefined
  const { error_id: id, error_message: message = '' } = parsed.data
  if (id === 500 || id === 503) return {}
  if (id !== 502) return undefined
  const seconds = /available in (\d+(?:\.\d+)?) seconds?/i.exec(message)
  if (!seconds) return {}
  const waitMs = Number(seconds[1]) * 1000
  return waitMs <= maxWaitMs ? { waitMs } : undefined
}
