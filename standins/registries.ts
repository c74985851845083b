// Stand-ins for the non-GitHub services framework-radar reads: Stack Exchange, pypistats, the npm
// downloads API, Anaconda, Docker Hub and Semantic Scholar. One HTTP server on 127.0.0.1 with a path
// prefix per service; each answers with the real service's paths, status codes, JSON shapes and
// quirks (Stack Exchange gzips every response and wraps errors; npm refuses scoped names in bulk;
// Semantic Scholar throttles with a bare 429). Seeded faults exercise the sources' retries.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { gzipSync } from 'node:zlib'
import { NPM_RANGE_MAX_DAYS, npmRange, pypistatsOverall } from './downloads.js'
import { mulberry32 } from './github/faults.js'
import {
  deepLearningPackageData,
  normalizePypiName,
  npmRegistryReply,
  type NpmPackageFixture,
  type PackageData,
  pypiJsonReply,
  type PypiProjectFixture
} from './packages.js'

export type RegistryService =
  | 'stackexchange'
  | 'pypistats'
  | 'npm'
  | 'anaconda'
  | 'dockerhub'
  | 'semanticscholar'
  | 'pypi'
  | 'npm_registry'

const PREFIXES: Record<RegistryService, string> = {
  stackexchange: '/stackexchange/2.3',
  pypistats: '/pypistats/api',
  npm: '/npm',
  anaconda: '/anaconda',
  dockerhub: '/dockerhub/v2',
  semanticscholar: '/s2/graph/v1',
  pypi: '/pypi-org',
  npm_registry: '/npm-registry'
}

export interface RegistryTag {
  /** All-time question count (what /tags/{tags}/info reports). */
  count: number
  /** Creation dates (ISO) of recent questions; /questions counts those inside fromdate..todate. */
  questionDates?: string[]
  /** Or a fixed answer for any window. */
  windowCount?: number
}

export interface RegistryData extends PackageData {
  /** Stack Overflow tags (lowercase) */
  tags?: Record<string, RegistryTag>
  /** pypistats: normalised project name → downloads last month */
  pypi?: Record<string, number>
  /** npm package → downloads last month */
  npm?: Record<string, number>
  /** "channel/name" → ndownloads of each file */
  conda?: Record<string, number[]>
  /** "namespace/name" → pull_count */
  docker?: Record<string, number>
  /** paper id as configured ("arXiv:…", "DOI:…", "CorpusId:…") → citationCount */
  papers?: Record<string, number>
}

export type RegistryFaultKind = '502' | '503' | '429-retry-after' | 'reset' | 'timeout' | 'se-backoff'

export interface RegistryFaults {
  seed: number
  /** Probability that a request gets a fault (0..1). */
  rate: number
  kinds: RegistryFaultKind[]
  /** Seconds in an injected Stack Exchange `backoff` field (fractions allowed for fast tests). Default 1. */
  backoffSeconds?: number
  /** Seconds in an injected retry-after header, also in Stack Exchange throttle messages. Default 1. */
  retryAfterSeconds?: number
  /** How long a "timeout" fault holds the response before answering normally, in ms. Default 3000. */
  timeoutHoldMs?: number
}

export interface RegistryStandinOptions {
  data?: RegistryData
  /** Delay before every response, in ms. */
  latencyMs?: number
  faults?: RegistryFaults
  /** Services that answer HTTP 500 to everything. */
  failServices?: RegistryService[]
  /** Services that accept every connection and request and never answer (until the stand-in closes). */
  hangServices?: RegistryService[]
  /** Stack Exchange daily quota; default 10,000 with a key, 300 without (as the real API). */
  seQuotaMax?: number
  /** Clock for npm's start/end dates. */
  now?: Date
}

export interface RegistryRequest {
  service: RegistryService
  method: string
  /** Path below the service prefix, e.g. /tags/tensorflow;keras/info */
  path: string
  /** The raw query string, including "?" when present. */
  query: string
  /** 0 when the connection was reset or the client gave up. */
  status: number
  fault?: RegistryFaultKind
  contentEncoding?: string
  /** The `backoff` field sent in a Stack Exchange body. */
  backoff?: number
  /** performance.now() when the request arrived and when its response was sent. */
  receivedAt: number
  respondedAt: number
}

