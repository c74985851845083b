// The metrics half of the GitHub stand-in answers the way GitHub does: GraphQL errors with HTTP 200,
// NOT_FOUND with a path, node and pagination limits, a per-token budget, and the contributors list.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildBatchDocument } from '../src/sources/github/query.js'
import { lastPageFromLink } from '../src/sources/github/contributors.js'
import {
  createMetricsHandler,
  deepLearningRepos,
  syntheticRepos,
  type MetricsHandlerOptions
} from '../standins/github/metrics.js'
import type { StandinResponse } from '../standins/github/server.js'

const NOW = new Date('2026-03-02T06:17:00Z')
const AUTH = 'token ghs_standin-test'

function handler(options: Partial<MetricsHandlerOptions> = {}, fault?: 'RATE_LIMITED' | 'RESOURCE_LIMITS_EXCEEDED') {
  const handle = createMetricsHandler({
    repos: deepLearningRepos,
    now: () => NOW,
    faults: { graphqlFault: () => fault },
    ...options
  })
  return {
    graphql: async (
      query: string,
      variables: Record<string, unknown> = {},
      authorization: string | null = AUTH
    ): Promise<StandinResponse & { body: any }> =>
      (await handle({
        method: 'POST',
        path: '/graphql',
        query: new URLSearchParams(),
        headers: { authorization: authorization ?? undefined, host: 'api.test' },
        body: { query, variables }
      })) as StandinResponse & { body: any },
    get: async (path: string, query = ''): Promise<StandinResponse | undefined> =>
      handle({
        method: 'GET',
        path,
        query: new URLSearchParams(query),
        headers: { authorization: AUTH, host: 'api.test' },
        body: undefined
      })
  }
}

test('a missing repository: data null for its alias, a NOT_FOUND error with path, others resolved', async () => {
  const { graphql } = handler()
  const response = await graphql(
    '{ a: repository(owner: "BVLC", name: "caffe") { stargazerCount } b: repository(owner: "no", name: "pe") { ' +
      'stargazerCount } }'
  )
  assert.equal(response.status, 200)
  assert.deepEqual(response.body.data, { a: { stargazerCount: 34_290 }, b: null })
  assert.deepEqual(response.body.errors, [
    {
      type: 'NOT_FOUND',
      path: ['b'],
      locations: [{ line: 1, column: 66 }],
      message: "Could not resolve to a Repository with the name 'no/pe'."
    }
  ])
})

test('an old name resolves to the renamed repository', async () => {
  const { graphql } = handler()
  const response = await graphql(
    '{ repository(owner: "apache", name: "incubator-mxnet") { nameWithOwner isArchived } }'
  )
  assert.deepEqual(response.body, { data: { repository: { nameWithOwner: 'apache/mxnet', isArchived: true } } })
})

test("a document that is invalid against GitHub's schema fails with HTTP 200 and errors, no data", async () => {
  const { graphql } = handler()
  for (const query of [
    '{ repository(owner: "a", name: "b") { stargazersCount } }',
    '{ repository(owner: "a") { id } }',
    '{ repository(owner: "a", name: "b") { id }'
  ]) {
    const response = await graphql(query)
    assert.equal(response.status, 200)
    assert.ok(Array.isArray(response.body.errors) && response.body.errors.length > 0, query)
    assert.equal(response.body.data, undefined)
  }
})

test("rateLimit reports GitHub's cost and a per-token budget that goes down", async () => {
  const { graphql } = handler({ graphqlBudget: 100 })
  const doc = buildBatchDocument(
    deepLearningRepos.map((r) => ({ owner: r.nameWithOwner.split('/')[0], repo: r.nameWithOwner.split('/')[1] })),
    new Date('2026-02-01T00:00:00Z')
  )
  const first = await graphql(doc.query, doc.variables)
  assert.equal(first.body.errors, undefined)
  // 10 repositories × 9 connections = 90 requests → 1 point.
  assert.deepEqual(first.body.data.rateLimit, {
    cost: 1,
    remaining: 99,
    resetAt: '2026-03-02T07:17:00Z',
    limit: 5000,
    used: 4901
  })
  assert.equal(first.headers?.['x-ratelimit-remaining'], '99')
  const second = await graphql('{ rateLimit { cost remaining } }')
  assert.deepEqual(second.body.data.rateLimit, { cost: 1, remaining: 98 })
  // Another token has its own budget.
  const other = await graphql('{ rateLimit { remaining } }', {}, 'token another')
  assert.deepEqual(other.body.data.rateLimit, { remaining: 99 })
})

test('an empty budget answers RATE_LIMITED with no data', async () => {
  const { graphql } = handler({ graphqlBudget: 1 })
  assert.equal((await graphql('{ rateLimit { remaining } }')).body.data.rateLimit.remaining, 0)
  const response = await graphql('{ rateLimit { remaining } }')
  assert.equal(response.status, 200)
  assert.equal(response.body.data, undefined)
  assert.equal(response.body.errors[0].type, 'RATE_LIMITED')
  assert.match(response.body.errors[0].message, /^API rate limit exceeded for user ID \d+\.$/)
})

test('node limit and page size limit are enforced like GitHub', async () => {
  const { graphql } = handler()
  const tooMany = await graphql(
    '{ repository(owner: "a", name: "b") { issues(first: 100) { nodes { labels(first: 100) { nodes { issues(first: ' +
      '100) { totalCount } } } } } } }'
  )
  assert.equal(tooMany.body.errors[0].type, 'MAX_NODE_LIMIT_EXCEEDED')
  assert.match(
    tooMany.body.errors[0].message,
    /requests up to 1,010,100 possible nodes which exceeds the maximum limit of 500,000/
  )
  const tooLong = await graphql('{ repository(owner: "a", name: "b") { releases(first: 101) { totalCount } } }')
  assert.equal(tooLong.body.errors[0].type, 'EXCESSIVE_PAGINATION')
})

