// The bundled action on the example config (the demo's deep-learning list) with an empty history:
// the first run backfills (once) and its report shows at least six monthly points per framework,
// marked backfilled, with values equal to the stand-ins' truth; repositories above GitHub's stargazer
// cap are shown without invented stars, and said so; the criteria matrix has the PyPI frameworks'
// platforms, Python versions and dependencies. The run a week later adds one snapshot at the usual cost.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseConfig } from '../src/config/load.js'
import { addDays } from '../src/history/index.js'
import { dailyDownloads } from '../standins/downloads.js'
import { deepLearningRepos } from '../standins/github/metrics.js'
import { olderCommitDaysAgo, starsBefore } from '../standins/github/stargazers.js'
import { deepLearningRegistryData, windowQuestions } from '../standins/registries.js'
import { exampleConfig, startWorld } from '../standins/world.js'

const NOW = '2026-11-23T06:17:00Z'
const WEEK_LATER = '2026-11-30T06:17:00Z'
const BRANCH = 'framework-radar/report'
const HISTORY = 'docs/frameworks-history.json'
const REPORT = 'docs/frameworks.md'
const DAY = 86_400_000
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`)

interface Entry {
  metrics: Record<string, number>
  backfilled?: boolean
}
interface Snap {
  date: string
  backfilled?: boolean
  frameworks: Record<string, Entry>
}

/** The stand-in's downloads in the 30 days before `date` (as the first run's day sees them). */
function downloadsIn(monthly: number, date: string): number {
  let n = 0
  for (let d = addDays(date, -30); d < date; d = addDays(d, 1)) n += dailyDownloads(monthly, d, NOW.slice(0, 10))
  return n
}

function requestsByKind(stdout: string): Record<string, number> {
  const line = stdout.split('\n').find((l) => l.startsWith('Requests by kind')) ?? ''
  return Object.fromEntries([...line.matchAll(/([\w.:-]+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]))
}

test('first run: ≥ 6 backfilled months each, equal to the stand-ins; a week later ~1 request each', async () => {
  const world = await startWorld({ now: new Date(NOW) })
  const config = parseConfig(exampleConfig(), 'deep-learning.yml')
  const fixtureOf = (github: string) =>
    deepLearningRepos.find(
      (r) => r.nameWithOwner.toLowerCase() === github.toLowerCase() || r.renamedFrom?.includes(github)
    )!
  try {
    const first = await world.run({ now: NOW, env: { FRAMEWORK_RADAR_RETRY_BASE_MS: '1' } })
    assert.equal(first.code, 0, first.stdout + first.stderr)
    const history = JSON.parse(world.github.state.fileAt(BRANCH, HISTORY) ?? '{}') as { snapshots: Snap[] }
    const backfilled = history.snapshots.filter((s) => s.backfilled === true)
    assert.equal(backfilled.length, 12)
    assert.equal(history.snapshots.length, 13, 'twelve backfilled points and the measured one')
    for (const s of backfilled) for (const e of Object.values(s.frameworks)) assert.equal(e.backfilled, true)

    // Every framework: ≥ 6 monthly points; stars equal the stargazer truth up to 40,000, absent above.
    for (const fw of config.frameworks) {
      const f = fixtureOf(fw.github)
      const points = backfilled.filter((s) => s.frameworks[fw.name])
      assert.ok(points.length >= 6, `${fw.name}: ${points.length} backfilled points`)
      const commits = [...f.commitDaysAgo, ...olderCommitDaysAgo(f)].map((d) => Date.parse(NOW) - d * DAY)
      for (const s of points) {
        const e = s.frameworks[fw.name]
        const truth = commits.filter((t) => t >= ms(addDays(s.date, -30)) && t < ms(s.date)).length
        assert.equal(e.metrics.commits_window, truth, `${fw.name} commits ${s.date}`)
        if (f.stars <= 40_000)
          assert.equal(e.metrics.stars, starsBefore(f, ms(s.date), Date.parse(NOW)), `${fw.name} stars ${s.date}`)
        else assert.equal(e.metrics.stars, undefined, `${fw.name}: no invented stars above the cap`)
        const windowCount = fw.stackoverflow
          ? deepLearningRegistryData.tags?.[fw.stackoverflow]?.windowCount
          : undefined
        if (windowCount !== undefined) {
          const truth = windowQuestions(windowCount, ms(s.date) / 1000 - 1, new Date(NOW))
          assert.equal(e.metrics.so_questions_window, truth, `${fw.name} Stack Overflow ${s.date}`)
        }
        const monthly = fw.pypi && deepLearningRegistryData.pypi?.[fw.pypi.toLowerCase()]
        if (monthly && e.metrics.pypi_downloads_month !== undefined)
          assert.equal(e.metrics.pypi_downloads_month, downloadsIn(monthly, s.date), `${fw.name} PyPI ${s.date}`)
      }
      // pypistats keeps ~180 days: the four newest monthly windows (never an invented older one)
      if (fw.pypi && deepLearningRegistryData.pypi?.[fw.pypi.toLowerCase()])
        assert.equal(points.filter((s) => s.frameworks[fw.name].metrics.pypi_downloads_month !== undefined).length, 4)
    }

    // The report: charts marked backfilled, deltas marked ᵇ, the capped repositories named.
    const report = world.github.state.fileAt(BRANCH, REPORT) ?? ''
    const span = `${backfilled[0].date} … ${backfilled.at(-1)?.date}`
    const said = `- **Backfilled**: 12 monthly points (${span}) for all 10 frameworks`
    assert.ok(report.includes(said), 'the report says what was backfilled')
    assert.ok(world.github.state.pulls()[0].body?.includes(said), 'so does the pull request')
    for (const chart of ['score', 'stars', 'downloads']) {
      const svg = world.github.state.fileAt(BRANCH, `docs/frameworks-charts/${chart}.svg`) ?? ''
      assert.match(svg, />backfilled · monthly points</, `${chart} chart shades the backfilled points`)
      assert.match(
        report,
        new RegExp(
          `points up to ${backfilled.at(-1)?.date} are backfilled \\(reconstructed on the first run\\)` +
            `\\]\\(frameworks-charts/${chart}\\.svg\\)`
        )
      )
    }
    assert.match(
      report,
      /\| ±0 \/ \+\d[\d,]* ᵇ \||\/ [+−]\d[\d,]* ᵇ \|/,
      'star deltas against backfilled points are marked'
    )
    const capped = config.frameworks.filter((fw) => fixtureOf(fw.github).stars > 40_000).map((fw) => fw.name)
    assert.ok(capped.length > 0)
    assert.ok(report.includes(`Stars of ${capped.join(', ')} are not backfilled: GitHub lists only the oldest 40,000`))

    // The criteria matrix: platforms, Python versions and dependencies from package metadata (ᵖ).
    const row = (name: string) => report.split('\n').filter((l) => l.startsWith(`| ${name} |`))
    for (const name of ['TensorFlow', 'PyTorch', 'Keras', 'JAX'])
      assert.ok(
        row(name).some((l) => /Linux, macOS, Windows ᵖ \| 3\.\d+(, 3\.\d+)* ᵖ \| \d+ ᵖ/.test(l)),
        `${name}: ${row(name).join('\n')}`
      )

    assert.ok(first.stdout.includes('Backfill TensorFlow: GitHub'), 'the cost is printed per framework')
    assert.equal(
      requestsByKind(first.stdout)['backfill.github:graphql'],
      1,
      'one GraphQL document for ten repositories'
    )

    world.github.state.mergePull(Number(first.outputs['pull-request-number']), { deleteBranch: true })
    const second = await world.run({ now: WEEK_LATER, env: { FRAMEWORK_RADAR_RETRY_BASE_MS: '1' } })
    assert.equal(second.code, 0, second.stdout + second.stderr)
    const kinds = requestsByKind(second.stdout)
    assert.deepEqual(
      Object.keys(kinds).filter((k) => k.startsWith('backfill')),
      [],
      'no backfill on the second run'
    )
    const github = (kinds['github:graphql'] ?? 0) + (kinds['github:rest'] ?? 0)
    assert.ok(
      github <= config.frameworks.length,
      `${github} GitHub metric requests for ${config.frameworks.length} frameworks`
    )
  } finally {
    await world.close()
  }
})

test('backfill: false: the first run stores one snapshot and asks nothing extra', async () => {
  const world = await startWorld({ now: new Date(NOW), configText: `backfill: false\n${exampleConfig()}` })
  try {
    const run = await world.run({ now: NOW, inputs: { 'dry-run': 'true' } })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.deepEqual(
      Object.keys(requestsByKind(run.stdout)).filter((k) => k.startsWith('backfill')),
      []
    )
    assert.ok(!run.stdout.includes('Backfill'), 'no backfill plan printed')
  } finally {
    await world.close()
  }
})
