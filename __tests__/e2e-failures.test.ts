// End to end: failures stop the bundled dist/index.js (started as the Actions runner starts it, under
// Node 24) before any write, with a message that says what to change. Each test has its own world of
// stand-ins. (Split from e2e-action.test.ts so the two files run side by side in npm test.)
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { exampleConfig, startWorld } from '../standins/world.js'

const BRANCH = 'framework-radar/report'
const REPORT = 'docs/frameworks.md'
const WEEK1 = '2026-11-16T06:17:00Z'
const WEEK2 = '2026-11-23T06:17:00Z'

// Each test has its own world and mostly waits on its child process: two at a time.
// Backfill off where a test's subject is a failure after collection: each world's first run would
// otherwise pay for a full backfill (backfill-e2e covers that).
const NO_BACKFILL = `backfill: false\n${exampleConfig()}`

describe('failures stop the run before any write, with an actionable message', { concurrency: 2 }, () => {
  test('a broken config fails naming file, line and key, and writes nothing', async () => {
    const world = await startWorld({
      configText: exampleConfig().replace('github: pytorch/pytorch', 'github: pytorch')
    })
    try {
      const run = await world.run()
      assert.notEqual(run.code, 0)
      assert.match(
        run.stdout,
        new RegExp(
          /::error::Invalid config \.github\/framework-radar\.yml:.*%0A.*/.source +
            /\.github\/framework-radar\.yml:\d+:\d+: frameworks\[1\]\.github: must be "owner\/name"/.source
        )
      )
      assert.deepEqual(world.github.writes(), [])
    } finally {
      await world.close()
    }
  })

  test('a missing config names the file and the branch', async () => {
    const world = await startWorld()
    try {
      const run = await world.run({ inputs: { config: '.github/nope.yml' } })
      assert.notEqual(run.code, 0)
      assert.match(run.stdout, /Config file \.github\/nope\.yml not found on branch main/)
      assert.deepEqual(world.github.writes(), [])
    } finally {
      await world.close()
    }
  })

  test('Actions not allowed to create PRs: the message names the setting and the permissions block', async () => {
    const world = await startWorld({ configText: NO_BACKFILL, github: { permissions: { actionsCanCreatePRs: false } } })
    try {
      const run = await world.run()
      assert.notEqual(run.code, 0)
      assert.match(run.stdout, /Allow GitHub Actions to create and approve pull requests/)
      assert.match(run.stdout, /pull-requests: write/)
      // The branch pushed before GitHub refused the PR is rolled back: nothing is left behind.
      assert.ok(!world.github.state.branches().includes('framework-radar/report'), 'no stray bot branch')
    } finally {
      await world.close()
    }
  })

  test('GitHub failing entirely: the run fails before any write and says why', async () => {
    const world = await startWorld({ github: { metrics: { graphqlBudget: 0 } } })
    try {
      const run = await world.run()
      assert.notEqual(run.code, 0)
      assert.match(run.stdout, /GitHub failed for every framework/)
      assert.deepEqual(world.github.writes(), [])
    } finally {
      await world.close()
    }
  })

  test('a registry down for good: the run completes, values carried forward, marked stale, warned', async () => {
    const world = await startWorld({ configText: NO_BACKFILL, now: new Date(WEEK1) })
    try {
      assert.equal((await world.run({ now: WEEK1 })).code, 0)
      // Point Stack Exchange at a closed loopback port: every request fails.
      const run = await world.run({ now: WEEK2, env: { FRAMEWORK_RADAR_STACKEXCHANGE_URL: 'http://127.0.0.1:9/2.3' } })
      assert.equal(run.code, 0, run.stdout + run.stderr)
      assert.match(run.stdout, /::warning::stackoverflow \(TensorFlow\): .*last known values are shown, marked stale/)
      const report = world.github.state.fileAt(BRANCH, REPORT)!
      assert.match(report, /79,412†/)
      const pr = world.github.state.pulls()[0]
      assert.match(pr.body ?? '', /stackoverflow/i)
    } finally {
      await world.close()
    }
  })
})
