// The metrics half of the GitHub stand-in: POST /graphql executed by graphql-js against GitHub's
// published schema (so a document GitHub would reject is rejected here, with HTTP 200 and
// `errors`), with resolvers over repository fixtures; and GET /repos/{o}/{r}/contributors with
// GitHub's pagination Link headers, 204 for an empty repository and 403 for a history too large.
import { createHash } from 'node:crypto'
import { schema as publishedSchema } from '@octokit/graphql-schema'
import {
  buildClientSchema,
  execute,
  getNamedType,
  type GraphQLError,
  isAbstractType,
  isObjectType,
  isInterfaceType,
  Kind,
  parse,
  validate,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type IntrospectionQuery,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode
} from 'graphql'
import type { FaultInjector, StandinRequest, StandinResponse } from './server.js'
import { mulberry32 } from './faults.js'
import { TypedGraphQLError } from './refs-graphql.js'
import { linkHeader } from './rest/shapes.js'
import { olderCommitDaysAgo, stargazersReply } from './stargazers.js'

const DAY_MS = 86_400_000

export interface ReleaseFixture {
  tagName: string
  name?: string
  daysAgo: number
}

/**
 * One repository as the stand-in knows it. Activity is given as ages in days relative to the
 * stand-in's clock (`now`), so windowed counts follow the clock the way they would on GitHub.
 */
export interface RepoFixture {
  nameWithOwner: string
  /** Earlier names; GitHub resolves them to this repository (GraphQL and REST redirects). */
  renamedFrom?: string[]
  /** Numeric repository id (REST /repositories/{id}); derived from the name when absent. */
  id?: number
  archived?: boolean
  createdAt: string
  pushedDaysAgo: number
  description?: string
  homepageUrl?: string
  license?: { spdxId: string; name: string }
  primaryLanguage?: string
  topics?: string[]
  stars: number
  forks: number
  watchers: number
  openIssues: number
  closedIssues: number
  openPullRequests: number
  closedPullRequests?: number
  mergedPullRequests: number
  /** Ages (days) of the default branch's commits that matter for windows; older ones are not listed. */
  commitDaysAgo: number[]
  /** Ages (days) of the recently closed issues (for search `closed:>=`). */
  closedIssueDaysAgo: number[]
  /** Total number of published releases. */
  releaseCount: number
  /** The newest releases, newest first; the rest (to releaseCount) are generated, all older than 365 days. */
  releases: ReleaseFixture[]
  /** Contributors including anonymous ones (what `anon=true` lists); 0 = empty repository. */
  contributors: number
  /** GitHub answers 403 "too large" for the contributor list. */
  contributorsTooLarge?: boolean
  /** The default branch's head commit; derived from the name when absent. Change it to model a push. */
  headOid?: string
}

export interface MetricsHandlerOptions {
  repos: RepoFixture[]
  now: () => Date
  faults: FaultInjector
  /** GraphQL points each token has left at the start (GitHub: 5,000 per hour for a user token). */
  graphqlBudget?: number
  /** GraphQL points per hour (x-ratelimit-limit). */
  graphqlLimit?: number
  /** Answer RESOURCE_LIMITS_EXCEEDED to documents that ask for more repositories than this. */
  maxRepositoriesPerDocument?: number
  /** Absolute API base for Link and Location headers (GHES: http://host/api/v3); default http://{host}. */
  publicBaseUrl?: (req: StandinRequest) => string
  /** Mutation resolvers by field name (the site repository's refs: refs-graphql.ts). */
  mutations?: Record<string, (args: never) => unknown>
  /** Called for every `repository(owner, name)` field a document asks for (to count what a run fetched). */
  onRepository?: (owner: string, name: string, operation: string | undefined) => void
}

/** GitHub's published schema, built once per process. */
let cachedSchema: GraphQLSchema | undefined
export function githubSchema(): GraphQLSchema {
  if (!cachedSchema) {
    // From the introspection result: 5× faster than parsing the SDL (~90 ms against ~480 ms), and
    // every test process that starts the stand-in pays it once.
    cachedSchema = buildClientSchema(publishedSchema.json as unknown as IntrospectionQuery)
  }
  return cachedSchema
}

/**
 * Parsed and validated documents by query text. A run sends the same document text batch after batch
 * (only the variables change), and validating a 50-repository document against GitHub's schema costs
 * ~100 ms of the stand-in's CPU — time the benchmark would otherwise count against the action, since
 * the stand-ins share one event loop. A server caches what it has validated; so does this one.
 */
const checkedDocuments = new Map<string, { document: DocumentNode } | { errors: unknown[] }>()
const CHECKED_DOCUMENTS_MAX = 200

function checkDocument(query: string): { document: DocumentNode } | { errors: unknown[] } {
  const known = checkedDocuments.get(query)
  if (known) return known
  let checked: { document: DocumentNode } | { errors: unknown[] }
  try {
    const document = parse(query)
    const validationErrors = validate(githubSchema(), document)
    checked =
      validationErrors.length > 0
        ? { errors: validationErrors.map((e) => ({ message: e.message, locations: e.locations })) }
        : { document }
  } catch (error) {
    const e = error as GraphQLError
    checked = { errors: [{ message: e.message, locations: e.locations }] }
  }
  if (checkedDocuments.size >= CHECKED_DOCUMENTS_MAX) checkedDocuments.clear()
  checkedDocuments.set(query, checked)
  return checked
}

export const NODE_LIMIT = 500_000
const PAGE_LIMIT = 100

