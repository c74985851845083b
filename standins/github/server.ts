// A stateful local GitHub on 127.0.0.1: the HTTP frame (auth, rate-limit headers, request ids,
// gzip, request log, seeded faults, latency) around two handlers — the repository state REST API
// (rest.ts) and the metrics API (metrics.ts: POST /graphql, GET /repos/{o}/{r}/contributors, …).
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { parse as parseGraphql } from 'graphql'
import {
  Faults,
  GRAPHQL_FAULT_KINDS,
  type FaultKind,
  type FaultOptions,
  type GraphqlFaultKind,
  type HttpFaultKind
} from './faults.js'
import { createMetricsHandler, type MetricsHandlerOptions, type RepoFixture } from './metrics.js'
import { pointsFor, SecondaryLimits, secondaryLimitResponse, type SecondaryLimitOptions } from './limits.js'
import { createRefMutations } from './refs-graphql.js'
import { createRestHandler, errorResponse, type Permissions, repositoryNodeId } from './rest.js'
import { RepoState, type SiteOptions } from './state.js'

export interface StandinRequest {
  method: string
  path: string /* without base prefix, e.g. /repos/a/b/git/refs */
  query: URLSearchParams
  headers: Record<string, string | undefined>
  body: unknown /* parsed JSON or undefined */
}
export interface StandinResponse {
  status: number
  headers?: Record<string, string>
  body?: unknown /* JSON-serialised unless string */
}
export interface FaultInjector {
  /* seeded; see faults.ts */ graphqlFault(): 'RATE_LIMITED' | 'RESOURCE_LIMITS_EXCEEDED' | undefined
}

export type StandinHandler = (req: StandinRequest) => Promise<StandinResponse | undefined>

export interface GitHubStandinOptions {
  /** When set, every request needs `Authorization: token X` or `Bearer X`. */
  token?: string
  /** Repositories the metrics handler serves (GraphQL, contributors). */
  repos?: RepoFixture[]
  /** Further metrics handler options (GraphQL budget, limits). */
  metrics?: Partial<Omit<MetricsHandlerOptions, 'repos' | 'now' | 'faults'>>
  /** The repository the action writes to. */
  site?: SiteOptions
  permissions?: Partial<Permissions>
  protectedBranches?: string[]
  faults?: FaultOptions
  /** Added before every answer. */
  latencyMs?: number
  /**
   * '' = github.com layout (REST at /, GraphQL at /graphql);
   * '/api/v3' = GHES (REST at /api/v3, GraphQL at /api/graphql).
   */
  prefix?: '' | '/api/v3'
  now?: () => Date
  /** Model GitHub's secondary limits (limits.ts); off unless given. */
  secondaryLimits?: SecondaryLimitOptions
  /** REST (core) requests the token has left this hour (GitHub: 5,000; GITHUB_TOKEN: 1,000 per repository). */
  coreBudget?: number
  /** Tests: awaited before a request is answered (e.g. to line up two racing runs). */
  beforeAnswer?: (request: { method: string; path: string }) => Promise<void> | void
}

export interface RequestLogEntry {
  method: string
  /** Without prefix and query, decoded, e.g. /repos/a/b/git/refs/heads/x or /graphql */
  path: string
  query: string
  kind: 'rest' | 'graphql'
  /** Any non-GET REST request, or a GraphQL mutation. */
  write: boolean
  /** 0 when the connection was reset or timed out. */
  status: number
  fault?: FaultKind
  /** Date.now() when the request arrived. */
  at: number
  /** Date.now() when it was answered (or dropped); 0 until then. */
  answeredAt: number
  /** Secondary-limit points (REST GET 1, write 5; GraphQL query 1, mutation 5). */
  points: number
  /** Refused with a secondary limit. */
  refused?: boolean
}

export interface GitHubStandin {
  /**
   * How often the collection's GraphQL documents asked for each repository ("owner/name", lowercase) since
   * the last resetLog; the backfill's document (FrameworkRadarBackfill) counts in backfillRepositoryFields.
   */
  repositoryFields: Map<string, number>
  backfillRepositoryFields: Map<string, number>
  /** What GITHUB_API_URL would hold. */
  apiUrl: string
  /** What GITHUB_GRAPHQL_URL would hold. */
  graphqlUrl: string
  port: number
  state: RepoState
  /** Every request, in the order answered. */
  requests: RequestLogEntry[]
  faults: Faults
  /** The secondary limits, when modelled. */
  limits?: SecondaryLimits
  resetLog(): void
  /** A new hour with `core` REST requests to spend (GitHub: 5,000; GITHUB_TOKEN: 1,000 per repository). */
  resetCoreBudget(core: number): void
  /** Writes in the log (handy for "zero writes" assertions). */
  writes(): RequestLogEntry[]
  close(): Promise<void>
}