export interface RegistryStandins {
  urls: Record<RegistryService, string>
  requests: RegistryRequest[]
  /** Faults injected so far. */
  readonly injected: number
  /** Makes these services hang from now on (see hangServices); [] ends it. */
  setHanging(services: RegistryService[]): void
  close(): Promise<void>
}

interface Reply {
  status: number
  body: string
  headers?: Record<string, string>
  backoff?: number
}

const json = (status: number, value: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers }
})
const html = (status: number, text: string, headers?: Record<string, string>): Reply => ({
  status,
  body: `<html><head><title>${text}</title></head><body><h1>${text}</h1></body></html>`,
  headers: { 'content-type': 'text/html; charset=utf-8', ...headers }
})

export async function startRegistryStandins(options: RegistryStandinOptions = {}): Promise<RegistryStandins> {
  const standin = new RegistryServer(options)
  const server = createServer((req, res) => {
    const receivedAt = performance.now()
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void standin.handle(req, res, Buffer.concat(chunks).toString('utf8'), receivedAt).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' })
          res.end(String(error))
        }
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  const urls = Object.fromEntries(Object.entries(PREFIXES).map(([s, p]) => [s, base + p])) as Record<
    RegistryService,
    string
  >
  return {
    urls,
    requests: standin.requests,
    get injected() {
      return standin.injected
    },
    setHanging(services) {
      standin.hanging = new Set(services)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** What the services answer from: the data, the clock, and Stack Exchange's quota per key. */
interface ServiceContext {
  data: RegistryData
  now: Date
  seQuota: { withKey: number; withoutKey: number }
  /** Stack Exchange requests used, by key ('' = anonymous). */
  seUsed: Map<string, number>
}

/** The registries' HTTP frame: log, latency, hanging and failing services, seeded faults, then the service. */
class RegistryServer {
  readonly requests: RegistryRequest[] = []
  hanging: Set<RegistryService>
  injected = 0
  private readonly failing: Set<RegistryService>
  private readonly attemptsByKey = new Map<string, number>()
  private readonly consecutiveFailures = new Map<string, number>()
  private readonly services: ServiceContext

  constructor(private readonly options: RegistryStandinOptions) {
    this.failing = new Set(options.failServices ?? [])
    this.hanging = new Set(options.hangServices ?? [])
    this.services = {
      data: options.data ?? deepLearningRegistryData,
      get now() {
        return options.now ?? new Date()
      },
      seQuota: { withKey: options.seQuotaMax ?? 10_000, withoutKey: options.seQuotaMax ?? 300 },
      seUsed: new Map()
    }
  }

  async handle(req: IncomingMessage, res: ServerResponse, body: string, receivedAt: number): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const service = (Object.keys(PREFIXES) as RegistryService[]).find(
      (s) => url.pathname === PREFIXES[s] || url.pathname.startsWith(`${PREFIXES[s]}/`)
    )
    const log: RegistryRequest = {
      service: service ?? ('unknown' as RegistryService),
      method: req.method ?? 'GET',
      path: service ? url.pathname.slice(PREFIXES[service].length) : url.pathname,
      query: url.search,
      status: 0,
      receivedAt,
      respondedAt: receivedAt
    }
    this.requests.push(log)
    if (this.options.latencyMs) await sleep(this.options.latencyMs)
    if (!service) return send(res, log, html(404, 'Not Found'), false)
    if (this.hanging.has(service)) return // status stays 0: the client gives up, or close() drops the connection
    const gzipAlways = service === 'stackexchange' // the real API gzips whether asked or not
    const gzip = gzipAlways || /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    if (this.failing.has(service)) return send(res, log, serviceFailure(service), gzip)

    // Faults are decided per request key and attempt, so they do not depend on request order.
    const params = new URLSearchParams(url.search)
    params.delete('key')
    const requestKey = `${log.method} ${url.pathname}?${params.toString()} ${body}`
    const fault = await this.injectFault(req, res, { service, log, requestKey, gzip })
    if (fault === 'answered') return
    const reply = route(this.services, service, log.method, log.path, url.searchParams, body)
    if (reply.status < 400) this.consecutiveFailures.delete(requestKey)
    if (fault !== undefined && reply.status === 200) reply.backoff = fault
    return send(res, log, reply, gzip)
  }

  /**
   * Maybe a seeded fault for this attempt: 'answered' when it replaced the answer (an error reply, a
   * reset, a timeout the client gave up on), a Stack Exchange backoff (s) to add, else undefined.
   * A request key fails at most twice in a row, so retries get through.
   */
  private async injectFault(
    req: IncomingMessage,
    res: ServerResponse,
    at: { service: RegistryService; log: RegistryRequest; requestKey: string; gzip: boolean }
  ): Promise<'answered' | number | undefined> {
    const { service, log, requestKey } = at
    const attempt = this.attemptsByKey.get(requestKey) ?? 0
    this.attemptsByKey.set(requestKey, attempt + 1)
    const faults = this.options.faults
    if (!faults || faults.rate <= 0) return undefined
    const random = mulberry32(hashString(`${faults.seed}|${requestKey}|${attempt}`))
    const kinds = faults.kinds.filter((k) => k !== 'se-backoff' || service === 'stackexchange')
    if (kinds.length === 0 || random() >= faults.rate) return undefined
    const kind = kinds[Math.floor(random() * kinds.length)]
    if (kind === 'se-backoff') {
      log.fault = kind
      this.injected++
      return faults.backoffSeconds ?? 1
    }
    const failures = this.consecutiveFailures.get(requestKey) ?? 0
    if (failures >= 2) return undefined
    this.consecutiveFailures.set(requestKey, failures + 1)
    log.fault = kind
    this.injected++
    if (kind === 'reset') {
      log.respondedAt = performance.now()
      req.socket.destroy()
      return 'answered'
    }
    if (kind === 'timeout') {
      await sleep(faults.timeoutHoldMs ?? 3000)
      if (!req.socket.destroyed) return undefined
      log.respondedAt = performance.now()
      return 'answered'
    }
    send(res, log, faultReply(service, kind, faults.retryAfterSeconds ?? 1), at.gzip)
    return 'answered'
  }
}

function serviceFailure(service: RegistryService): Reply {
  return service === 'stackexchange'
    ? json(500, { error_id: 500, error_name: 'internal_error', error_message: 'An unexpected error occurred' })
    : html(500, '500 Internal Server Error')
}

function send(res: ServerResponse, log: RegistryRequest, reply: Reply, gzip: boolean): void {
  let text = reply.body
  if (reply.backoff !== undefined) {
    const parsed = JSON.parse(text) as Record<string, unknown>
    text = JSON.stringify({ ...parsed, backoff: reply.backoff })
    log.backoff = reply.backoff
  }
  // Level 1: a stand-in's compression is CPU the tests share with the action; the bytes need not be small.
  const payload = gzip ? gzipSync(text, { level: 1 }) : Buffer.from(text)
  const headers: Record<string, string> = { ...reply.headers, 'content-length': String(payload.length) }
  if (gzip) {
    headers['content-encoding'] = 'gzip'
    log.contentEncoding = 'gzip'
  }
  log.status = reply.status
  log.respondedAt = performance.now()
  if (res.destroyed) {
    log.status = 0
    return
  }
  res.writeHead(reply.status, headers)
  res.end(payload)
}

function faultReply(service: RegistryService, kind: RegistryFaultKind, retryAfter: number): Reply {
  if (service === 'stackexchange') {
    if (kind === '502') {
      // What Stack Exchange sends for a throttle: HTTP 400 with error_id 502 in the wrapper.
      return json(400, {
        error_id: 502,
        error_name: 'throttle_violation',
        error_message: `too many requests from this IP, more requests available in ${retryAfter} seconds`
      })
    }
    if (kind === '503')
      return json(503, {
        error_id: 503,
        error_name: 'temporarily_unavailable',
        error_message: 'The API is temporarily unavailable'
      })
  }
  if (kind === '429-retry-after') {
    if (service === 'semanticscholar') {
      // Semantic Scholar's shared rate limit answers without retry-after.
      return json(429, {
        message:
          'Too Many Requests. Please wait and try again or apply for a key for higher rate limits. ' +
          'https://www.semanticscholar.org/product/api#api-key-form',
        code: '429'
      })
    }
    return json(429, { error: 'Too Many Requests' }, { 'retry-after': String(retryAfter) })
  }
  if (kind === '503') return html(503, '503 Service Temporarily Unavailable')
  return html(502, '502 Bad Gateway')
}

function route(
  ctx: ServiceContext,
  service: RegistryService,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string
): Reply {
  const { data } = ctx
  switch (service) {
    case 'stackexchange':
      return stackExchange(ctx, method, path, query)
    case 'pypistats':
      return pypistats(ctx, path, query)
    case 'npm':
      return npm(ctx, path)
    case 'anaconda':
      return anaconda(data, path)
    case 'dockerhub':
      return dockerhub(data, path)
    case 'semanticscholar':
      return semanticScholar(data, method, path, query, body)
    case 'pypi':
    case 'npm_registry': {
      const reply = service === 'pypi' ? pypiJsonReply(data, path) : npmRegistryReply(data, path)
      return json(reply.status, reply.value)
    }
  }
}

const seError = (id: number, name: string, message: string, status = 400): Reply =>
  json(status, { error_id: id, error_name: name, error_message: message })

/** Stack Exchange: quota per key, the wrapper's checks, then /tags/{tags}/info or /questions. */
function stackExchange(ctx: ServiceContext, method: string, path: string, query: URLSearchParams): Reply {
  const key = query.get('key') ?? ''
  const quotaMax = key ? ctx.seQuota.withKey : ctx.seQuota.withoutKey
  const used = (ctx.seUsed.get(key) ?? 0) + 1
  if (used > quotaMax)
    return seError(
      502,
      'throttle_violation',
      'too many requests from this IP, more requests available in 86400 seconds'
    )
  ctx.seUsed.set(key, used)
  const quota = { quota_max: quotaMax, quota_remaining: quotaMax - used }
  if (method !== 'GET') return seError(404, 'no_method', 'no method found with this name', 404)
  if (!query.get('site')) return seError(400, 'bad_parameter', 'site is required')
  if (query.get('site') !== 'stackoverflow') return seError(400, 'bad_parameter', 'site')
  const pagesize = Number(query.get('pagesize') ?? '30')
  const page = Number(query.get('page') ?? '1')
  if (!Number.isInteger(pagesize) || pagesize < 0 || pagesize > 100) return seError(400, 'bad_parameter', 'pagesize')
  if (!Number.isInteger(page) || page < 1) return seError(400, 'bad_parameter', 'page')
  const paging = { page, pagesize, total: query.get('filter') === 'total', quota }
  const tagInfo = /^\/tags\/([^/]+)\/info$/.exec(path)
  if (tagInfo) return seTagInfo(ctx.data, tagInfo[1], paging)
  if (path === '/questions') return seQuestionCount(ctx.data, query, paging, ctx.now)
  return seError(404, 'no_method', 'no method found with this name', 404)
}

interface SePaging {
  page: number
  pagesize: number
  /** filter=total: only the count */
  total: boolean
  quota: { quota_max: number; quota_remaining: number }
}

/** GET /tags/{a;b;…}/info: the known tags, most questions first. */
function seTagInfo(data: RegistryData, tags: string, { page, pagesize, total, quota }: SePaging): Reply {
  const names = tags.split(';').map((t) => decodeURIComponent(t).toLowerCase())
  if (names.length > 100 || names.some((n) => n === '')) return seError(400, 'bad_parameter', 'tags')
  const found = [...new Set(names)]
    .filter((n) => data.tags?.[n] !== undefined)
    .map((name) => ({
      has_synonyms: false,
      is_moderator_only: false,
      is_required: false,
      count: data.tags![name].count,
      name
    }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
  if (total) return json(200, { total: found.length })
  const items = found.slice((page - 1) * pagesize, page * pagesize)
  return json(200, { items, has_more: page * pagesize < found.length, ...quota })
}

/** GET /questions?tagged=…&fromdate=…&todate=…: questions of one tag created in the window. */
/**
 * Questions in a window ending at `to` (unix s) for a tag with a fixed `windowCount`: that count for the
 * window ending in the last 30 days, 3 % more per whole 30 days further back (interest was higher) — so the
 * backfill's monthly windows each have their own truth (windowQuestions), the collection's the fixed one.
 */
export function windowQuestions(windowCount: number, toSeconds: number, now: Date): number {
  // Whole 30-day steps: a window ending within the last 30 days (the collection's, whatever clock) is exact.
  const monthsBack = Math.max(0, Math.floor((now.getTime() / 1000 - toSeconds) / (30 * 86_400)))
  return Math.round(windowCount * (1 + 0.03 * monthsBack))
}

function seQuestionCount(
  data: RegistryData,
  query: URLSearchParams,
  { total: totalOnly, quota }: SePaging,
  now: Date
): Reply {
  const tagged = (query.get('tagged') ?? '')
    .split(';')
    .filter(Boolean)
    .map((t) => t.toLowerCase())
  const from = query.has('fromdate') ? Number(query.get('fromdate')) : -Infinity
  const to = query.has('todate') ? Number(query.get('todate')) : Infinity
  if (Number.isNaN(from)) return seError(400, 'bad_parameter', 'fromdate')
  if (Number.isNaN(to)) return seError(400, 'bad_parameter', 'todate')
  let total = 0
  if (tagged.length === 1) {
    const tag = data.tags?.[tagged[0]]
    if (tag?.windowCount !== undefined)
      total = windowQuestions(tag.windowCount, Math.min(to, now.getTime() / 1000), now)
    else total = (tag?.questionDates ?? []).map((d) => Date.parse(d) / 1000).filter((t) => t >= from && t <= to).length
  }
  if (totalOnly) return json(200, { total })
  return json(200, { items: [], has_more: false, ...quota })
}

function pypistats({ data, now }: ServiceContext, path: string, query: URLSearchParams): Reply {
  const overall = /^\/packages\/([^/]+)\/overall$/.exec(path)
  if (overall) {
    const name = normalizePypiName(decodeURIComponent(overall[1]))
    const downloads = data.pypi?.[name]
    if (downloads === undefined) return html(404, '404 Not Found')
    return json(200, pypistatsOverall(name, downloads, now, query.get('mirrors')))
  }
  const match = /^\/packages\/([^/]+)\/recent$/.exec(path)
  if (!match) return html(404, '404 Not Found')
  const name = normalizePypiName(decodeURIComponent(match[1]))
  const downloads = data.pypi?.[name]
  if (downloads === undefined) return html(404, '404 Not Found')
  const period = query.get('period')
  const all = { last_day: Math.round(downloads / 30), last_week: Math.round(downloads / 4.3), last_month: downloads }
  const picked =
    period === 'day'
      ? { last_day: all.last_day }
      : period === 'week'
        ? { last_week: all.last_week }
        : period === 'month'
          ? { last_month: all.last_month }
          : all
  return json(200, { data: picked, package: name, type: 'recent_downloads' })
}

function npm(ctx: ServiceContext, path: string): Reply {
  const range = /^\/downloads\/range\/(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})\/(.+)$/.exec(path)
  if (range) {
    const [, start, end, spec] = range
    const name = decodeURIComponent(spec)
    const monthly = ctx.data.npm?.[name]
    if (monthly === undefined) return json(404, { error: `package ${name} not found` })
    const days = (Date.parse(end) - Date.parse(start)) / 86_400_000
    if (!(days >= 0)) return json(400, { error: 'end date is before start date' })
    if (days > NPM_RANGE_MAX_DAYS) return json(400, { error: 'range must be less than 18 months' })
    return json(200, npmRange(name, monthly, start, end, ctx.now))
  }
  const match = /^\/downloads\/point\/([^/]+)\/(.+)$/.exec(path)
  if (!match) return json(404, { error: 'not found' })
  if (match[1] !== 'last-month') return json(400, { error: 'Invalid period' })
  return npmLastMonth(ctx, decodeURIComponent(match[2]))
}

/** GET /downloads/point/last-month/{names}: one package, or several unscoped ones in bulk. */
function npmLastMonth({ data, now }: ServiceContext, spec: string): Reply {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1))
  const start = new Date(end.getTime() - 29 * 86_400_000)
  const day = (d: Date) => d.toISOString().slice(0, 10)
  const point = (name: string) => {
    const downloads = data.npm?.[name]
    return downloads === undefined ? null : { downloads, start: day(start), end: day(end), package: name }
  }
  const names = spec.split(',')
  if (names.length > 1) {
    if (names.some((n) => n.startsWith('@')))
      return json(400, { error: 'Scoped packages not supported in bulk queries' })
    if (names.length > 128) return json(400, { error: 'Too many packages specified (max 128)' })
    return json(200, Object.fromEntries(names.map((n) => [n, point(n)])))
  }
  const single = point(spec)
  if (!single) return json(404, { error: `package ${spec} not found` })
  return json(200, single)
}

function anaconda(data: RegistryData, path: string): Reply {
  const match = /^\/package\/([^/]+)\/([^/]+)\/?$/.exec(path)
  if (!match) return json(404, { error: 'Not Found' })
  const [channel, name] = [decodeURIComponent(match[1]), decodeURIComponent(match[2])]
  const files = data.conda?.[`${channel}/${name}`]
  if (!files) return json(404, { error: `"${channel}/${name}" could not be found` })
  return json(200, {
    name,
    owner: { login: channel },
    full_name: `${channel}/${name}`,
    summary: `${name} package`,
    latest_version: '1.0.0',
    files: files.map((ndownloads, i) => ({
      basename: `linux-64/${name}-1.0.${i}-py_0.conda`,
      version: `1.0.${i}`,
      ndownloads,
      size: 1000 + i,
      attrs: { subdir: 'linux-64' }
    }))
  })
}

function dockerhub(data: RegistryData, path: string): Reply {
  const match = /^\/repositories\/([^/]+)\/([^/]+)\/?$/.exec(path)
  if (!match) return json(404, { message: 'object not found', errinfo: {} })
  const [namespace, name] = [decodeURIComponent(match[1]), decodeURIComponent(match[2])]
  const pulls = data.docker?.[`${namespace}/${name}`]
  if (pulls === undefined) return json(404, { message: 'object not found', errinfo: { namespace, repository: name } })
  return json(200, {
    user: namespace,
    name,
    namespace,
    repository_type: 'image',
    status: 1,
    description: `${name} images`,
    is_private: false,
    star_count: Math.round(pulls / 50_000),
    pull_count: pulls,
    last_updated: '2025-12-01T00:00:00.000000Z'
  })
}

function semanticScholar(
  data: RegistryData,
  method: string,
  path: string,
  query: URLSearchParams,
  body: string
): Reply {
  const fields = (query.get('fields') ?? '').split(',')
  const paper = (id: string) => {
    const citations = lookupPaper(data, id)
    if (citations === undefined) return null
    const record: Record<string, unknown> = { paperId: hex40(id.toLowerCase()) }
    if (fields.includes('citationCount')) record.citationCount = citations
    return record
  }
  if (method === 'POST' && path === '/paper/batch') {
    let ids: unknown
    try {
      ids = (JSON.parse(body) as { ids?: unknown }).ids
    } catch {
      return json(400, { error: 'Unacceptable JSON body' })
    }
    if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string'))
      return json(400, { error: 'Body must contain ids: a list of strings' })
    if (ids.length > 500) return json(400, { error: 'Cannot process more than 500 ids at a time' })
    return json(200, (ids as string[]).map(paper))
  }
  const single = /^\/paper\/(.+)$/.exec(path)
  if (method === 'GET' && single) {
    const id = decodeURIComponent(single[1])
    const found = paper(id)
    if (!found) return json(404, { error: `Paper with id ${id} not found` })
    return json(200, found)
  }
  return json(404, { message: 'Not Found' })
}

function lookupPaper(data: RegistryData, id: string): number | undefined {
  const papers = data.papers ?? {}
  if (papers[id] !== undefined) return papers[id]
  // Semantic Scholar reads the id prefix case-insensitively (ARXIV:, arxiv:, arXiv:).
  const lower = id.toLowerCase()
  const match = Object.keys(papers).find((k) => k.toLowerCase() === lower)
  return match === undefined ? undefined : papers[match]
}

function hashString(text: string): number {
  let h = 2166136261 // FNV-1a
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 16777619)
  }
  return h >>> 0
}

