// GitHub's secondary limits: the stand-in models them (limits.ts), and the client's pace hook
// (src/github/pace.ts) keeps a run inside them, measured from the stand-in's request log.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createGitHubClient, type GitHubClientOptions } from '../src/github/client.js'
import { costOf, Pacer } from '../src/github/pace.js'
import { maxPointsInWindow } from '../standins/github/limits.js'
import { startGitHubStandin, type GitHubStandinOptions } from '../standins/github/server.js'

const TOKEN = 'ghs_limits-token'
const quiet = { info: () => {}, warning: () => {}, debug: () => {} }

async function standin(options: Partial<GitHubStandinOptions> = {}) {
  return startGitHubStandin({
    token: TOKEN,
    site: { owner: 'acme', name: 'docs', files: { 'a.md': 'a\n' } },
    ...options
  })
}

function client(apiUrl: string, options: Partial<GitHubClientOptions> = {}) {
  return createGitHubClient({
    token: TOKEN,
    baseUrl: apiUrl,
    log: quiet,
    retryBaseMs: 1,
    writeSpacingMs: 0,
    ...options
  })
}

test('costs: REST reads 1 point, writes 5; GraphQL queries 1, mutations 5', () => {
  assert.deepEqual(costOf('GET', '/repos/a/b'), { kind: 'rest', points: 1, write: false })
  assert.deepEqual(costOf('POST', '/repos/a/b/git/trees'), { kind: 'rest', points: 5, write: true })
  assert.deepEqual(costOf('POST', 'http://x/api/graphql', { query: 'query { viewer { login } }' }), {
    kind: 'graphql',
    points: 1,
    write: false
  })
  assert.deepEqual(costOf('POST', '/graphql', { query: '# c\nmutation M { x }' }), {
    kind: 'graphql',
    points: 5,
    write: true
  })
})

test('the stand-in refuses a burst over its window, and the pacer keeps the same burst inside it', async (t) => {
  const limits = { restPoints: 30, graphqlPoints: 20, windowMs: 1000 }
  // Without pacing (limits far above the stand-in's), GitHub's refusals are what the run gets.
  // Its window is 10 s here, so the 45 requests fall in one window however slowly a loaded machine sends them.
  const unpaced = await standin({ secondaryLimits: { ...limits, windowMs: 10_000 } })
  t.after(() => unpaced.close())
  const loose = client(unpaced.apiUrl, { retries: 0, limits: { restPoints: 1e6, windowMs: 1000 } })
  const loose90 = await Promise.allSettled(
    Array.from({ length: 45 }, () => loose.rest.repos.get({ owner: 'acme', repo: 'docs' }))
  )
  assert.ok(unpaced.limits!.refusals > 0, 'the stand-in refuses what is over its window')
  assert.ok(loose90.some((r) => r.status === 'rejected'))

  const paced = await standin({ secondaryLimits: limits, latencyMs: 5 })
  t.after(() => paced.close())
  // The pacer's window is longer than the stand-in's by a margin for the clock skew between admitting a
  // request and its arrival (GitHub's: 61 s against 60 s); on a loaded machine that skew reached 0.5 s.
  const octokit = client(paced.apiUrl, { limits: { restPoints: 30, graphqlPoints: 20, windowMs: 2500 } })
  const started = Date.now()
  const results = await Promise.all(
    Array.from({ length: 75 }, () => octokit.rest.repos.get({ owner: 'acme', repo: 'docs' }))
  )
  const wall = Date.now() - started
  assert.equal(results.length, 75)
  assert.equal(paced.limits!.refusals, 0)
  const rest = paced.requests.filter((r) => r.kind === 'rest')
  assert.equal(rest.length, 75)
  assert.ok(maxPointsInWindow(rest, 1000) <= 30, `max REST points in a window: ${maxPointsInWindow(rest, 1000)}`)
  // 75 points at 30 per window need two further windows.
  assert.ok(wall >= 2000, `wall ${wall} ms`)
  assert.ok(paced.limits!.maxInFlight <= 10, `in flight: ${paced.limits!.maxInFlight}`)
})

test('more than 100 concurrent requests are refused by the stand-in; the client keeps 10 in flight', async (t) => {
  const gh = await standin({ secondaryLimits: {}, latencyMs: 600 })
  t.after(() => gh.close())
  const raw = await Promise.all(
    Array.from({ length: 110 }, () =>
      fetch(`${gh.apiUrl}/repos/acme/docs`, { headers: { authorization: `token ${TOKEN}` } }).then((r) => r.status)
    )
  )
  assert.ok(
    raw.filter((s) => s === 403).length >= 1,
    `the requests past 100 in flight are refused (max in flight ${gh.limits!.maxInFlight})`
  )
  gh.resetLog()
  const before = gh.limits!.refusals
  const octokit = client(gh.apiUrl)
  await Promise.all(Array.from({ length: 40 }, () => octokit.rest.repos.get({ owner: 'acme', repo: 'docs' })))
  assert.equal(gh.limits!.refusals, before)
})

test('a secondary-limit refusal is honoured: retry-after waited, limits halved, the request succeeds', async (t) => {
  const gh = await standin({ faults: { seed: 3, rate: 1, kinds: ['secondary-403'], maxPerRequestKey: 1 } })
  t.after(() => gh.close())
  const octokit = client(gh.apiUrl, { retryBaseMs: 50 })
  const started = Date.now()
  const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'docs' })
  assert.equal(data.default_branch, 'main')
  assert.ok(Date.now() - started >= 50, 'waited retry-after (1 s × the 50 ms unit)')
  assert.equal(octokit.pacer.refusals, 1)
  assert.deepEqual(
    gh.requests.map((r) => r.status),
    [403, 200]
  )
})