interface DocumentCost {
  /** Connection requests GitHub would need (first/last of the parents multiplied in). */
  requests: number
  /** Possible nodes: the sum over connections of the product of first/last down the path. */
  nodes: number
  repositories: number
  pagination?: string
}

/** GitHub's documented cost model: 1 request per connection, 100 requests per point, min 1. */
export function documentCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>
): DocumentCost {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def)
  const cost: DocumentCost = { requests: 0, nodes: 0, repositories: 0 }
  const argValue = (
    node: { arguments?: readonly { name: { value: string }; value: import('graphql').ValueNode }[] },
    name: string
  ): unknown => {
    const arg = node.arguments?.find((a) => a.name.value === name)
    return arg ? valueFromASTUntyped(arg.value, variables) : undefined
  }
  const walk = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, multiplier: number, depth: number): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent
        if (type) walk(selection.selectionSet, type, multiplier, depth)
        continue
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)
        const type = fragment && schema.getType(fragment.typeCondition.name.value)
        if (fragment && type) walk(fragment.selectionSet, type, multiplier, depth)
        continue
      }
      if (!(isObjectType(parent) || isInterfaceType(parent))) continue
      const field = parent.getFields()[selection.name.value]
      if (!field) continue
      if (depth === 0 && field.name === 'repository') cost.repositories++
      const type = getNamedType(field.type)
      let childMultiplier = multiplier
      if (type.name.endsWith('Connection')) {
        const first = argValue(selection, 'first') ?? argValue(selection, 'last')
        const limit = typeof first === 'number' ? first : 1
        if (typeof first === 'number' && first > PAGE_LIMIT && !cost.pagination) {
          cost.pagination =
            `Requesting ${first} records on the \`${field.name}\` connection exceeds the \`first\` ` +
            `limit of ${PAGE_LIMIT} records.`
        }
        cost.requests += multiplier
        cost.nodes += multiplier * limit
        childMultiplier = multiplier * limit
      }
      if (selection.selectionSet && (isObjectType(type) || isAbstractType(type)))
        walk(selection.selectionSet, type, childMultiplier, depth + 1)
    }
  }
  const root = schema.getQueryType()
  if (root) walk(operation.selectionSet, root, 1, 0)
  return cost
}

function pointsFor(cost: DocumentCost): number {
  return Math.max(1, Math.round(cost.requests / 100))
}

interface Budget {
  remaining: number
  resetAtMs: number
}

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

function repoId(fixture: RepoFixture): number {
  if (fixture.id !== undefined) return fixture.id
  return (
    (createHash('sha1').update(fixture.nameWithOwner.toLowerCase()).digest().readUInt32BE(0) % 900_000_000) + 10_000_000
  )
}

/** All releases newest first: the listed ones, then older ones generated to reach releaseCount. */
export function allReleases(fixture: RepoFixture): ReleaseFixture[] {
  const list = fixture.releases.slice(0, fixture.releaseCount)
  // Generated releases are older than a year, so only the listed ones count as recent.
  let age = Math.max(list.at(-1)?.daysAgo ?? 0, 366)
  for (let k = list.length; k < fixture.releaseCount; k++) {
    age += 45
    list.push({ tagName: `v0.${fixture.releaseCount - k}.0`, daysAgo: age })
  }
  return list
}

export function createMetricsHandler(
  opts: MetricsHandlerOptions
): (req: StandinRequest) => Promise<StandinResponse | undefined> {
  const api = new MetricsApi(opts)
  return (req) => api.handle(req)
}

type Args = Record<string, unknown>
type Reply = (body: unknown) => StandinResponse
/** The parts of a GraphQL request body, before they are checked. */
interface GraphqlBody {
  query?: unknown
  variables?: unknown
  operationName?: unknown
}

const CONTRIBUTORS_DOCS = 'https://docs.github.com/rest/repos/repos#list-repository-contributors'
const NOT_FOUND: StandinResponse = {
  status: 404,
  body: { message: 'Not Found', documentation_url: CONTRIBUTORS_DOCS, status: '404' }
}
const RESOURCE_LIMITS_EXCEEDED = {
  errors: [{ type: 'RESOURCE_LIMITS_EXCEEDED', message: 'Resource limits for this query exceeded.' }]
}

/** The metrics API over the fixtures: GraphQL with per-token budgets, contributors and stargazers. */
class MetricsApi {
  private readonly byName = new Map<string, RepoFixture>()
  private readonly byOldName = new Map<string, RepoFixture>()
  private readonly byId = new Map<number, RepoFixture>()
  private readonly limit: number
  private readonly budgets = new Map<string, Budget>()

  constructor(private readonly opts: MetricsHandlerOptions) {
    for (const fixture of opts.repos) {
      this.byName.set(fixture.nameWithOwner.toLowerCase(), fixture)
      for (const old of fixture.renamedFrom ?? []) this.byOldName.set(old.toLowerCase(), fixture)
      this.byId.set(repoId(fixture), fixture)
    }
    this.limit = opts.graphqlLimit ?? 5000
  }

