// End to end, dist/index.js as the runner starts it: the publishing errors users hit, each with an
// actionable message and no partial write; concurrent runs; GitHub Enterprise Server layout.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { exampleConfig, startWorld, type World, type WorldOptions } from '../standins/world.js'

const BRANCH = 'framework-radar/report'

// Backfill off: these runs' subject is how publishing fails, not the first run's reconstructed months
// (backfill-e2e covers those), and each world's first run would otherwise pay for a full backfill.
const CONFIG = `backfill: false\n${exampleConfig()}`

async function withWorld(opts: WorldOptions, body: (world: World) => Promise<void>): Promise<void> {
  const world = await startWorld({ configText: CONFIG, ...opts })
  try {
    await body(world)
  } finally {
    await world.close()
  }
}

function errorLine(stdout: string): string {
  return stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
}

// Each test has its own world and mostly waits on its child process: two at a time.
describe('publishing errors stop the run with what to change', { concurrency: 2 }, () => {
  test('token without contents: write → names `contents: write`, nothing written', () =>
    withWorld({ github: { permissions: { contents: 'read' } } }, async (world) => {
      const run = await world.run()
      assert.notEqual(run.code, 0)
      assert.match(errorLine(run.stdout), /contents: write/)
      assert.deepEqual(
        world.github.writes().filter((w) => w.status < 300),
        []
      )
    }))

  test('a base branch that does not exist → names it and the `base` input, nothing written', () =>
    withWorld({}, async (world) => {
      const run = await world.run({ inputs: { base: 'release-9' } })
      assert.notEqual(run.code, 0)
      assert.match(errorLine(run.stdout), /base branch "release-9" does not exist.*`base` input/)
      assert.deepEqual(world.github.writes(), [])
    }))

  test('a protected bot branch → names the protection rule and the `branch` input, nothing written', () =>
    withWorld({ github: { protectedBranches: [BRANCH] } }, async (world) => {
      world.github.state.commitToBranch(BRANCH, { 'x.md': 'x' }, 'someone made the branch')
      world.github.resetLog()
      const run = await world.run()
      assert.notEqual(run.code, 0)
      assert.match(errorLine(run.stdout), /is protected.*`branch` input/)
      assert.deepEqual(world.github.writes(), [])
    }))

  test('a diverged bot branch (a human pushed to it) → refuses to overwrite, nothing written', () =>
    withWorld({ now: new Date('2026-11-16T06:17:00Z') }, async (world) => {
      assert.equal((await world.run({ now: '2026-11-16T06:17:00Z' })).code, 0)
      world.github.state.commitToBranch(BRANCH, { 'notes.md': 'my notes\n' }, 'Human edit on the bot branch')
      world.github.resetLog()
      const run = await world.run({ now: '2026-11-23T06:17:00Z' })
      assert.notEqual(run.code, 0)
      assert.match(errorLine(run.stdout), /has commits that framework-radar did not make.*notes\.md/)
      assert.deepEqual(world.github.writes(), [])
    }))

  test('a report path under .github/workflows → refused before any write', () =>
    withWorld(
      { configText: CONFIG.replace('report: docs/frameworks.md', 'report: .github/workflows/frameworks.md') },
      async (world) => {
        const run = await world.run()
        assert.notEqual(run.code, 0)
        assert.match(errorLine(run.stdout), /never writes under \.github\/workflows/)
        assert.deepEqual(world.github.writes(), [])
      }
    ))
})

describe('two runs at the same time', () => {
  test('still leave exactly one open pull request', () =>
    withWorld({}, async (world) => {
      const [a, b] = await Promise.all([world.run(), world.run()])
      assert.equal(a.code, 0, a.stdout)
      assert.equal(b.code, 0, b.stdout)
      const open = world.github.state.pulls().filter((p) => p.state === 'open')
      assert.equal(open.length, 1)
      assert.deepEqual(
        [a.outputs['pull-request-number'], b.outputs['pull-request-number']],
        [String(open[0].number), String(open[0].number)]
      )
    }))
})

describe('GitHub Enterprise Server', () => {
  test('works through GITHUB_API_URL=/api/v3 and GITHUB_GRAPHQL_URL=/api/graphql', () =>
    withWorld({ github: { prefix: '/api/v3' } }, async (world) => {
      assert.match(world.env.GITHUB_API_URL, /\/api\/v3$/)
      assert.match(world.env.GITHUB_GRAPHQL_URL, /\/api\/graphql$/)
      const run = await world.run()
      assert.equal(run.code, 0, run.stdout + run.stderr)
      assert.equal(run.outputs['pull-request-operation'], 'created')
      assert.equal(JSON.parse(run.outputs.ranking).length, 10)
    }))
})
