// The GitHub source against the GitHub stand-in: values, missing and renamed repositories,
// contributors, batch halving, retries, budget, GHES addresses and the number of requests.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { FrameworkConfig } from '../src/config/schema.js'
import type { SourceValues } from '../src/model.js'
import { collectGitHub, githubSource } from '../src/sources/github/index.js'
import { repositorySchema } from '../src/sources/github/schema.js'
import { RequestCounter, type SourceContext } from '../src/sources/types.js'
import { deepLearningRepos, spread, syntheticRepos, type RepoFixture } from '../standins/github/metrics.js'
import { startGitHubStandin, type GitHubStandinOptions } from '../standins/github/server.js'

const NOW = new Date('2026-03-02T06:17:00Z')
const TOKEN = 'ghs_test-token-0123456789'
const DAY = 86_400_000

const CONFIGURED: Record<string, string> = {
  TensorFlow: 'tensorflow/tensorflow',
  PyTorch: 'pytorch/pytorch',
  Keras: 'keras-team/keras',
  JAX: 'google/jax',
  MXNet: 'apache/incubator-mxnet',
  Caffe: 'BVLC/caffe',
  CNTK: 'microsoft/CNTK',
  Theano: 'Theano/Theano',
  Deeplearning4j: 'deeplearning4j/deeplearning4j',
  neon: 'NervanaSystems/neon'
}
const tenFrameworks: FrameworkConfig[] = Object.entries(CONFIGURED).map(([name, github]) => ({ name, github }))

function context(
  urls: { apiUrl: string; graphqlUrl: string },
  overrides: Partial<SourceContext> = {}
): SourceContext & { counter: RequestCounter } {
  return {
    now: NOW,
    windowDays: 30,
    endpoints: {
      githubApi: urls.apiUrl,
      githubGraphql: urls.graphqlUrl,
      stackexchange: '',
      pypistats: '',
      npm: '',
      anaconda: '',
      dockerhub: '',
      semanticscholar: ''
    },
    token: TOKEN,
    log: { info: () => {}, warning: () => {}, debug: () => {} },
    counter: new RequestCounter(),
    retryBaseMs: 1,
    maxWaitMs: 2_000,
    ...overrides
  } as SourceContext & { counter: RequestCounter }
}

async function withStandin<T>(
  options: GitHubStandinOptions,
  fn: (standin: Awaited<ReturnType<typeof startGitHubStandin>>) => Promise<T>
): Promise<T> {
  const standin = await startGitHubStandin({ token: TOKEN, now: () => NOW, ...options })
  try {
    return await fn(standin)
  } finally {
    await standin.close()
  }
}

/** What the source must report for a fixture, computed from the fixture directly. */
function expectedMetrics(f: RepoFixture, windowDays = 30): SourceValues['metrics'] {
  const since = NOW.getTime() - windowDays * DAY
  const sinceDay = Date.parse(new Date(since).toISOString().slice(0, 10))
  const yearAgo = NOW.getTime() - 365 * DAY
  return {
    stars: f.stars,
    forks: f.forks,
    watchers: f.watchers,
    contributors: f.contributors,
    commits_window: f.commitDaysAgo.filter((d) => NOW.getTime() - d * DAY >= since).length,
    open_issues: f.openIssues,
    closed_issues: f.closedIssues,
    closed_issues_window: f.closedIssueDaysAgo.filter((d) => NOW.getTime() - d * DAY >= sinceDay).length,
    releases: f.releaseCount,
    releases_365d: f.releases.filter((r) => NOW.getTime() - r.daysAgo * DAY >= yearAgo).length,
    open_prs: f.openPullRequests,
    merged_prs: f.mergedPullRequests
  }
}

const frameworksFor = (fixtures: RepoFixture[]): FrameworkConfig[] =>
  fixtures.map((f, i) => ({ name: `P${i}`, github: f.nameWithOwner }))