function hex40(text: string): string {
  let out = ''
  for (let i = 0; out.length < 40; i++) out += hashString(`${i}:${text}`).toString(16).padStart(8, '0')
  return out.slice(0, 40)
}

/** Plausible figures for the ten deep learning frameworks of examples/deep-learning.yml. */
export const deepLearningRegistryData: RegistryData = {
  ...deepLearningPackageData,
  tags: {
    tensorflow: { count: 79_412, windowCount: 412 },
    pytorch: { count: 24_987, windowCount: 389 },
    keras: { count: 43_105, windowCount: 156 },
    jax: { count: 1_274, windowCount: 31 },
    mxnet: { count: 1_302, windowCount: 2 },
    caffe: { count: 3_912, windowCount: 3 },
    cntk: { count: 611, windowCount: 0 },
    theano: { count: 2_618, windowCount: 1 },
    deeplearning4j: { count: 1_197, windowCount: 5 }
    // neon has no Stack Overflow tag.
  },
  pypi: {
    tensorflow: 19_873_402,
    torch: 41_236_977,
    keras: 11_902_315,
    jax: 8_734_190,
    mxnet: 402_118,
    theano: 151_840,
    cntk: 3_106,
    nervananeon: 142
  },
  npm: { '@tensorflow/tfjs': 451_208 },
  conda: {
    'conda-forge/tensorflow': [2_104_331, 1_873_002, 1_502_877, 998_410],
    'pytorch/pytorch': [9_120_554, 8_402_113, 7_390_045],
    'conda-forge/keras': [1_402_991, 1_210_337, 411_020],
    'conda-forge/jax': [650_112, 512_784]
  },
  docker: {
    'tensorflow/tensorflow': 81_402_117,
    'pytorch/pytorch': 19_880_431,
    'bvlc/caffe': 1_043_288
  },
  papers: {
    'arXiv:1603.04467': 16_412,
    'arXiv:1912.01703': 41_877,
    'arXiv:1408.5093': 15_034,
    'arXiv:1512.01274': 2_731,
    'arXiv:1605.02688': 2_496
  }
}

