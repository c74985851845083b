// End to end through the bundled dist/index.js (Node 24, as the runner starts it): a registry that
// hangs costs one host's time bound and the run still publishes with its values stale. (Proxies:
// e2e-proxy.test.ts.)
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startSyntheticWorld, type World } from '../standins/world.js'

const N = 40
const WEEK1 = '2026-11-16T06:17:00Z'
const WEEK2 = '2026-11-23T06:17:00Z'
const BRANCH = 'framework-radar/report'
const HISTORY = 'docs/frameworks-history.json'
const REPORT = 'docs/frameworks.md'
const TIMEOUT_MS = 400
/** Short knobs for the spawned action: the layer's limits, scaled down (README "Time limits"). */
const FAST = { FRAMEWORK_RADAR_RETRY_BASE_MS: '1', FRAMEWORK_RADAR_WRITE_SPACING_MS: '0' }

function syntheticWorld(): Promise<World> {
  // The subject is the week-2 run against a hung registry; week 1 need not rebuild 12 months first.
  return startSyntheticWorld(N, 3, { now: new Date(WEEK1), backfill: false })
}

/** Seconds the action's progress line reports for a source ("pypi: 0/40 collected, 40 failure(s), 1.7 s"). */
function sourceSeconds(stdout: string, source: string): number {
  const m = new RegExp(`${source}: \\d+/\\d+ collected, \\d+ failure\\(s\\), ([\\d.]+) s`).exec(stdout)
  assert.ok(m, `no progress line for ${source} in:\n${stdout}`)
  return Number(m[1])
}

describe('a registry that accepts connections and never answers', () => {
  let world: World
  before(async () => {
    world = await syntheticWorld()
  })
  after(async () => {
    await world?.close()
  })

  test(`with ${N} PyPI packages it costs one host's bound, and the run publishes with its values stale`, async () => {
    const first = await world.run({ now: WEEK1, env: FAST })
    assert.equal(first.code, 0, first.stdout + first.stderr)
    world.registries.setHanging(['pypistats'])
    const run = await world.run({ now: WEEK2, env: { ...FAST, FRAMEWORK_RADAR_TIMEOUT_MS: String(TIMEOUT_MS) } })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(run.outputs['pull-request-operation'], 'updated')

    // 4 attempts × 400 ms + waits of 1, 2, 4 ms; 40 packages × 4 timeouts would be 32 s at 2 at a time.
    const seconds = sourceSeconds(run.stdout, 'pypi')
    const bound = (4 * TIMEOUT_MS + 7) / 1000
    console.log(
      `hung pypistats, ${N} packages: pypi took ${seconds} s (bound ${bound} s), run ${Math.round(run.ms)} ms`
    )
    assert.ok(seconds >= 4 * (TIMEOUT_MS / 1000) - 0.05, `${seconds} s: given up before 4 timeouts`)
    // Plus a busy machine's lateness (a fixed cost, not scaled); `npm run hang` measures the 60 s target.
    assert.ok(seconds <= bound * 1.25 + 2, `${seconds} s for a hung pypistats, bound ${bound} s`)
    const pypiRequests = world.registries.requests.filter((r) => r.service === 'pypistats' && r.status === 0).length
    assert.ok(pypiRequests <= 2 * 4, `${pypiRequests} requests reached the hung host for ${N} packages`)

    // Published anyway: every PyPI value carried forward from week 1 and marked stale.
    const history = JSON.parse(world.github.state.fileAt(BRANCH, HISTORY) ?? '{}')
    const [week1, week2] = history.snapshots as Array<{
      frameworks: Record<string, { metrics: Record<string, number> }>
    }>
    assert.ok(week1 && week2, 'two snapshots')
    for (const name of Object.keys(week1.frameworks))
      assert.equal(
        week2.frameworks[name]?.metrics.pypi_downloads_month,
        week1.frameworks[name]?.metrics.pypi_downloads_month,
        name
      )
    assert.match(world.github.state.fileAt(BRANCH, REPORT) ?? '', /†/)
    const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning') && l.includes('pypi'))
    assert.ok(warnings.length > 0, 'a warning names the failed source')
    assert.ok(
      warnings.some((w) => /has not answered for/.test(w)),
      warnings.join('\n')
    )
  })
})