test('values for the ten deep-learning frameworks equal the fixtures', async () => {
  await withStandin({ repos: deepLearningRepos }, async (standin) => {
    const ctx = context(standin)
    const outcome = await githubSource.collect(tenFrameworks, ctx)
    assert.deepEqual(outcome.failures, [])
    assert.equal(outcome.values.size, 10)
    for (const fw of tenFrameworks) {
      const fixture = deepLearningRepos.find(
        (f) => f.nameWithOwner === fw.github || f.renamedFrom?.includes(fw.github)
      )!
      const values = outcome.values.get(fw.name)!
      assert.deepEqual(values.metrics, expectedMetrics(fixture), fw.name)
      assert.equal(values.lowerBounds, undefined)
      assert.equal(values.info?.nameWithOwner, fixture.nameWithOwner)
      assert.equal(values.info?.archived, fixture.archived ?? false)
      assert.equal(values.info?.language, fixture.primaryLanguage)
      assert.deepEqual(values.info?.topics, fixture.topics)
      assert.equal(values.info?.createdAt, fixture.createdAt)
      assert.equal(values.info?.latestRelease?.tag, fixture.releases[0].tagName)
    }
    // Licenses: the SPDX id, or GitHub's name when it cannot assign one.
    assert.equal(outcome.values.get('TensorFlow')!.info!.license, 'Apache-2.0')
    assert.equal(outcome.values.get('PyTorch')!.info!.license, 'Other')
    assert.deepEqual(
      tenFrameworks.filter((fw) => outcome.values.get(fw.name)!.info!.archived).map((fw) => fw.name),
      ['MXNet', 'CNTK', 'neon']
    )
    // Windowed counts are non-trivial for the active frameworks.
    assert.ok(outcome.values.get('PyTorch')!.metrics.commits_window! > 1000, 'PyTorch commits in the window')
    assert.ok(
      outcome.values.get('TensorFlow')!.metrics.closed_issues_window! > 100,
      'TensorFlow issues closed in the window'
    )
    assert.ok(ctx.counter.graphqlPoints >= 1, 'GraphQL points counted')
  })
})

test('a missing repository is flagged as missing; the others are intact', async () => {
  await withStandin({ repos: deepLearningRepos }, async (standin) => {
    const frameworks = [...tenFrameworks.slice(0, 3), { name: 'Ghost', github: 'nobody-here/no-such-repo' }]
    const outcome = await githubSource.collect(frameworks, context(standin))
    assert.deepEqual(outcome.failures, [])
    assert.deepEqual(outcome.values.get('Ghost'), {
      metrics: {},
      info: { nameWithOwner: 'nobody-here/no-such-repo', missing: true }
    })
    // Issue 11: a missing repository is a ::warning (main.ts, from info.missing), no longer a note (::notice).
    assert.ok(!outcome.notes.some((n) => n.includes('nobody-here/no-such-repo')), 'no note for the missing repository')
    for (const fw of frameworks.slice(0, 3)) {
      assert.deepEqual(
        outcome.values.get(fw.name)!.metrics,
        expectedMetrics(deepLearningRepos.find((f) => f.nameWithOwner === fw.github)!)
      )
    }
    // No contributor request for a repository that does not exist.
    assert.ok(
      !standin.requests.some((r) => r.path.includes('no-such-repo')),
      'no contributor request for the missing repository'
    )
  })
})

test('a renamed repository is reported under its new name, with every metric counted there', async () => {
  await withStandin({ repos: deepLearningRepos }, async (standin) => {
    const outcome = await githubSource.collect([{ name: 'JAX', github: 'google/jax' }], context(standin))
    const jax = deepLearningRepos.find((f) => f.nameWithOwner === 'jax-ml/jax')!
    assert.deepEqual(outcome.failures, [])
    assert.equal(outcome.values.get('JAX')!.info!.nameWithOwner, 'jax-ml/jax')
    assert.deepEqual(outcome.values.get('JAX')!.metrics, expectedMetrics(jax))
    assert.ok(jax.closedIssueDaysAgo.length > 0, 'the fixture has recently closed issues')
    assert.deepEqual(outcome.notes, [
      'JAX: GitHub repository google/jax was renamed to jax-ml/jax; update its github key in the config'
    ])
    // Contributors are asked under the new name (no redirect to follow).
    assert.ok(
      standin.requests.some((r) => r.path === '/repos/jax-ml/jax/contributors'),
      'contributors asked under the new name'
    )
  })
})

