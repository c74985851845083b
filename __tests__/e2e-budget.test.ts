// End to end through the bundled dist/index.js (started as the runner does): a 60-framework run on a
// 40-request REST budget (GITHUB_TOKEN's hour nearly spent) still publishes. It collects the GraphQL
// part for all, refreshes what the budget pays for oldest-first with the writes reserved, carries the
// other contributor counts forward with their as-of date, and says so in the PR body and a warning;
// the next run, on a fresh budget, completes the refresh.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { syntheticRepos } from '../standins/github/metrics.js'
import { startWorld, syntheticConfig, type World } from '../standins/world.js'

const N = 60
const BUDGET = 40
const WEEK1 = '2026-11-16T06:17:00Z'
const WEEK2 = '2026-11-23T06:17:00Z'
const DAY_AFTER = '2026-11-24T06:17:00Z'
const BRANCH = 'framework-radar/report'
const HISTORY = 'docs/frameworks-history.json'
const FAST = { FRAMEWORK_RADAR_RETRY_BASE_MS: '1', FRAMEWORK_RADAR_WRITE_SPACING_MS: '0' }

interface Entry {
  metrics: Record<string, number>
  stale?: string[]
  info: { headOid?: string }
}
type Snapshots = Array<{ date: string; frameworks: Record<string, Entry> }>

describe(`${N} frameworks on a ${BUDGET}-request REST budget`, () => {
  let world: World
  const repos = syntheticRepos(N, 31).map((r) => ({ ...r, contributorsTooLarge: false, contributors: 10 }))
  before(async () => {
    // The subject is the weekly refresh on a short budget: no first-run backfill (issue 13) in the history.
    world = await startWorld({ configText: syntheticConfig(repos, { backfill: false }), repos, now: new Date(WEEK1) })
  })
  after(async () => {
    await world?.close()
  })

  const snapshots = (): Snapshots => JSON.parse(world.github.state.fileAt(BRANCH, HISTORY) ?? '{}').snapshots
  const pullBody = () => world.github.state.pulls().find((p) => p.headRef === BRANCH && p.state === 'open')?.body ?? ''

  test('publishes a partial refresh that says so, with the writes reserved; the next run completes it', async () => {
    const first = await world.run({ now: WEEK1, env: FAST })
    assert.equal(first.code, 0, first.stdout + first.stderr)
    assert.equal(first.outputs['pull-request-operation'], 'created')

    // A week on, every default branch moved (every count must be asked again) and the hour's REST
    // budget is down to 40 requests; the contributor counts changed too.
    for (const repo of repos) {
      repo.headOid = `${repo.nameWithOwner}@week-2`
      repo.contributors = 20
    }
    world.github.resetCoreBudget(BUDGET)
    world.github.resetLog()
    const partial = await world.run({ now: WEEK2, env: FAST })
    const output = partial.stdout + partial.stderr
    assert.equal(partial.code, 0, output)
    assert.equal(partial.outputs['pull-request-operation'], 'updated')
    assert.doesNotMatch(output, /API rate limit exceeded/)
    assert.ok(
      world.github.requests.every((r) => r.status !== 403 && r.status !== 429),
      'GitHub refused nothing: the writes were reserved'
    )
    const rest = world.github.requests.filter((r) => r.kind === 'rest' && r.path !== '/rate_limit')
    assert.ok(rest.length <= BUDGET, `${rest.length} REST requests on a budget of ${BUDGET}`)
    assert.ok(world.github.writes().length > 0, 'the bot branch and the pull request were written')

    // The warning and the PR body: how many were refreshed and carried, and each carried count's date.
    const warning = partial.stdout.split('\n').find((l) => l.startsWith('::warning') && /REST budget/.test(l))
    assert.ok(warning, `a ::warning says the refresh is partial:\n${partial.stdout}`)
    const said = /refreshed (\d+) of (\d+) oldest first; (\d+) carried forward/.exec(warning)
    assert.ok(said, warning)
    const [refreshed, of, carried] = said.slice(1).map(Number)
    assert.equal(of, N)
    assert.ok(refreshed > 0 && carried > 0 && refreshed + carried === N, warning)
    console.log(
      `${N} frameworks on a ${BUDGET}-request budget: ${rest.length} REST requests ` +
        `(${world.github.writes().length} writes), refreshed ${refreshed}, carried ${carried}`
    )
    const body = pullBody()
    assert.match(body, /partial refresh/)
    assert.match(body, new RegExp(`refreshed ${refreshed} of ${N} oldest first; ${carried} carried forward`))

    // Carried counts keep week 1's value, marked stale, and the body names each with its as-of date.
    const [week1, week2] = snapshots()
    assert.equal(week2.date, WEEK2.slice(0, 10))
    const stale = Object.keys(week2.frameworks).filter((n) => week2.frameworks[n].stale?.includes('contributors'))
    assert.equal(stale.length, carried)
    for (const name of stale) {
      assert.equal(week2.frameworks[name].metrics.contributors ?? week1.frameworks[name].metrics.contributors, 10)
      assert.match(body, new RegExp(`${name} \\(${WEEK1.slice(0, 10)}\\)`), `${name} with its as-of date`)
    }
    const fresh = Object.keys(week2.frameworks).filter((n) => !stale.includes(n))
    assert.equal(fresh.length, refreshed)
    for (const name of fresh) assert.equal(week2.frameworks[name].metrics.contributors, 20, name)
    for (const entry of Object.values(week2.frameworks)) assert.ok(entry.metrics.stars > 0, 'GraphQL values for all')

    // The next run has a fresh hour: it counts what was carried, and the refresh is complete.
    world.github.resetCoreBudget(1000)
    world.github.resetLog()
    const complete = await world.run({ now: DAY_AFTER, env: FAST })
    assert.equal(complete.code, 0, complete.stdout + complete.stderr)
    assert.doesNotMatch(complete.stdout, /REST budget too small/)
    const counted = world.github.requests.filter((r) => r.path.endsWith('/contributors')).length
    assert.equal(counted, carried, 'only the carried counts are asked again (the refreshed heads did not move)')
    const last = snapshots().at(-1)
    assert.equal(last?.date, DAY_AFTER.slice(0, 10))
    for (const [name, entry] of Object.entries(last?.frameworks ?? {})) {
      assert.equal(entry.metrics.contributors, 20, name)
      assert.ok(!entry.stale?.includes('contributors'), `${name} is fresh`)
    }
    assert.doesNotMatch(pullBody(), /partial refresh/)
  })
})