  async handle(req: StandinRequest): Promise<StandinResponse | undefined> {
    if (req.path === '/graphql')
      return req.method === 'POST'
        ? this.graphql(req)
        : { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' } }
    if (req.method !== 'GET') return undefined
    const base = (this.opts.publicBaseUrl?.(req) ?? `http://${req.headers.host ?? '127.0.0.1'}`).replace(/\/+$/, '')
    let match = /^\/repos\/([^/]+)\/([^/]+)\/contributors\/?$/.exec(req.path)
    if (match) {
      const key = `${decodeURIComponent(match[1])}/${decodeURIComponent(match[2])}`.toLowerCase()
      const fixture = this.byName.get(key)
      if (fixture) return contributorsReply(req, fixture, base)
      const moved = this.byOldName.get(key)
      return moved ? renamedRedirect(req, moved, base) : NOT_FOUND
    }
    match = /^\/repos\/([^/]+)\/([^/]+)\/stargazers\/?$/.exec(req.path)
    if (match) {
      const fixture = this.resolveRepository(decodeURIComponent(match[1]), decodeURIComponent(match[2]))
      return fixture ? stargazersReply(req, fixture, this.opts.now().getTime(), base) : NOT_FOUND
    }
    match = /^\/repositories\/(\d+)\/contributors\/?$/.exec(req.path)
    if (match) {
      const fixture = this.byId.get(Number(match[1]))
      return fixture ? contributorsReply(req, fixture, base) : NOT_FOUND
    }
    return undefined
  }

  private budgetFor(authorization: string): Budget {
    // Budgets are per token; keep only a hash of it.
    const key = createHash('sha256').update(authorization).digest('hex')
    const nowMs = this.opts.now().getTime()
    let budget = this.budgets.get(key)
    if (!budget || nowMs >= budget.resetAtMs) {
      budget = { remaining: budget ? this.limit : (this.opts.graphqlBudget ?? this.limit), resetAtMs: nowMs + 3600_000 }
      this.budgets.set(key, budget)
    }
    return budget
  }

  private rateHeaders(budget: Budget): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(budget.remaining),
      'x-ratelimit-used': String(this.limit - budget.remaining),
      'x-ratelimit-reset': String(Math.floor(budget.resetAtMs / 1000)),
      'x-ratelimit-resource': 'graphql'
    }
  }

  private resolveRepository(owner: string, name: string): RepoFixture | undefined {
    const key = `${owner}/${name}`.toLowerCase()
    return this.byName.get(key) ?? this.byOldName.get(key)
  }

  /** Only the search the source sends: repo:o/n is:issue is:closed closed:>=YYYY-MM-DD. */
  private searchIssues(query: string): number {
    const { repo, closedSince } = parseIssueSearch(query)
    // Search matches the repository's current name only; an unknown repository matches nothing.
    const fixture = this.byName.get(repo)
    if (!fixture) return 0
    if (closedSince === undefined) return fixture.closedIssues
    const nowMs = this.opts.now().getTime()
    return fixture.closedIssueDaysAgo.filter((d) => nowMs - d * DAY_MS >= closedSince).length
  }

  /** POST /graphql: authenticate, fault, check the document, charge its cost, execute it. */
  private async graphql(req: StandinRequest): Promise<StandinResponse> {
    const authorization = req.headers.authorization
    if (!authorization) return unauthenticated()
    const budget = this.budgetFor(authorization)
    const reply: Reply = (body) => ({ status: 200, headers: this.rateHeaders(budget), body })
    const fault = this.opts.faults.graphqlFault()
    if (fault === 'RATE_LIMITED') return reply(rateLimited(authorization))
    if (fault === 'RESOURCE_LIMITS_EXCEEDED') return reply(RESOURCE_LIMITS_EXCEEDED)
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as GraphqlBody
    if (typeof body.query !== 'string')
      return reply({ errors: [{ message: 'A query attribute must be specified and must be a string.' }] })
    const checked = checkDocument(body.query)
    if ('errors' in checked) return reply({ errors: checked.errors })
    const { document } = checked
    const operation = chooseOperation(document, body.operationName)
    if (!operation) return reply({ errors: [{ message: 'No operation named the operationName was found.' }] })
    const variables = (typeof body.variables === 'object' && body.variables !== null ? body.variables : {}) as Args
    const cost = documentCost(githubSchema(), document, operation, variables)
    const refusal = this.refusal(cost, budget, authorization)
    if (refusal) return reply(refusal)
    const points = pointsFor(cost)
    budget.remaining -= points
    const rateLimit = {
      cost: points,
      remaining: budget.remaining,
      limit: this.limit,
      used: this.limit - budget.remaining,
      resetAt: iso(budget.resetAtMs),
      nodeCount: cost.nodes
    }
    return reply(await this.execute(document, operation, variables, rateLimit))
  }

  /** GitHub's errors for a document too costly: pagination, node limit, repositories, budget. */
  private refusal(cost: DocumentCost, budget: Budget, authorization: string): unknown {
    if (cost.pagination) return { errors: [{ type: 'EXCESSIVE_PAGINATION', message: cost.pagination }] }
    if (cost.nodes > NODE_LIMIT) {
      const message =
        `This query requests up to ${cost.nodes.toLocaleString('en-US')} possible nodes which exceeds ` +
        `the maximum limit of ${NODE_LIMIT.toLocaleString('en-US')}.`
      return { errors: [{ type: 'MAX_NODE_LIMIT_EXCEEDED', message }] }
    }
    const maxRepositories = this.opts.maxRepositoriesPerDocument
    if (maxRepositories !== undefined && cost.repositories > maxRepositories) return RESOURCE_LIMITS_EXCEEDED
    if (budget.remaining < pointsFor(cost)) return rateLimited(authorization)
    return undefined
  }

  /** Runs the operation against the fixtures; the JSON GitHub would send (data first, typed errors). */
  private async execute(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Args,
    rateLimit: Record<string, unknown>
  ): Promise<unknown> {
    const rootValue = {
      repository: (args: { owner: string; name: string }) =>
        this.repository(args.owner, args.name, operation.name?.value),
      search: (args: { query: string; type: string; first?: number | null }) => {
        if (args.type !== 'ISSUE') throw new Error(`the stand-in does not implement search type ${args.type}`)
        return issueSearchResult(this.searchIssues(args.query), args.first)
      },
      rateLimit: () => rateLimit,
      ...(operation.operation === 'mutation' ? this.opts.mutations : {})
    }
    const result = await execute({
      schema: githubSchema(),
      document,
      rootValue,
      variableValues: variables,
      operationName: operation.name?.value
    })
    const out: Record<string, unknown> = {}
    if (result.errors && result.errors.length > 0) {
      out.errors = result.errors.map((e) => {
        const type = e.originalError instanceof TypedGraphQLError ? e.originalError.type : undefined
        return { ...(type ? { type } : {}), path: e.path, locations: e.locations, message: e.message }
      })
    }
    if (result.data !== undefined) out.data = result.data
    // GitHub puts data first in the JSON; the round trip gives plain objects, as on the wire.
    return JSON.parse(JSON.stringify(out.errors ? { data: out.data, errors: out.errors } : { data: out.data }))
  }

  private repository(owner: string, name: string, operation: string | undefined): Record<string, unknown> {
    this.opts.onRepository?.(owner, name, operation)
    const fixture = this.resolveRepository(owner, name)
    if (!fixture)
      throw new TypedGraphQLError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`)
    return repositoryObject(fixture, this.opts.now().getTime())
  }
}

function unauthenticated(): StandinResponse {
  return {
    status: 401,
    body: {
      message: 'This endpoint requires you to be authenticated.',
      documentation_url:
        'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql',
      status: '401'
    }
  }
}

function rateLimited(authorization: string): unknown {
  const userId = createHash('sha256').update(authorization).digest().readUInt32BE(0) % 100_000_000
  return { errors: [{ type: 'RATE_LIMITED', message: `API rate limit exceeded for user ID ${userId}.` }] }
}

/** The operation named by operationName, else the document's first. */
function chooseOperation(document: DocumentNode, operationName: unknown): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION
  )
  return typeof operationName === 'string' ? operations.find((o) => o.name?.value === operationName) : operations[0]
}

/** The terms of "repo:o/n is:issue is:closed [closed:>=date]", the one search the source sends. */
function parseIssueSearch(query: string): { repo: string; closedSince?: number } {
  let repo: string | undefined
  let closedSince: number | undefined
  let isIssue = false
  let isClosed = false
  for (const term of query.trim().split(/\s+/)) {
    const lower = term.toLowerCase()
    if (lower.startsWith('repo:')) repo = lower.slice(5)
    else if (lower === 'is:issue' || lower === 'type:issue') isIssue = true
    else if (lower === 'is:closed' || lower === 'state:closed') isClosed = true
    else if (/^closed:>=\d{4}-\d{2}-\d{2}$/.test(lower)) closedSince = Date.parse(`${lower.slice(9)}T00:00:00Z`)
    else throw new Error(`the stand-in does not implement the search term "${term}"`)
  }
  if (!repo || !isIssue || !isClosed)
    throw new Error('the stand-in only implements "repo:o/n is:issue is:closed [closed:>=date]"')
  return { repo, closedSince }
}

function issueSearchResult(issueCount: number, first: number | null | undefined) {
  return {
    issueCount,
    repositoryCount: 0,
    userCount: 0,
    discussionCount: 0,
    wikiCount: 0,
    codeCount: 0,
    nodes: [],
    edges: [],
    pageInfo: {
      hasNextPage: issueCount > 0 && (first ?? 0) < issueCount,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null
    }
  }
}

type PageArgs = { first?: number | null; last?: number | null }
type States = string[] | null | undefined

function page<T>(items: T[], args: PageArgs): T[] {
  if (args.first != null) return items.slice(0, args.first)
  if (args.last != null) return items.slice(Math.max(0, items.length - args.last))
  return items
}

/**
 * Dates `daysAgo` before `nowMs`, formatted when a document asks for them, once per age: formatting
 * every release's dates was most of the stand-in's CPU per document.
 */
function dateFormatter(nowMs: number): (daysAgo: number) => string {
  const formatted = new Map<number, string>()
  return (daysAgo) => {
    const known = formatted.get(daysAgo)
    if (known !== undefined) return known
    const text = iso(nowMs - daysAgo * DAY_MS)
    formatted.set(daysAgo, text)
    return text
  }
}

/** A fixture as GraphQL's Repository, with resolvers for the fields that take arguments. */
function repositoryObject(fixture: RepoFixture, nowMs: number): Record<string, unknown> {
  const at = dateFormatter(nowMs)
  const [owner, name] = fixture.nameWithOwner.split('/')
  return {
    __typename: 'Repository',
    id: Buffer.from(`010:Repository${repoId(fixture)}`).toString('base64'),
    databaseId: repoId(fixture),
    name,
    owner: { __typename: 'Organization', login: owner },
    nameWithOwner: fixture.nameWithOwner,
    url: `https://github.com/${fixture.nameWithOwner}`,
    isArchived: fixture.archived ?? false,
    createdAt: fixture.createdAt,
    pushedAt: at(fixture.pushedDaysAgo),
    description: fixture.description ?? null,
    homepageUrl: fixture.homepageUrl ?? null,
    stargazerCount: fixture.stars,
    forkCount: fixture.forks,
    watchers: () => ({ totalCount: fixture.watchers }),
    issues: (args: { states?: States }) => ({ totalCount: issuesIn(fixture, args.states) }),
    pullRequests: (args: { states?: States }) => ({ totalCount: pullRequestsIn(fixture, args.states) }),
    ...releaseFields(fixture, at),
    licenseInfo: fixture.license ? { ...fixture.license, key: fixture.license.spdxId.toLowerCase() } : null,
    primaryLanguage: fixture.primaryLanguage ? { name: fixture.primaryLanguage } : null,
    repositoryTopics: (args: PageArgs) => {
      const topics = fixture.topics ?? []
      const nodes = page(topics, args).map((topic) => ({ topic: { name: topic } }))
      return { totalCount: topics.length, nodes, edges: nodes.map((node) => ({ node })) }
    },
    defaultBranchRef: defaultBranchRef(fixture, nowMs)
  }
}