test('contributors: Link rel="last", one contributor, 204 for an empty repository, 403 too large', async () => {
  const base = syntheticRepos(1, 7)[0]
  const fixtures: RepoFixture[] = [
    { ...base, nameWithOwner: 'c/many', contributors: 2_345, contributorsTooLarge: false },
    { ...base, nameWithOwner: 'c/one', contributors: 1, contributorsTooLarge: false },
    { ...base, nameWithOwner: 'c/empty', contributors: 0, commitDaysAgo: [], contributorsTooLarge: false },
    { ...base, nameWithOwner: 'c/huge', contributors: 40_000, contributorsTooLarge: true }
  ]
  await withStandin({ repos: fixtures }, async (standin) => {
    const outcome = await githubSource.collect(frameworksFor(fixtures), context(standin))
    assert.deepEqual(outcome.failures, [])
    assert.deepEqual(
      fixtures.map((_, i) => outcome.values.get(`P${i}`)!.metrics.contributors),
      [2_345, 1, 0, 500]
    )
    assert.deepEqual(outcome.values.get('P3')!.lowerBounds, ['contributors'])
    assert.equal(outcome.values.get('P0')!.lowerBounds, undefined)
    assert.equal(outcome.values.get('P2')!.metrics.commits_window, 0)
    const statuses = standin.requests
      .filter((r) => r.path.endsWith('/contributors'))
      .map((r) => `${r.path} ${r.status}`)
      .sort()
    assert.deepEqual(statuses, [
      '/repos/c/empty/contributors 204',
      '/repos/c/huge/contributors 403',
      '/repos/c/many/contributors 200',
      '/repos/c/one/contributors 200'
    ])
  })
})

test('RESOURCE_LIMITS_EXCEEDED halves the batch until GitHub accepts it; values are unchanged', async () => {
  const fixtures = syntheticRepos(10, 3)
  await withStandin({ repos: fixtures, metrics: { maxRepositoriesPerDocument: 4 } }, async (standin) => {
    const ctx = context(standin)
    const outcome = await githubSource.collect(frameworksFor(fixtures), ctx)
    assert.deepEqual(outcome.failures, [])
    for (const [i, f] of fixtures.entries()) assert.deepEqual(outcome.values.get(`P${i}`)!.metrics, expectedMetrics(f))
    // 10 → 5 + 5 → 3 + 2 + 3 + 2: seven documents, four of them accepted.
    assert.equal(ctx.counter.counts.get('github:graphql'), 7)
    assert.deepEqual(
      standin.requests.filter((r) => r.kind === 'graphql').map((r) => r.status),
      [200, 200, 200, 200, 200, 200, 200]
    )
  })
})

test('a batch of one that is still too big fails that repository only', async () => {
  const fixtures = syntheticRepos(3, 4)
  await withStandin({ repos: fixtures, metrics: { maxRepositoriesPerDocument: 0 } }, async (standin) => {
    const outcome = await githubSource.collect(frameworksFor(fixtures), context(standin))
    assert.equal(outcome.failures.length, 3)
    assert.match(outcome.failures[0].message, /Resource limits for this query exceeded/)
    assert.equal(outcome.values.size, 0)
  })
})

test('RATE_LIMITED, 502, 503 and connection resets are retried; values equal a fault-free run', async () => {
  const fixtures = [...deepLearningRepos, ...syntheticRepos(20, 5)]
  const frameworks = [...tenFrameworks, ...frameworksFor(fixtures.slice(10))]
  const clean = await withStandin({ repos: fixtures }, (standin) => githubSource.collect(frameworks, context(standin)))
  assert.deepEqual(clean.failures, [])
  const faulty = await withStandin(
    { repos: fixtures, faults: { seed: 11, rate: 0.4, kinds: ['graphql-rate-limited', '502', '503', 'reset'] } },
    async (standin) => {
      const outcome = await githubSource.collect(frameworks, context(standin))
      assert.ok(standin.faults.injected >= 5, `faults injected: ${standin.faults.injected}`)
      assert.ok(
        (standin.faults.injectedByKind.get('graphql-rate-limited') ?? 0) +
          (standin.faults.injectedByKind.get('502') ?? 0) >
          0,
        'GraphQL faults were injected'
      )
      return outcome
    }
  )
  assert.deepEqual(faulty.failures, [])
  assert.deepEqual([...faulty.values], [...clean.values])
  assert.deepEqual(faulty.notes, clean.notes)
})