test('writes are spaced only once a run has made many', async () => {
  // Spacing wide enough that a busy CI machine's scheduling lateness (tens of ms) cannot blur the two.
  const pacer = new Pacer({ writeBurst: 2, writeSpacingMs: 250 })
  const write = { kind: 'rest' as const, points: 5, write: true }
  const times: number[] = []
  const started = performance.now()
  for (let i = 0; i < 4; i++) {
    const release = await pacer.acquire(write)
    times.push(performance.now() - started)
    release()
  }
  assert.ok(times[1] < 125, `the first writes go at once: ${times}`)
  // Measured from the start: a write's time is taken when its await resumes, which a busy machine can
  // delay (then the next gap looks short), never advance; the pacer admits them at 250 and 500 ms.
  // (Not from the second write's time: a late resumption of that one made a 244.6 ms "gap" on a busy run.)
  assert.ok(times[2] >= 245 && times[3] >= 490, `then 250 ms apart: ${times}`)
})

test('60 frameworks, 40-request REST budget: GraphQL for all, counts oldest-first, rest carried, said', async (t) => {
  const { collectGitHub } = await import('../src/sources/github/index.js')
  const { syntheticRepos } = await import('../standins/github/metrics.js')
  const { RequestCounter } = await import('../src/sources/types.js')
  const repos = syntheticRepos(60, 21).map((r) => ({ ...r, contributorsTooLarge: false }))
  const now = new Date('2026-03-02T06:17:00Z')
  const gh = await startGitHubStandin({ token: TOKEN, repos, now: () => now, coreBudget: 40, secondaryLimits: {} })
  t.after(() => gh.close())
  // The last snapshot counted P0–P29 a week ago and P30–P59 two weeks ago (carried, stale, since).
  const frameworks = repos.map((r, i) => ({ name: `P${i}`, github: r.nameWithOwner }))
  const entry = (i: number, stale: boolean) => ({
    github: repos[i].nameWithOwner,
    rank: i + 1,
    score: 1,
    metrics: { contributors: 7 },
    ...(stale ? { stale: ['contributors' as const] } : {}),
    info: { headOid: 'an-old-head' }
  })
  const history = {
    version: 1 as const,
    snapshots: [
      { date: '2026-02-16', frameworks: Object.fromEntries(frameworks.map((f, i) => [f.name, entry(i, false)])) },
      { date: '2026-02-23', frameworks: Object.fromEntries(frameworks.map((f, i) => [f.name, entry(i, i >= 30)])) }
    ]
  }
  const ctx = {
    now,
    windowDays: 30,
    endpoints: { githubApi: gh.apiUrl, githubGraphql: gh.graphqlUrl } as never,
    token: TOKEN,
    log: quiet,
    counter: new RequestCounter(),
    retryBaseMs: 1,
    history
  }
  const outcome = await collectGitHub(frameworks, ctx as never)
  assert.deepEqual(outcome.failures, [])
  assert.equal(outcome.values.size, 60, 'every framework has its GraphQL values')
  const counted = gh.requests.filter((r) => r.path.endsWith('/contributors'))
  // 40 left, 20 kept for publishing: 20 counts, and GitHub never had to refuse one.
  assert.equal(counted.length, 20)
  assert.ok(counted.every((r) => r.status === 200))
  // Oldest first: the counts from two weeks ago (P30–P59) are refreshed before last week's. (The very
  // first count, P0, goes before any REST answer told the budget; in a run the config read tells it.)
  const refreshed = new Set(counted.map((r) => r.path.split('/')[3]))
  for (let i = 30; i < 49; i++) assert.ok(refreshed.has(repos[i].nameWithOwner.split('/')[1]), `P${i} refreshed`)
  const carried = [...outcome.values].filter(([, v]) => v.stale?.includes('contributors')).map(([name]) => name)
  assert.equal(carried.length, 40)
  assert.equal(outcome.warnings?.length, 1)
  assert.match(outcome.warnings![0], /refreshed 19 of 59 oldest first; 40 carried forward/)
  assert.match(outcome.warnings![0], /P1 \(2026-02-23\)/)
})

test('refusals that arrive together halve the limits once; a quiet window restores them', async () => {
  let now = 1_000
  const pacer = new Pacer({ maxInFlight: 8, windowMs: 100 }, () => now)
  const read = { kind: 'rest' as const, points: 1, write: false }
  for (let i = 0; i < 4; i++) pacer.refused(0)
  const admitted: Array<() => void> = []
  for (let i = 0; i < 8; i++) void pacer.acquire(read).then((release) => admitted.push(release))
  await new Promise((r) => setImmediate(r))
  assert.equal(admitted.length, 4, 'half of 8 in flight, not 8 / 16')
  now += 200
  for (const release of admitted.splice(0)) release()
  await new Promise((r) => setImmediate(r))
  assert.equal(admitted.length, 4, 'the other four go once the first answered')
  for (const release of admitted.splice(0)) release()
  const more: Array<() => void> = []
  for (let i = 0; i < 8; i++) void pacer.acquire(read).then((release) => more.push(release))
  await new Promise((r) => setImmediate(r))
  assert.equal(more.length, 8, 'after a window without refusals the limits are back')
})