function issuesIn(fixture: RepoFixture, states: States): number {
  return (
    (!states || states.includes('OPEN') ? fixture.openIssues : 0) +
    (!states || states.includes('CLOSED') ? fixture.closedIssues : 0)
  )
}

function pullRequestsIn(fixture: RepoFixture, states: States): number {
  return (
    (!states || states.includes('OPEN') ? fixture.openPullRequests : 0) +
    (!states || states.includes('CLOSED') ? (fixture.closedPullRequests ?? 0) : 0) +
    (!states || states.includes('MERGED') ? fixture.mergedPullRequests : 0)
  )
}

/** `releases(first, last, orderBy)` and `latestRelease`. */
function releaseFields(fixture: RepoFixture, at: (daysAgo: number) => string) {
  const releases = allReleases(fixture)
  const releaseNode = (r: ReleaseFixture) => ({
    __typename: 'Release',
    tagName: r.tagName,
    name: r.name ?? r.tagName,
    publishedAt: () => at(r.daysAgo),
    createdAt: () => at(r.daysAgo),
    isPrerelease: false,
    isDraft: false
  })
  return {
    releases: (args: PageArgs & { orderBy?: { field: string; direction: string } | null }) => {
      const ordered = args.orderBy?.direction === 'ASC' ? [...releases].reverse() : releases
      const nodes = page(ordered, args).map(releaseNode)
      return { totalCount: releases.length, nodes, edges: nodes.map((node) => ({ node })) }
    },
    latestRelease: releases.length > 0 ? releaseNode(releases[0]) : null
  }
}