test('secondary rate limits (403/429 with retry-after) are waited out, within maxWaitMs', async () => {
  const fixtures = syntheticRepos(3, 6)
  await withStandin(
    { repos: fixtures, faults: { seed: 2, rate: 1, kinds: ['429', 'secondary-403'], maxPerRequestKey: 1 } },
    async (standin) => {
      const outcome = await githubSource.collect(frameworksFor(fixtures), context(standin))
      assert.deepEqual(outcome.failures, [])
      for (const [i, f] of fixtures.entries())
        assert.deepEqual(outcome.values.get(`P${i}`)!.metrics, expectedMetrics(f))
    }
  )
  // A server that asks for a longer wait than allowed: the repositories fail, nothing hangs. (Waits are
  // retry-after × retryBaseMs, as in the client's plugins: 1 s × 1000 ms is more than 100 ms.)
  await withStandin(
    { repos: fixtures, faults: { seed: 2, rate: 1, kinds: ['429'], maxPerRequestKey: 1 } },
    async (standin) => {
      const ctx = context(standin, { maxWaitMs: 100, retryBaseMs: 1000 })
      const started = performance.now()
      const outcome = await githubSource.collect(frameworksFor(fixtures), ctx)
      assert.ok(performance.now() - started < 1000, 'nothing waited for the retry-after')
      assert.equal(outcome.failures.length, 3)
      assert.match(outcome.failures[0].message, /asked to wait 1 s, more than the allowed/)
    }
  )
})

test('budget exhaustion stops before the batch that would overrun it, with a clear message', async () => {
  const fixtures = syntheticRepos(120, 8)
  // Batches of 50, 50, 20 cost 5, 5 and 2 points: 11 points pay for two batches, not the third.
  await withStandin({ repos: fixtures, metrics: { graphqlBudget: 11 } }, async (standin) => {
    const ctx = context(standin)
    const outcome = await githubSource.collect(frameworksFor(fixtures), ctx)
    assert.equal(outcome.values.size, 100)
    assert.equal(outcome.failures.length, 20)
    assert.deepEqual(
      outcome.failures.map((f) => f.framework),
      fixtures.slice(100).map((_, i) => `P${100 + i}`)
    )
    assert.match(
      outcome.failures[0].message,
      /^GitHub API budget exhausted: 1 GraphQL points left \(the next batch needs 2\), resets at 2026-03-02T07:17:00Z$/
    )
    assert.equal(standin.requests.filter((r) => r.kind === 'graphql').length, 2)
    assert.equal(standin.requests.filter((r) => r.kind === 'rest').length, 100)
    assert.equal(ctx.counter.graphqlPoints, 10)
  })
})

test('GitHub Enterprise Server: GraphQL goes to /api/graphql and REST to /api/v3, exactly', async () => {
  const fixtures = syntheticRepos(4, 9)
  await withStandin({ repos: fixtures, prefix: '/api/v3' }, async (standin) => {
    assert.match(standin.graphqlUrl, /\/api\/graphql$/)
    assert.match(standin.apiUrl, /\/api\/v3$/)
    const outcome = await githubSource.collect(frameworksFor(fixtures), context(standin))
    assert.deepEqual(outcome.failures, [])
    for (const [i, f] of fixtures.entries()) assert.deepEqual(outcome.values.get(`P${i}`)!.metrics, expectedMetrics(f))
    assert.deepEqual(
      standin.requests.map((r) => `${r.kind} ${r.status}`).sort(),
      ['graphql 200', 'rest 200', 'rest 200', 'rest 200', 'rest 200'].sort()
    )
  })
})

