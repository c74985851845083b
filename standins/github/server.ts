// A stateful local GitHub on 127.0.0.1: the HTTP frame (auth, rate-limit headers, request ids,
// gzip, request log, seeded faults, latency) around two handlers — the repository state REST API
// (rest.ts) and the metrics API (metrics.ts: POST /graphql, GET /repos/{o}/{r}/contributors, …).
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { parse as parseGraphql } from 'graphql'
import { Faults, GRAPHQL_FAULT_KINDS, type FaultKind, type FaultOptions, type GraphqlFaultKind } from './faults.js'
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
  /** How often GraphQL documents asked for each repository ("owner/name", lowercase) since the last resetLog. */
  repositoryFields: Map<string, number>
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
  const now = options.now ?? (() => new Date('2025-01-06T06:17:00Z'))
  const prefix = options.prefix ?? ''
  const restPrefix = prefix
  const graphqlPath = prefix === '/api/v3' ? '/api/graphql' : '/graphql'
  const state = new RepoState(options.site ?? { owner: 'octo-org', name: 'site' }, now)
  for (const b of options.protectedBranches ?? []) state.protectedBranches.add(b)
  const faults = new Faults(options.faults)
  const permissions: Permissions = {
    contents: 'write',
    pullRequests: 'write',
    actionsCanCreatePRs: true,
    ...options.permissions
  }
  const requests: RequestLogEntry[] = []
  const used = { core: 0, graphql: 0 }
  let coreLimit = options.coreBudget ?? RATE_LIMIT
  const limits = options.secondaryLimits ? new SecondaryLimits(options.secondaryLimits) : undefined
  const pendingTimers = new Set<NodeJS.Timeout>()
  let requestCounter = 0
  let origin = ''

  const rest = createRestHandler({ state, permissions, apiUrl: () => origin + restPrefix, htmlUrl: () => origin })
  const repositoryFields = new Map<string, number>()
  const metrics = createMetricsHandler({
    ...options.metrics,
    onRepository: (owner, name) => {
      const key = `${owner}/${name}`.toLowerCase()
      repositoryFields.set(key, (repositoryFields.get(key) ?? 0) + 1)
    },
    repos: options.repos ?? [],
    now,
    faults,
    publicBaseUrl: () => origin + restPrefix,
    mutations: createRefMutations({ state, permissions, repositoryId: repositoryNodeId(state) })
  })

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req)
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = (req.method ?? 'GET').toUpperCase()
    let decodedPath: string
    try {
      decodedPath = decodeURIComponent(url.pathname)
    } catch {
      decodedPath = url.pathname
    }
    const kind: 'rest' | 'graphql' = decodedPath === graphqlPath ? 'graphql' : 'rest'
    const path =
      kind === 'graphql'
        ? '/graphql'
        : restPrefix && decodedPath.startsWith(restPrefix)
          ? decodedPath.slice(restPrefix.length) || '/'
          : restPrefix
            ? ''
            : decodedPath
    const headers: Record<string, string | undefined> = {}
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v

    let body: unknown
    let badJson = false
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'))
      } catch {
        badJson = true
      }
    }
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

    const resource = kind === 'graphql' ? 'graphql' : 'core'
    // GET /rate_limit is free on GitHub.
    const free = kind === 'rest' && method === 'GET' && path === '/rate_limit'
    if (!free) used[resource]++
    const resourceLimit = resource === 'core' ? coreLimit : RATE_LIMIT
    requestCounter++
    const digest = createHash('sha1').update(`${method} ${decodedPath} ${requestCounter}`).digest('hex')
    const counter = requestCounter.toString(16).toUpperCase().padStart(4, '0')
    const requestId = `C0DE:${counter}:${digest.slice(0, 8).toUpperCase()}`
    const baseHeaders: Record<string, string> = {
      'x-github-request-id': requestId,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': String(resource === 'core' ? coreLimit : RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(resourceLimit - used[resource], 0)),
      'x-ratelimit-reset': String(Math.floor(now().getTime() / 1000) + 3600),
      'x-ratelimit-used': String(used[resource]),
      'x-ratelimit-resource': resource
    }

    const send = (response: StandinResponse): void => {
      const outHeaders: Record<string, string> = { ...baseHeaders, ...response.headers }
      let payload: Buffer | undefined
      if (response.status !== 204 && response.status !== 304 && response.body !== undefined) {
        payload = Buffer.from(typeof response.body === 'string' ? response.body : JSON.stringify(response.body), 'utf8')
        if (!Object.keys(outHeaders).some((k) => k.toLowerCase() === 'content-type'))
          outHeaders['content-type'] = 'application/json; charset=utf-8'
        if (/\bgzip\b/.test(headers['accept-encoding'] ?? '')) {
          payload = gzipSync(payload)
          outHeaders['content-encoding'] = 'gzip'
          outHeaders.vary = 'Accept-Encoding, Accept, X-Requested-With'
        }
        outHeaders['content-length'] = String(payload.length)
      }
      entry.status = response.status
      entry.answeredAt = Date.now()
      requests.push(entry)
      if (verdict) limits?.done()
      res.writeHead(response.status, outHeaders)
      res.end(payload)
    }

    const verdict = limits?.admit(kind, entry.points, entry.at)
    if (verdict?.refused) {
      entry.refused = true
      return send(secondaryLimitResponse(requestId, verdict.retryAfterSeconds))
    }
    const auth = headers.authorization
    if (options.token !== undefined) {
      const m = /^(?:token|bearer)\s+(.+)$/i.exec(auth ?? '')
      if (!m || m[1] !== options.token) return send(errorResponse(401, 'Bad credentials'))
    }

    const fault = faults.decide(
      `${method} ${decodedPath} ${createHash('sha1').update(raw).digest('hex')}`,
      kind === 'graphql'
    )
    if (fault && !(GRAPHQL_FAULT_KINDS as readonly string[]).includes(fault)) {
      faults.count(fault)
      entry.fault = fault
      switch (fault) {
        case '502':
          return send({ status: 502, body: { message: 'Server Error' } })
        case '503':
          return send({ status: 503, body: { message: 'Service Unavailable' } })
        case 'secondary-403':
          return send(secondaryLimitResponse(requestId, 1))
        case '429':
          return send({ status: 429, headers: { 'retry-after': '1' }, body: { message: 'Too Many Requests' } })
        case 'reset':
          entry.answeredAt = Date.now()
          requests.push(entry)
          limits?.done()
          req.socket.destroy()
          return
        case 'timeout': {
          const timer = setTimeout(() => {
            pendingTimers.delete(timer)
            entry.answeredAt = Date.now()
            requests.push(entry)
            limits?.done()
            req.socket.destroy()
          }, faults.timeoutMs)
          pendingTimers.add(timer)
          return
        }
      }
    }
    if (options.latencyMs) await sleep(options.latencyMs)
    if (resource === 'core' && !free && used.core > coreLimit) {
      return send({
        status: 403,
        headers: { 'x-ratelimit-remaining': '0' },
        body: {
          message: 'API rate limit exceeded for installation ID 4242.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'
        }
      })
    }
    await options.beforeAnswer?.({ method, path: path || decodedPath })

    if (badJson) return send(errorResponse(400, 'Problems parsing JSON'))
    if (path === '') return send(errorResponse(404, 'Not Found'))
    const request: StandinRequest = { method, path, query: url.searchParams, headers, body }

    if (kind === 'rest' && method === 'GET' && path === '/rate_limit') {
      const block = (r: 'core' | 'graphql') => ({
        limit: r === 'core' ? coreLimit : RATE_LIMIT,
        used: used[r],
        remaining: Math.max(0, (r === 'core' ? coreLimit : RATE_LIMIT) - used[r]),
        reset: Math.floor(now().getTime() / 1000) + 3600
      })
      return send({
        status: 200,
        body: { resources: { core: block('core'), graphql: block('graphql') }, rate: block('core') }
      })
    }

    const graphqlFault = fault as GraphqlFaultKind | undefined
    const answer = await faults.runWith(kind === 'graphql' ? graphqlFault : undefined, async () => {
      if (graphqlFault) entry.fault = graphqlFault
      const fromMetrics = await metrics(request)
      if (fromMetrics) return fromMetrics
      return kind === 'rest' ? rest(request) : undefined
    })
    send(answer ?? errorResponse(404, 'Not Found'))
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ message: `stand-in error: ${(error as Error).message}` }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`

  return {
    apiUrl: origin + restPrefix,
    graphqlUrl: origin + graphqlPath,
    port,
    state,
    requests,
    faults,
    limits,
    repositoryFields,
    resetLog: () => {
      requests.length = 0
      repositoryFields.clear()
    },
    resetCoreBudget: (core) => {
      coreLimit = core
      used.core = 0
    },
    writes: () => requests.filter((r) => r.write),
    close: async () => {
      for (const t of pendingTimers) clearTimeout(t)
      pendingTimers.clear()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