/** The default branch with its commit history count between `since` and `until`; none when empty. */
function defaultBranchRef(fixture: RepoFixture, nowMs: number) {
  // An empty repository has no default branch.
  if (fixture.contributors === 0) return null
  return {
    name: 'main',
    target: {
      __typename: 'Commit',
      oid: fixture.headOid ?? createHash('sha1').update(`head ${fixture.nameWithOwner}`).digest('hex'),
      history: (args: { since?: string | null; until?: string | null }) => {
        const since = args.since ? Date.parse(args.since) : -Infinity
        const until = args.until ? Date.parse(args.until) : Infinity
        let totalCount = 0
        for (const ages of [fixture.commitDaysAgo, olderCommitDaysAgo(fixture)])
          for (const d of ages) {
            const t = nowMs - d * DAY_MS
            if (t >= since && t <= until) totalCount++
          }
        return { totalCount }
      }
    }
  }
}

/** A renamed repository's contributors: GitHub redirects to the repository's id-based URL. */
function renamedRedirect(req: StandinRequest, moved: RepoFixture, base: string): StandinResponse {
  const query = req.query.toString()
  const url = `${base}/repositories/${repoId(moved)}/contributors${query ? `?${query}` : ''}`
  return {
    status: 301,
    headers: { location: url },
    body: { message: 'Moved Permanently', url, documentation_url: 'https://docs.github.com/v3/#http-redirects' }
  }
}

/** GET …/contributors: a page of them with GitHub's Link header; 204 when empty, 403 when too large. */
function contributorsReply(req: StandinRequest, fixture: RepoFixture, base: string): StandinResponse {
  if (fixture.contributorsTooLarge) {
    return {
      status: 403,
      body: {
        message: 'The history or contributor list is too large to list contributors for this repository via the API.',
        documentation_url: CONTRIBUTORS_DOCS,
        status: '403'
      }
    }
  }
  if (fixture.contributors === 0) return { status: 204 }
  const perPage = Math.min(100, Math.max(1, Number(req.query.get('per_page') ?? 30) || 30))
  const pageNumber = Math.max(1, Number(req.query.get('page') ?? 1) || 1)
  const anon = ['1', 'true'].includes((req.query.get('anon') ?? '').toLowerCase())
  // Without anon, contributors without a GitHub account (every tenth, here) are left out.
  const total = anon ? fixture.contributors : fixture.contributors - Math.floor(fixture.contributors / 10)
  const lastPage = Math.max(1, Math.ceil(total / perPage))
  const items = []
  for (let k = (pageNumber - 1) * perPage; k < Math.min(total, pageNumber * perPage); k++)
    items.push(contributor(k, anon))
  const headers: Record<string, string> = {}
  if (lastPage > 1) {
    // GitHub's links name the repository by id.
    const link = (p: number) => {
      const query = new URLSearchParams(req.query)
      query.set('page', String(p))
      return `${base}/repositories/${repoId(fixture)}/contributors?${query.toString()}`
    }
    headers.link = linkHeader(pageNumber, lastPage, link)
  }
  return { status: 200, headers, body: items }
}