/** The registry keys of synthetic framework i (combine with a name and a github slug). */
export interface SyntheticRegistryKeys {
  stackoverflow?: string
  pypi?: string
  npm?: string
  conda?: string
  dockerhub?: string
  paper?: string
}

/**
 * Keys for n synthetic frameworks: most have a tag and a PyPI package, 3 in 5 an npm package (one in
 * five of them scoped), 1 in 3 a conda package, 1 in 4 a Docker image, half a paper.
 */
export function syntheticRegistryKeys(n: number): SyntheticRegistryKeys[] {
  return Array.from({ length: n }, (_, i) => {
    const keys: SyntheticRegistryKeys = {}
    if (i % 10 !== 9) keys.stackoverflow = `synth-tag-${i}`
    keys.pypi = `synth-pkg-${i}`
    if (i % 5 === 0) keys.npm = `@synth/pkg-${i}`
    else if (i % 5 <= 2) keys.npm = `synth-pkg-${i}`
    if (i % 3 === 0) keys.conda = `conda-forge/synth-pkg-${i}`
    if (i % 4 === 0) keys.dockerhub = `synthorg/image-${i}`
    if (i % 2 === 0) keys.paper = `arXiv:2001.${String(i).padStart(5, '0')}`
    return keys
  })
}

/** Seeded data for every key of syntheticRegistryKeys(n) (for benchmarks). */
export function syntheticRegistryData(n: number, seed: number): RegistryData {
  const random = mulberry32(seed)
  const int = (max: number) => Math.floor(random() ** 3 * max)
  const data: Required<RegistryData> = {
    tags: {},
    pypi: {},
    npm: {},
    conda: {},
    docker: {},
    papers: {},
    pypiProjects: {},
    npmPackages: {}
  }
  for (const keys of syntheticRegistryKeys(n)) {
    if (keys.stackoverflow) data.tags[keys.stackoverflow] = { count: int(100_000), windowCount: int(500) }
    if (keys.pypi) data.pypi[normalizePypiName(keys.pypi)] = int(50_000_000)
    if (keys.pypi) data.pypiProjects[normalizePypiName(keys.pypi)] = syntheticPypiProject(keys.pypi, int(20))
    if (keys.npm) data.npm[keys.npm] = int(5_000_000)
    if (keys.npm) data.npmPackages[keys.npm] = syntheticNpmPackage(int(20))
    if (keys.conda) data.conda[keys.conda] = [int(5_000_000), int(5_000_000), int(1_000_000)]
    if (keys.dockerhub) data.docker[keys.dockerhub] = int(100_000_000)
    if (keys.paper) data.papers[keys.paper] = int(50_000)
  }
  return data
}

export function syntheticPypiProject(name: string, deps: number): PypiProjectFixture {
  return {
    name,
    version: '1.0.0',
    uploaded: '2026-06-01T00:00:00Z',
    license: 'MIT',
    requires_python: '>=3.10',
    requires_dist: Array.from({ length: deps }, (_, k) => `dep-${k}>=1`),
    classifiers: ['Programming Language :: Python :: 3.12'],
    files: [`${name.replace(/-/g, '_')}-1.0.0-py3-none-any.whl`]
  }
}

function syntheticNpmPackage(deps: number): NpmPackageFixture {
  return {
    latest: '1.0.0',
    time: { '1.0.0': '2026-06-01T00:00:00.000Z' },
    license: 'MIT',
    dependencies: Object.fromEntries(Array.from({ length: deps }, (_, k) => [`dep-${k}`, '^1.0.0']))
  }
}