for (const [repos, graphql, batches] of [
  [10, 1, [10]],
  [120, 3, [50, 50, 20]]
] as const) {
  test(`${repos} repositories take ${graphql} GraphQL request(s) and ${repos} REST requests`, async () => {
    const fixtures = syntheticRepos(repos, 10).map((f) => ({ ...f, contributorsTooLarge: false }))
    await withStandin({ repos: fixtures }, async (standin) => {
      const ctx = context(standin)
      const outcome = await githubSource.collect(frameworksFor(fixtures), ctx)
      assert.deepEqual(outcome.failures, [])
      assert.equal(outcome.values.size, repos)
      assert.deepEqual(ctx.counter.toJSON(), { 'github:graphql': graphql, 'github:rest': repos })
      assert.equal(standin.requests.filter((r) => r.kind === 'graphql').length, graphql)
      assert.equal(standin.requests.filter((r) => r.kind === 'rest').length, repos)
      const points = batches.reduce((sum, n) => sum + Math.max(1, Math.round((n * 9) / 100)), 0)
      assert.equal(ctx.counter.graphqlPoints, points)
    })
  })
}

test('the window follows windowDays and the clock', async () => {
  const fixture: RepoFixture = {
    ...syntheticRepos(1, 12)[0],
    nameWithOwner: 'w/repo',
    commitDaysAgo: spread(90, 90),
    closedIssueDaysAgo: spread(45, 90),
    contributorsTooLarge: false
  }
  await withStandin({ repos: [fixture] }, async (standin) => {
    for (const windowDays of [7, 30, 90]) {
      const outcome = await collectGitHub([{ name: 'W', github: 'w/repo' }], context(standin, { windowDays }))
      assert.deepEqual(outcome.values.get('W')!.metrics, expectedMetrics(fixture, windowDays))
    }
  })
})

test('a rejected token fails the source without ever showing the token', async () => {
  await withStandin({ repos: deepLearningRepos }, async (standin) => {
    const ctx = context(standin, { token: 'ghp_wrong-token-should-not-leak' })
    await assert.rejects(githubSource.collect(tenFrameworks.slice(0, 2), ctx), (error: Error) => {
      assert.match(error.message, /401/)
      assert.ok(!error.message.includes('ghp_wrong'), 'the token is not in the message')
      return true
    })
  })
})

test('timeouts halve a GraphQL batch and retry a REST request; values equal a fault-free run', async () => {
  const fixtures = syntheticRepos(3, 13).map((f) => ({ ...f, contributorsTooLarge: false }))
  // Every request times out the first time it is sent, and answers when sent again.
  await withStandin(
    { repos: fixtures, faults: { seed: 5, rate: 1, kinds: ['timeout'], maxPerRequestKey: 1, timeoutMs: 1_500 } },
    async (standin) => {
      // 600 ms: far above an ordinary answer on a busy machine (at 250 ms one timed out under load too, and
      // was retried: the counts below were off), below the 1.5 s a held request waits.
      const ctx = context(standin, { requestTimeoutMs: 600 })
      const outcome = await githubSource.collect(frameworksFor(fixtures), ctx)
      assert.deepEqual(outcome.failures, [])
      for (const [i, f] of fixtures.entries())
        assert.deepEqual(outcome.values.get(`P${i}`)!.metrics, expectedMetrics(f))
      // GraphQL: 3 → 2 + 1 → 1 + 1 (all timed out), then each single retried once: 8 documents.
      // REST: each contributor request times out once and is retried: 6 requests.
      assert.deepEqual(ctx.counter.toJSON(), { 'github:graphql': 8, 'github:rest': 6 })
    }
  )
})

test('an answer that does not match the expected shape is a failure, never a zero', async () => {
  await withStandin({ repos: deepLearningRepos }, async (standin) => {
    const response = await fetch(standin.graphqlUrl, {
      method: 'POST',
      headers: { authorization: `bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ repository(owner: "BVLC", name: "caffe") { stargazerCount forkCount } }' })
    })
    const { data } = (await response.json()) as { data: { repository: Record<string, unknown> } }
    assert.equal(repositorySchema.safeParse(data.repository).success, false)
  })
})