const RATE_LIMIT = 5000

function isMutation(body: unknown): boolean {
  const query = (body as { query?: unknown } | undefined)?.query
  if (typeof query !== 'string') return false
  try {
    const doc = parseGraphql(query)
    return doc.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'mutation')
  } catch {
    return false
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export async function startGitHubStandin(options: GitHubStandinOptions = {}): Promise<GitHubStandin> {
  const standin = new StandinServer(options)
  const server = createServer((req, res) => {
    standin.handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ message: `stand-in error: ${(error as Error).message}` }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  standin.origin = `http://127.0.0.1:${port}`
  const { state, requests, faults, limits, repositoryFields, backfillRepositoryFields, pendingTimers } = standin
  return {
    apiUrl: standin.origin + standin.restPrefix,
    graphqlUrl: standin.origin + standin.graphqlPath,
    port,
    state,
    requests,
    faults,
    limits,
    repositoryFields,
    backfillRepositoryFields,
    resetLog: () => {
      requests.length = 0
      repositoryFields.clear()
      backfillRepositoryFields.clear()
    },
    resetCoreBudget: (core) => standin.resetCoreBudget(core),
    writes: () => requests.filter((r) => r.write),
    close: async () => {
      for (const t of pendingTimers) clearTimeout(t)
      pendingTimers.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** A request as the frame sees it: where it goes, what it carries, and its log entry. */
interface Incoming {
  raw: Buffer
  url: URL
  method: string
  decodedPath: string
  kind: 'rest' | 'graphql'
  /** without the prefix; '' when outside it (GHES layout) */
  path: string
  headers: Record<string, string | undefined>
  body: unknown
  badJson: boolean
  entry: RequestLogEntry
  resource: 'core' | 'graphql'
  /** GET /rate_limit is free on GitHub. */
  free: boolean
}

/** The stand-in's state and its HTTP frame: each request is parsed, counted, admitted, faulted, then answered. */
class StandinServer {
  readonly now: () => Date
  readonly restPrefix: string
  readonly graphqlPath: string
  readonly state: RepoState
  readonly faults: Faults
  readonly requests: RequestLogEntry[] = []
  readonly limits?: SecondaryLimits
  readonly pendingTimers = new Set<NodeJS.Timeout>()
  readonly repositoryFields = new Map<string, number>()
  readonly backfillRepositoryFields = new Map<string, number>()
  /** http://127.0.0.1:port, known once the server listens. */
  origin = ''
  private readonly used = { core: 0, graphql: 0 }
  private coreLimit: number
  private requestCounter = 0
  private readonly rest: StandinHandler
  private readonly metrics: StandinHandler

  constructor(private readonly options: GitHubStandinOptions) {
    this.now = options.now ?? (() => new Date('2025-01-06T06:17:00Z'))
    this.restPrefix = options.prefix ?? ''
    this.graphqlPath = options.prefix === '/api/v3' ? '/api/graphql' : '/graphql'
    this.state = new RepoState(options.site ?? { owner: 'octo-org', name: 'site' }, this.now)
    for (const b of options.protectedBranches ?? []) this.state.protectedBranches.add(b)
    this.faults = new Faults(options.faults)
    this.coreLimit = options.coreBudget ?? RATE_LIMIT
    this.limits = options.secondaryLimits ? new SecondaryLimits(options.secondaryLimits) : undefined
    const permissions: Permissions = {
      contents: 'write',
      pullRequests: 'write',
      actionsCanCreatePRs: true,
      ...options.permissions
    }
    const { state } = this
    const apiUrl = () => this.origin + this.restPrefix
    this.rest = createRestHandler({ state, permissions, apiUrl, htmlUrl: () => this.origin })
    this.metrics = createMetricsHandler({
      ...options.metrics,
      onRepository: (owner, name, operation) => {
        const key = `${owner}/${name}`.toLowerCase()
        const counts = operation === 'FrameworkRadarBackfill' ? this.backfillRepositoryFields : this.repositoryFields
        counts.set(key, (counts.get(key) ?? 0) + 1)
      },
      repos: options.repos ?? [],
      now: this.now,
      faults: this.faults,
      publicBaseUrl: apiUrl,
      mutations: createRefMutations({ state, permissions, repositoryId: repositoryNodeId(state) })
    })
  }

  resetCoreBudget(core: number): void {
    this.coreLimit = core
    this.used.core = 0
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const incoming = this.parse(req, await readBody(req))
    const { entry, kind, method, decodedPath } = incoming
    if (!incoming.free) this.used[incoming.resource]++
    this.requestCounter++
    const requestId = this.requestId(method, decodedPath)
    const verdict = this.limits?.admit(kind, entry.points, entry.at)
    const send = this.sender(res, incoming, this.rateHeaders(incoming.resource, requestId), verdict !== undefined)
    if (verdict?.refused) {
      entry.refused = true
      return send(secondaryLimitResponse(requestId, verdict.retryAfterSeconds))
    }
    if (!this.authorized(incoming.headers.authorization)) return send(errorResponse(401, 'Bad credentials'))
    const fault = this.faults.decide(
      `${method} ${decodedPath} ${createHash('sha1').update(incoming.raw).digest('hex')}`,
      kind === 'graphql'
    )
    if (fault && !(GRAPHQL_FAULT_KINDS as readonly string[]).includes(fault)) {
      this.faults.count(fault)
      entry.fault = fault
      return this.injectHttpFaultKind(fault as HttpFaultKind, req, entry, send, requestId)
    }
    if (this.options.latencyMs) await sleep(this.options.latencyMs)
    if (incoming.resource === 'core' && !incoming.free && this.used.core > this.coreLimit)
      return send(coreBudgetExceeded())
    await this.options.beforeAnswer?.({ method, path: incoming.path || decodedPath })
    send((await this.answer(incoming, fault as GraphqlFaultKind | undefined)) ?? errorResponse(404, 'Not Found'))
  }

  /** Method, decoded path, REST or GraphQL, headers, JSON body, and the request's log entry. */
  private parse(req: IncomingMessage, raw: Buffer): Incoming {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = (req.method ?? 'GET').toUpperCase()
    let decodedPath: string
    try {
      decodedPath = decodeURIComponent(url.pathname)
    } catch {
      decodedPath = url.pathname
    }
    const kind: 'rest' | 'graphql' = decodedPath === this.graphqlPath ? 'graphql' : 'rest'
    const path = kind === 'graphql' ? '/graphql' : this.restPath(decodedPath)
    const headers: Record<string, string | undefined> = {}
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
    const { body, badJson } = parseJsonBody(raw)
    const write = kind === 'graphql' ? isMutation(body) : method !== 'GET' && method !== 'HEAD'
    const entry: RequestLogEntry = {
      method,
      path: path || decodedPath,
      query: url.search,
      kind,
      write,
      status: 0,
      at: Date.now(),
      answeredAt: 0,
      points: pointsFor(kind, method, write)
    }
    const free = kind === 'rest' && method === 'GET' && path === '/rate_limit'
    const resource = kind === 'graphql' ? 'graphql' : 'core'
    return { raw, url, method, decodedPath, kind, path, headers, body, badJson, entry, resource, free }
  }

  /** A REST path without the prefix; '' when a prefixed layout is asked outside its prefix. */
  private restPath(decodedPath: string): string {
    const prefix = this.restPrefix
    if (!prefix) return decodedPath
    return decodedPath.startsWith(prefix) ? decodedPath.slice(prefix.length) || '/' : ''
  }

  private requestId(method: string, decodedPath: string): string {
    const digest = createHash('sha1').update(`${method} ${decodedPath} ${this.requestCounter}`).digest('hex')
    const counter = this.requestCounter.toString(16).toUpperCase().padStart(4, '0')
    return `C0DE:${counter}:${digest.slice(0, 8).toUpperCase()}`
  }

  private rateHeaders(resource: 'core' | 'graphql', requestId: string): Record<string, string> {
    const limit = resource === 'core' ? this.coreLimit : RATE_LIMIT
    return {
      'x-github-request-id': requestId,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(Math.max(limit - this.used[resource], 0)),
      'x-ratelimit-reset': String(Math.floor(this.now().getTime() / 1000) + 3600),
      'x-ratelimit-used': String(this.used[resource]),
      'x-ratelimit-resource': resource
    }
  }

  /**
   * Writes a response (JSON, gzipped when accepted) and logs the request;
   * `admitted` frees its secondary-limit slot.
   */
  private sender(res: ServerResponse, incoming: Incoming, baseHeaders: Record<string, string>, admitted: boolean) {
    return (response: StandinResponse): void => {
      const outHeaders: Record<string, string> = { ...baseHeaders, ...response.headers }
      let payload: Buffer | undefined
      if (response.status !== 204 && response.status !== 304 && response.body !== undefined) {
        payload = Buffer.from(typeof response.body === 'string' ? response.body : JSON.stringify(response.body), 'utf8')
        if (!Object.keys(outHeaders).some((k) => k.toLowerCase() === 'content-type'))
          outHeaders['content-type'] = 'application/json; charset=utf-8'
        if (/\bgzip\b/.test(incoming.headers['accept-encoding'] ?? '')) {
          payload = gzipSync(payload, { level: 1 }) // fast: CPU the tests share with the action
          outHeaders['content-encoding'] = 'gzip'
          outHeaders.vary = 'Accept-Encoding, Accept, X-Requested-With'
        }
        outHeaders['content-length'] = String(payload.length)
      }
      incoming.entry.status = response.status
      incoming.entry.answeredAt = Date.now()
      this.requests.push(incoming.entry)
      if (admitted) this.limits?.done()
      res.writeHead(response.status, outHeaders)
      res.end(payload)
    }
  }

  private authorized(authorization: string | undefined): boolean {
    if (this.options.token === undefined) return true
    const m = /^(?:token|bearer)\s+(.+)$/i.exec(authorization ?? '')
    return m !== null && m[1] === this.options.token
  }

  /** A fault below GraphQL: an HTTP error, a secondary limit, a reset connection or one that never answers. */
  private injectHttpFaultKind(
    fault: HttpFaultKind,
    req: IncomingMessage,
    entry: RequestLogEntry,
    send: (response: StandinResponse) => void,
    requestId: string
  ): void {
    const dropConnection = () => {
      entry.answeredAt = Date.now()
      this.requests.push(entry)
      this.limits?.done()
      req.socket.destroy()
    }
    switch (fault) {
      case '502':
        send({ status: 502, body: { message: 'Server Error' } })
        return
      case '503':
        send({ status: 503, body: { message: 'Service Unavailable' } })
        return
      case 'secondary-403':
        send(secondaryLimitResponse(requestId, 1))
        return
      case '429':
        send({ status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too Many Requests' } })
        return
      case 'reset':
        dropConnection()
        return
      case 'timeout': {
        const timer = setTimeout(() => {
          this.pendingTimers.delete(timer)
          dropConnection()
        }, this.faults.timeoutMs)
        this.pendingTimers.add(timer)
        return
      }
    }
  }

  /** The answer of /rate_limit, the metrics handler or the REST handler (undefined: not found). */
  private async answer(incoming: Incoming, fault: GraphqlFaultKind | undefined): Promise<StandinResponse | undefined> {
    const { kind, method, path, url, headers, body } = incoming
    if (incoming.badJson) return errorResponse(400, 'Problems parsing JSON')
    if (path === '') return errorResponse(404, 'Not Found')
    if (kind === 'rest' && method === 'GET' && path === '/rate_limit') return this.rateLimitResponse()
    const request: StandinRequest = { method, path, query: url.searchParams, headers, body }
    return this.faults.runWith(kind === 'graphql' ? fault : undefined, async () => {
      if (fault) incoming.entry.fault = fault
      const fromMetrics = await this.metrics(request)
      if (fromMetrics) return fromMetrics
      return kind === 'rest' ? this.rest(request) : undefined
    })
  }

  private rateLimitResponse(): StandinResponse {
    const block = (r: 'core' | 'graphql') => ({
      limit: r === 'core' ? this.coreLimit : RATE_LIMIT,
      used: this.used[r],
      remaining: Math.max(0, (r === 'core' ? this.coreLimit : RATE_LIMIT) - this.used[r]),
      reset: Math.floor(this.now().getTime() / 1000) + 3600
    })
    return { status: 200, body: { resources: { core: block('core'), graphql: block('graphql') }, rate: block('core') } }
  }
}

function coreBudgetExceeded(): StandinResponse {
  return {
    status: 403,
    headers: { 'x-ratelimit-remaining': '0' },
    body: {
      message: 'API rate limit exceeded for installation ID 4242.',
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'
    }
  }
}

function parseJsonBody(raw: Buffer): { body: unknown; badJson: boolean } {
  if (raw.length === 0) return { body: undefined, badJson: false }
  try {
    return { body: JSON.parse(raw.toString('utf8')), badJson: false }
  } catch {
    return { body: undefined, badJson: true }
  }
}