/** The k-th contributor (0-based), most contributions first; with anon, every tenth has no account. */
function contributor(k: number, anon: boolean) {
  const contributions = Math.max(1, Math.round(10_000 / (k + 1)))
  if (anon && k % 10 === 9)
    return { email: `anon${k}@example.com`, name: `Anonymous ${k}`, type: 'Anonymous', contributions }
  return {
    login: `user${k}`,
    id: 1000 + k,
    node_id: `MDQ6VXNlcj${1000 + k}`,
    type: 'User',
    site_admin: false,
    contributions
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures

/** `count` ages spread evenly over the last `days` days (newest first). */
export function spread(count: number, days: number): number[] {
  return Array.from({ length: count }, (_, k) => ((k + 0.5) * days) / count)
}

function monthly(tags: Array<[string, number]>): ReleaseFixture[] {
  return tags.map(([tagName, daysAgo]) => ({ tagName, daysAgo }))
}

/** The ten deep-learning frameworks of the seed article, with plausible 2026 numbers. */
export const deepLearningRepos: RepoFixture[] = [
  {
    nameWithOwner: 'tensorflow/tensorflow',
    createdAt: '2015-11-07T01:19:20Z',
    pushedDaysAgo: 0.1,
    description: 'An Open Source Machine Learning Framework for Everyone',
    homepageUrl: 'https://tensorflow.org',
    license: { spdxId: 'Apache-2.0', name: 'Apache License 2.0' },
    primaryLanguage: 'C++',
    topics: [
      'tensorflow',
      'machine-learning',
      'deep-learning',
      'python',
      'ml',
      'neural-network',
      'deep-neural-networks',
      'distributed'
    ],
    stars: 192_840,
    forks: 74_910,
    watchers: 7_612,
    openIssues: 2_287,
    closedIssues: 41_630,
    openPullRequests: 1_148,
    closedPullRequests: 11_230,
    mergedPullRequests: 24_870,
    commitDaysAgo: spread(2_760, 90),
    closedIssueDaysAgo: spread(710, 90),
    releaseCount: 208,
    releases: monthly([
      ['v2.21.0', 38],
      ['v2.21.0-rc1', 52],
      ['v2.21.0-rc0', 66],
      ['v2.20.1', 120],
      ['v2.20.0', 188],
      ['v2.20.0-rc0', 215],
      ['v2.19.1', 290],
      ['v2.19.0', 330],
      ['v2.18.1', 420]
    ]),
    contributors: 4_712
  },
  {
    nameWithOwner: 'pytorch/pytorch',
    createdAt: '2016-08-13T05:26:41Z',
    pushedDaysAgo: 0.05,
    description: 'Tensors and Dynamic neural networks in Python with strong GPU acceleration',
    homepageUrl: 'https://pytorch.org',
    // GitHub cannot match PyTorch's BSD-style license to one SPDX id.
    license: { spdxId: 'NOASSERTION', name: 'Other' },
    primaryLanguage: 'Python',
    topics: ['neural-network', 'autograd', 'gpu', 'numpy', 'deep-learning', 'tensor', 'python', 'machine-learning'],
    stars: 95_310,
    forks: 26_020,
    watchers: 1_783,
    openIssues: 16_940,
    closedIssues: 41_220,
    openPullRequests: 1_512,
    closedPullRequests: 96_400,
    mergedPullRequests: 48_150,
    commitDaysAgo: spread(4_320, 90),
    closedIssueDaysAgo: spread(1_380, 90),
    releaseCount: 67,
    releases: monthly([
      ['v2.10.0', 25],
      ['v2.9.1', 95],
      ['v2.9.0', 140],
      ['v2.8.0', 235],
      ['v2.7.1', 300],
      ['v2.7.0', 345],
      ['v2.6.0', 450]
    ]),
    contributors: 4_236
  },
  {
    nameWithOwner: 'keras-team/keras',
    createdAt: '2015-03-28T00:35:42Z',
    pushedDaysAgo: 0.3,
    description: 'Deep Learning for humans',
    homepageUrl: 'http://keras.io/',
    license: { spdxId: 'Apache-2.0', name: 'Apache License 2.0' },
    primaryLanguage: 'Python',
    topics: [
      'deep-learning',
      'tensorflow',
      'neural-networks',
      'machine-learning',
      'data-science',
      'python',
      'jax',
      'pytorch'
    ],
    stars: 63_620,
    forks: 19_710,
    watchers: 1_912,
    openIssues: 268,
    closedIssues: 12_640,
    openPullRequests: 61,
    closedPullRequests: 2_970,
    mergedPullRequests: 5_930,
    commitDaysAgo: spread(372, 90),
    closedIssueDaysAgo: spread(165, 90),
    releaseCount: 96,
    releases: monthly([
      ['v3.13.0', 20],
      ['v3.12.0', 75],
      ['v3.11.3', 130],
      ['v3.11.0', 170],
      ['v3.10.0', 240],
      ['v3.9.2', 300],
      ['v3.9.0', 350],
      ['v3.8.0', 410]
    ]),
    contributors: 1_431
  },
  {
    nameWithOwner: 'jax-ml/jax',
    renamedFrom: ['google/jax'],
    createdAt: '2018-10-25T21:25:02Z',
    pushedDaysAgo: 0.02,
    description:
      'Composable transformations of Python+NumPy programs: differentiate, vectorize, JIT to GPU/TPU, and more',
    homepageUrl: 'https://docs.jax.dev',
    license: { spdxId: 'Apache-2.0', name: 'Apache License 2.0' },
    primaryLanguage: 'Python',
    topics: ['jax'],
    stars: 33_480,
    forks: 3_262,
    watchers: 331,
    openIssues: 1_162,
    closedIssues: 6_915,
    openPullRequests: 618,
    closedPullRequests: 5_300,
    mergedPullRequests: 16_540,
    commitDaysAgo: spread(2_130, 90),
    closedIssueDaysAgo: spread(240, 90),
    releaseCount: 152,
    releases: monthly([
      ['jax-v0.8.2', 12],
      ['jax-v0.8.1', 40],
      ['jax-v0.8.0', 70],
      ['jax-v0.7.2', 110],
      ['jax-v0.7.1', 150],
      ['jax-v0.7.0', 185],
      ['jax-v0.6.2', 230],
      ['jax-v0.6.1', 260],
      ['jax-v0.6.0', 300],
      ['jax-v0.5.3', 340],
      ['jax-v0.5.2', 380]
    ]),
    contributors: 912
  },
  {
    nameWithOwner: 'apache/mxnet',
    renamedFrom: ['apache/incubator-mxnet'],
    archived: true,
    createdAt: '2015-04-30T16:21:15Z',
    pushedDaysAgo: 900,
    description:
      'Lightweight, Portable, Flexible Distributed/Mobile Deep Learning with Dynamic, Mutation-aware Dataflow Dep ' +
      'Scheduler; for Python, R, Julia, Scala, Go, Javascript and more',
    homepageUrl: 'https://mxnet.apache.org',
    license: { spdxId: 'Apache-2.0', name: 'Apache License 2.0' },
    primaryLanguage: 'C++',
    topics: ['mxnet'],
    stars: 20_790,
    forks: 6_752,
    watchers: 1_081,
    openIssues: 1_806,
    closedIssues: 9_540,
    openPullRequests: 205,
    closedPullRequests: 3_060,
    mergedPullRequests: 7_480,
    commitDaysAgo: [],
    closedIssueDaysAgo: [],
    releaseCount: 41,
    releases: monthly([
      ['1.9.1', 1_340],
      ['2.0.0.beta1', 1_500],
      ['1.9.0', 1_560]
    ]),
    contributors: 968
  },
  {
    nameWithOwner: 'BVLC/caffe',
    createdAt: '2013-09-12T18:14:10Z',
    pushedDaysAgo: 640,
    description: 'Caffe: a fast open framework for deep learning.',
    homepageUrl: 'http://caffe.berkeleyvision.org/',
    license: { spdxId: 'NOASSERTION', name: 'Other' },
    primaryLanguage: 'C++',
    topics: ['deep-learning', 'machine-learning', 'vision'],
    stars: 34_290,
    forks: 18_590,
    watchers: 2_081,
    openIssues: 1_172,
    closedIssues: 5_010,
    openPullRequests: 279,
    closedPullRequests: 1_420,
    mergedPullRequests: 1_954,
    commitDaysAgo: [],
    closedIssueDaysAgo: [],
    releaseCount: 15,
    releases: monthly([
      ['1.0', 3_250],
      ['rc5', 3_430],
      ['rc4', 3_650]
    ]),
    contributors: 274
  },
  {
    nameWithOwner: 'microsoft/CNTK',
    archived: true,
    createdAt: '2015-11-26T09:52:06Z',
    pushedDaysAgo: 1_100,
    description: 'Microsoft Cognitive Toolkit (CNTK), an open source deep-learning toolkit',
    homepageUrl: 'https://docs.microsoft.com/cognitive-toolkit/',
    license: { spdxId: 'MIT', name: 'MIT License' },
    primaryLanguage: 'C++',
    topics: [
      'cognitive-toolkit',
      'cntk',
      'deep-learning',
      'machine-learning',
      'deep-neural-networks',
      'neural-network',
      'distributed',
      'python',
      'c-plus-plus',
      'c-sharp',
      'java'
    ],
    stars: 17_530,
    forks: 4_283,
    watchers: 1_309,
    openIssues: 748,
    closedIssues: 2_512,
    openPullRequests: 98,
    closedPullRequests: 310,
    mergedPullRequests: 893,
    commitDaysAgo: [],
    closedIssueDaysAgo: [],
    releaseCount: 45,
    releases: monthly([
      ['v2.7', 2_540],
      ['v2.6', 2_700],
      ['v2.5.1', 2_780]
    ]),
    contributors: 283
  },
  {
    nameWithOwner: 'Theano/Theano',
    createdAt: '2011-05-23T14:21:45Z',
    pushedDaysAgo: 560,
    description:
      'Theano was a Python library that allows you to define, optimize, and evaluate mathematical expressions ' +
      'involving multi-dimensional arrays efficiently. It is being continued as PyTensor: ' +
      'www.github.com/pymc-devs/pytensor',
    homepageUrl: 'https://www.github.com/pymc-devs/pytensor',
    license: { spdxId: 'NOASSERTION', name: 'Other' },
    primaryLanguage: 'Python',
    stars: 9_948,
    forks: 2_483,
    watchers: 546,
    openIssues: 703,
    closedIssues: 2_906,
    openPullRequests: 112,
    closedPullRequests: 1_260,
    mergedPullRequests: 3_912,
    commitDaysAgo: [],
    closedIssueDaysAgo: [],
    releaseCount: 9,
    releases: monthly([
      ['rel-1.0.5', 2_090],
      ['rel-1.0.4', 2_500],
      ['rel-1.0.3', 2_650]
    ]),
    contributors: 352
  },
  {
    nameWithOwner: 'deeplearning4j/deeplearning4j',
    createdAt: '2013-11-27T02:35:51Z',
    pushedDaysAgo: 6,
    description:
      'Suite of tools for deploying and training deep learning models using the JVM. Highlights include model ' +
      'import for keras, tensorflow, and onnx/pytorch, a modular and tiny c++ library for running math code and a ' +
      'java based math library on top of the core c++ library. Also includes samediff: a pytorch/tensorflow ' +
      'like library for running deep learn...',
    homepageUrl: 'http://deeplearning4j.konduit.ai',
    license: { spdxId: 'Apache-2.0', name: 'Apache License 2.0' },
    primaryLanguage: 'Java',
    topics: [
      'deeplearning',
      'deeplearning4j',
      'java',
      'neural-nets',
      'gpu',
      'hadoop',
      'spark',
      'intellij',
      'matrix-library',
      'javafx'
    ],
    stars: 13_930,
    forks: 3_846,
    watchers: 739,
    openIssues: 598,
    closedIssues: 4_705,
    openPullRequests: 19,
    closedPullRequests: 1_610,
    mergedPullRequests: 4_330,
    commitDaysAgo: spread(41, 90),
    closedIssueDaysAgo: spread(7, 90),
    releaseCount: 31,
    releases: monthly([
      ['1.0.0-M2.1', 1_260],
      ['1.0.0-M2', 1_380],
      ['1.0.0-M1.1', 1_600]
    ]),
    contributors: 262
  },
  {
    nameWithOwner: 'NervanaSystems/neon',
    archived: true,
    createdAt: '2015-04-30T17:23:41Z',
    pushedDaysAgo: 2_450,
    description: 'Intel® Nervana™ reference deep learning framework committed to best performance on all hardware',
    homepageUrl: 'http://neon.nervanasys.com/docs/latest',
    license: { spdxId: 'Apache-2.0', name: 'Apache License 2.0' },
    primaryLanguage: 'Python',
    topics: ['deep-learning', 'neural-network', 'python', 'fast'],
    stars: 3_868,
    forks: 809,
    watchers: 352,
    openIssues: 91,
    closedIssues: 302,
    openPullRequests: 6,
    closedPullRequests: 48,
    mergedPullRequests: 161,
    commitDaysAgo: [],
    closedIssueDaysAgo: [],
    releaseCount: 29,
    releases: monthly([
      ['v2.6.0', 2_930],
      ['v2.5.0', 2_990],
      ['v2.4.0', 3_080]
    ]),
    contributors: 77
  }
]

/** `n` deterministic, varied repositories (log-distributed popularity, some archived or idle). */
export function syntheticRepos(n: number, seed: number): RepoFixture[] {
  const random = mulberry32(seed)
  const logUniform = (min: number, max: number) =>
    Math.round(Math.exp(Math.log(min) + random() * (Math.log(max) - Math.log(min))))
  const repos: RepoFixture[] = []
  for (let k = 0; k < n; k++) {
    const stars = logUniform(10, 200_000)
    const archived = random() < 0.08
    const activity = archived ? 0 : random()
    const commits = Math.round(activity * activity * 600)
    const closedRecent = Math.round(activity * 200)
    const releaseCount = logUniform(1, 300) - 1
    const recentReleases = Math.min(releaseCount, Math.round(activity * 24))
    const contributors = k % 97 === 96 ? 0 : logUniform(1, 5_000)
    repos.push({
      nameWithOwner: `synth-org-${k % 37}/project-${k}`,
      archived,
      createdAt: new Date(Date.UTC(2010, 0, 1) + Math.floor(random() * 15 * 365) * DAY_MS)
        .toISOString()
        .replace('.000Z', 'Z'),
      pushedDaysAgo: archived ? 300 + Math.floor(random() * 2000) : Math.floor(random() * 30),
      description: `Synthetic project ${k}`,
      license: random() < 0.9 ? { spdxId: 'MIT', name: 'MIT License' } : { spdxId: 'NOASSERTION', name: 'Other' },
      primaryLanguage: ['Python', 'C++', 'Java', 'TypeScript', 'Rust', 'Go'][Math.floor(random() * 6)],
      topics: [`topic-${k % 11}`, 'synthetic'],
      stars,
      forks: Math.round(stars * (0.05 + random() * 0.3)),
      watchers: Math.round(stars * (0.01 + random() * 0.04)),
      openIssues: logUniform(1, 5_000) - 1,
      closedIssues: logUniform(1, 50_000) - 1,
      openPullRequests: logUniform(1, 1_000) - 1,
      closedPullRequests: logUniform(1, 5_000) - 1,
      mergedPullRequests: logUniform(1, 40_000) - 1,
      commitDaysAgo: contributors === 0 ? [] : spread(commits, 90),
      closedIssueDaysAgo: spread(closedRecent, 90),
      releaseCount,
      releases: Array.from({ length: recentReleases }, (_, r) => ({
        tagName: `v${releaseCount - r}.0.0`,
        daysAgo: Math.round(((r + 0.5) * 365) / Math.max(1, recentReleases))
      })),
      contributors,
      contributorsTooLarge: k % 211 === 210
    })
  }
  return repos
}