test('injected faults answer the way GitHub does: HTTP 200, errors, no data', async () => {
  for (const fault of ['RATE_LIMITED', 'RESOURCE_LIMITS_EXCEEDED'] as const) {
    const response = await handler({}, fault).graphql('{ rateLimit { remaining } }')
    assert.equal(response.status, 200)
    assert.equal(response.body.data, undefined)
    assert.equal(response.body.errors[0].type, fault)
  }
})

test('GraphQL without a token is 401', async () => {
  const response = await handler().graphql('{ rateLimit { remaining } }', {}, null)
  assert.equal(response.status, 401)
})

test('search counts issues closed since a date, for the current name only', async () => {
  const { graphql } = handler()
  const q = (query: string) =>
    graphql('query($q: String!) { search(query: $q, type: ISSUE, first: 0) { issueCount } }', { q: query })
  const tf = deepLearningRepos[0]
  const all = await q('repo:tensorflow/tensorflow is:issue is:closed')
  assert.equal(all.body.data.search.issueCount, tf.closedIssues)
  const recent = await q('repo:tensorflow/tensorflow is:issue is:closed closed:>=2026-02-01')
  assert.equal(
    recent.body.data.search.issueCount,
    tf.closedIssueDaysAgo.filter((d) => NOW.getTime() - d * 86_400_000 >= Date.parse('2026-02-01')).length
  )
  assert.equal((await q('repo:no/such is:issue is:closed closed:>=2026-02-01')).body.data.search.issueCount, 0)
})

test('contributors: one per page gives a Link whose last page is the count', async () => {
  const { get } = handler()
  const response = (await get('/repos/tensorflow/tensorflow/contributors', 'per_page=1&anon=true'))!
  assert.equal(response.status, 200)
  assert.equal((response.body as unknown[]).length, 1)
  const link = response.headers!.link
  assert.match(link, /rel="next"/)
  assert.equal(lastPageFromLink(link), 4_712)
  // Page 2 links back too.
  const second = (await get('/repos/tensorflow/tensorflow/contributors', 'per_page=1&anon=true&page=2'))!
  assert.match(second.headers!.link, /rel="prev".*rel="next".*rel="last".*rel="first"/)
  // Without anon, contributors without an account are left out.
  const named = (await get('/repos/tensorflow/tensorflow/contributors', 'per_page=1'))!
  assert.ok(lastPageFromLink(named.headers!.link)! < 4_712, 'fewer contributors without anon')
})

test('contributors: 204 empty, 403 too large, 404 missing, 301 after a rename', async () => {
  const [base] = syntheticRepos(1, 1)
  const { get } = handler({
    repos: [
      { ...base, nameWithOwner: 'x/empty', contributors: 0 },
      { ...base, nameWithOwner: 'x/huge', contributorsTooLarge: true },
      {
        ...base,
        nameWithOwner: 'x/new',
        renamedFrom: ['x/old'],
        contributors: 1,
        contributorsTooLarge: false,
        id: 4242
      }
    ]
  })
  const empty = (await get('/repos/x/empty/contributors', 'per_page=1&anon=true'))!
  assert.deepEqual([empty.status, empty.body], [204, undefined])
  const huge = (await get('/repos/x/huge/contributors', 'per_page=1&anon=true'))!
  assert.equal(huge.status, 403)
  assert.equal(
    (huge.body as { message: string }).message,
    'The history or contributor list is too large to list contributors for this repository via the API.'
  )
  assert.equal((await get('/repos/x/none/contributors'))!.status, 404)
  const moved = (await get('/repos/x/old/contributors', 'per_page=1&anon=true'))!
  assert.equal(moved.status, 301)
  assert.equal(moved.headers!.location, 'http://api.test/repositories/4242/contributors?per_page=1&anon=true')
  const byId = (await get('/repositories/4242/contributors', 'per_page=1&anon=true'))!
  assert.deepEqual([byId.status, (byId.body as unknown[]).length, byId.headers!.link], [200, 1, undefined])
  // Not a metrics route: left to the other handlers.
  assert.equal(await get('/repos/x/new/pulls'), undefined)
})

test('lastPageFromLink reads rel="last" wherever it is in the header', () => {
  assert.equal(
    lastPageFromLink(
      '<https://api.github.com/repositories/1/contributors?per_page=1&anon=true&page=2>; rel="next", ' +
        '<https://api.github.com/repositories/1/contributors?per_page=1&anon=true&page=371>; rel="last"'
    ),
    371
  )
  assert.equal(lastPageFromLink('<https://x/y?page=5>; rel="last", <https://x/y?page=1>; rel="first"'), 5)
  assert.equal(lastPageFromLink('<https://x/y?page=2>; rel="next"'), undefined)
  assert.equal(lastPageFromLink(undefined), undefined)
})

test('syntheticRepos is deterministic and varied', () => {
  const a = syntheticRepos(300, 42)
  assert.deepEqual(a, syntheticRepos(300, 42))
  assert.notDeepEqual(a, syntheticRepos(300, 43))
  assert.equal(new Set(a.map((r) => r.nameWithOwner)).size, 300)
  assert.ok(a.some((r) => r.archived) && a.some((r) => !r.archived), 'archived and active repositories')
  assert.ok(
    a.some((r) => r.contributors === 0) && a.some((r) => r.contributorsTooLarge),
    'empty and too-large repositories'
  )
})
