// radar() in process against the stand-ins: no spawn, no bundle — the pipeline from config to pull
// request, and two runs racing for the bot branch. (The action's log lines go to this file's output.)
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test, type TestContext } from 'node:test'
import { RequestError } from 'octokit'
import type { Inputs } from '../src/inputs.js'
import { readSettings } from '../src/inputs.js'
import { failureMessage, radar } from '../src/main.js'
import { DEMO_TOKEN, SITE, startWorld, type World, type WorldOptions } from '../standins/world.js'

delete process.env.GITHUB_OUTPUT
delete process.env.GITHUB_STEP_SUMMARY

const BRANCH = 'framework-radar/report'
const HISTORY = 'docs/frameworks-history.json'

const inputs = (over: Partial<Inputs> = {}): Inputs => ({
  config: '.github/framework-radar.yml',
  token: DEMO_TOKEN,
  stackexchangeKey: '',
  branch: BRANCH,
  base: '',
  title: 'Update framework popularity report',
  labels: [],
  reviewers: [],
  assignees: [],
  draft: false,
  dryRun: false,
  ...over
})

const settingsAt = (world: World, now: string) =>
  readSettings(
    {
      apiUrl: world.env.GITHUB_API_URL,
      graphqlUrl: world.env.GITHUB_GRAPHQL_URL,
      serverUrl: 'https://github.com',
      runId: 4242,
      repo: { owner: SITE.owner, repo: SITE.name }
    },
    {
      ...world.env,
      GITHUB_WORKSPACE: mkdtempSync(path.join(tmpdir(), 'radar-main-')),
      FRAMEWORK_RADAR_NOW: now,
      // No 1 s waits against the stand-ins.
      FRAMEWORK_RADAR_RETRY_BASE_MS: '1',
      FRAMEWORK_RADAR_WRITE_SPACING_MS: '0'
    }
  )

async function setup(t: TestContext, options: WorldOptions = {}) {
  const world = await startWorld({ now: new Date('2026-11-16T06:17:00Z'), ...options })
  t.after(() => world.close())
  return { world }
}

const snapshots = (world: World): Array<{ date: string; backfilled?: boolean }> =>
  JSON.parse(world.github.state.fileAt(BRANCH, HISTORY) ?? '{"snapshots":[]}').snapshots
/** The measured snapshots' dates (the first run also backfills twelve monthly points, issue 13). */
const snapshotDates = (world: World): string[] =>
  snapshots(world)
    .filter((s) => s.backfilled !== true)
    .map((s) => s.date)
const backfilledPoints = (world: World): number => snapshots(world).filter((s) => s.backfilled === true).length

test('radar() opens the PR, then an unchanged re-run writes nothing', async (t) => {
  const { world } = await setup(t)
  const first = await radar(inputs(), settingsAt(world, '2026-11-16T06:17:00Z'))
  assert.equal(first.operation, 'created')
  assert.equal(first.ranking.length, 10)
  assert.ok(first.requests['github:graphql'] > 0, 'GraphQL batches were sent')
  world.github.resetLog()
  const again = await radar(inputs(), settingsAt(world, '2026-11-16T06:17:00Z'))
  assert.equal(again.operation, 'none')
  assert.deepEqual(world.github.writes(), [])
  assert.deepEqual(snapshotDates(world), ['2026-11-16'])
  assert.equal(backfilledPoints(world), 12)
})

test('two runs racing for the bot branch keep both snapshots: the loser re-reads, merges and retries', async (t) => {
  // Hold each run's first write until both have read the branch: a guaranteed collision.
  let arrived = 0
  let release: () => void = () => {}
  const bothRead = new Promise<void>((resolve) => (release = resolve))
  const { world } = await setup(t, {
    github: {
      beforeAnswer: async ({ method, path: p }) => {
        if (method !== 'POST' || !p.endsWith('/git/trees') || arrived >= 2) return
        if (++arrived === 2) release()
        await bothRead
      }
    }
  })
  const [a, b] = await Promise.all([
    radar(inputs(), settingsAt(world, '2026-11-16T06:17:00Z')),
    radar(inputs(), settingsAt(world, '2026-11-17T06:17:00Z'))
  ])
  assert.equal(arrived, 2)
  assert.deepEqual([a.operation, b.operation].sort(), ['created', 'updated'])
  assert.deepEqual(snapshotDates(world), ['2026-11-16', '2026-11-17'])
  // Both runs backfilled (a day apart); the loser keeps the winner's twelve points, not both sets.
  assert.equal(backfilledPoints(world), 12)
  assert.equal(world.github.state.pulls().filter((p) => p.state === 'open').length, 1)
  // The loser's branch creation was refused (it exists), so it opened the base again: three base
  // reads in all, one per run and one for the retry.
  const refused = world.github.requests.filter((r) => r.status === 422).map((r) => `${r.method} ${r.path}`)
  assert.ok(refused.includes(`POST /repos/${SITE.owner}/${SITE.name}/git/refs`), refused.join(', '))
  const baseReads = world.github.requests.filter((r) => r.path === `/repos/${SITE.owner}/${SITE.name}/branches/main`)
  assert.equal(baseReads.length, 3)
})

test('failureMessage turns a rejected token into the input to check', () => {
  const request = { method: 'GET' as const, url: 'https://api.github.com/repos/acme/radar-site', headers: {} }
  const rejected = failureMessage(new RequestError('Bad credentials', 401, { request }))
  assert.match(rejected, /GitHub rejected the token \(HTTP 401: Bad credentials\)\. Check the `token` input/)
  assert.equal(failureMessage(new RequestError('Not Found', 404, { request })), 'Not Found')
  assert.equal(failureMessage('plain'), 'plain')
})

test('radar() refuses an empty token before any request', async (t) => {
  const { world } = await setup(t)
  await assert.rejects(
    radar(inputs({ token: '' }), settingsAt(world, '2026-11-16T06:17:00Z')),
    /"token" input is empty/
  )
  assert.equal(world.github.requests.length, 0)
})
