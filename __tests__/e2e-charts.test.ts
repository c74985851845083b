// End to end: the chart SVGs travel in the same commit as the report that embeds them, the report
// links them relatively, and the PR body links them at the bot branch's commit (dist/index.js
// against the stand-ins). Dry-run writes them into the workspace.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { exampleConfig, startWorld } from '../standins/world.js'

const BRANCH = 'framework-radar/report'
const CHARTS = ['docs/frameworks-charts/score.svg', 'docs/frameworks-charts/stars.svg']

test('second week: charts committed with the report, linked relatively and from the PR body by SHA', async () => {
  // Without the backfill (on by default, issue 13) the first run has one snapshot and no chart.
  const world = await startWorld({
    now: new Date('2026-11-16T06:17:00Z'),
    configText: `backfill: false\n${exampleConfig()}`
  })
  try {
    const first = await world.run({ now: '2026-11-16T06:17:00Z' })
    assert.equal(first.code, 0, first.stdout + first.stderr)
    for (const c of CHARTS) assert.equal(world.github.state.fileAt(BRANCH, c), undefined, 'one snapshot: no chart')
    world.github.state.mergePull(Number(first.outputs['pull-request-number']), { deleteBranch: true })

    const second = await world.run({ now: '2026-11-23T06:17:00Z' })
    assert.equal(second.code, 0, second.stdout + second.stderr)
    const sha = world.github.state.branchSha(BRANCH)!
    const commit = world.github.state.commit(sha)!
    assert.equal(commit.parents.length, 1, 'one commit holds the report and its charts')
    const report = world.github.state.fileAt(BRANCH, 'docs/frameworks.md') ?? ''
    const pull = world.github.state.pulls().find((p) => p.number === Number(second.outputs['pull-request-number']))!
    for (const c of CHARTS) {
      const svg = world.github.state.fileAt(BRANCH, c) ?? ''
      assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, `${c} committed`)
      assert.match(report, new RegExp(`\\]\\(frameworks-charts/${path.basename(c)}\\)`), `${c} embedded in the report`)
      assert.ok(
        (pull.body ?? '').includes(`](https://github.com/acme/radar-site/blob/${sha}/${c}?raw=true)`),
        `${c} in the PR body at ${sha}`
      )
    }
  } finally {
    await world.close()
  }
})

test('dry-run writes the chart files next to the report in the workspace', async () => {
  const world = await startWorld()
  // the workspace holds the config, so dry-run reads and extends the workspace's history (measured
  // snapshots only: the subject is the second run's chart files, not the first run's backfill)
  const workspace = mkdtempSync(path.join(tmpdir(), 'radar-ws-'))
  mkdirSync(path.join(workspace, '.github'))
  writeFileSync(path.join(workspace, '.github', 'framework-radar.yml'), `backfill: false\n${exampleConfig()}`)
  try {
    const first = await world.run({ now: '2026-11-16T06:17:00Z', workspace, inputs: { 'dry-run': 'true' } })
    assert.equal(first.code, 0, first.stdout + first.stderr)
    const second = await world.run({
      now: '2026-11-23T06:17:00Z',
      workspace,
      inputs: { 'dry-run': 'true' }
    })
    assert.equal(second.code, 0, second.stdout + second.stderr)
    assert.deepEqual(world.github.writes(), [])
    for (const c of CHARTS) assert.ok(existsSync(path.join(workspace, c)), `${c} written`)
    const body = readFileSync(path.join(workspace, 'docs', 'framework-radar-pr-body.md'), 'utf8')
    assert.match(
      body,
      /\]\(frameworks-charts\/score\.svg\)/,
      'the dry-run body sits next to the report: relative links'
    )
  } finally {
    await world.close()
  }
})
