// End to end under faults: the bundled dist/index.js in dry-run against stand-ins that fail 15% of
// the requests (seeded) gives the fault-free report and history byte for byte, and the token shows
// up nowhere but in the `::add-mask::` command — not even when GitHub rejects it.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import { type DryRun, differingFiles, dryRun, faultyWorld, OUTPUT_FILES } from '../scripts/faults.js'
import type { ActionRun } from '../standins/runner.js'
import { DEMO_TOKEN, exampleConfig, startWorld } from '../standins/world.js'

const PR_BODY = 'docs/framework-radar-pr-body.md'

/** Everything a run leaves behind where a person or a later step could read it. */
function everythingVisible(run: ActionRun, files: string[]): string[] {
  return [
    run.stdout,
    run.stderr,
    run.summary,
    JSON.stringify(run.outputs),
    ...files.map((f) => readFileSync(path.join(run.workspace, f), 'utf8'))
  ]
}

function assertTokenOnlyMasked(run: ActionRun, token: string, texts: string[]): void {
  // The runner consumes the `::add-mask::` line; it is the one place the token may be.
  assert.ok(run.stdout.split('\n').includes(`::add-mask::${token}`), 'the token is masked')
  for (const text of texts) {
    const visible = text
      .split('\n')
      .filter((line) => line !== `::add-mask::${token}`)
      .join('\n')
    assert.ok(!visible.includes(token), `the token leaked into: ${visible.slice(0, 200)}`)
  }
}

/** The fault-free dry-run the faulty ones are compared with: one spawn for the file. */
let faultFreeRun: Promise<DryRun> | undefined
function faultFree(): Promise<DryRun> {
  faultFreeRun ??= dryRun()
  return faultFreeRun
}

describe('dist/index.js under seeded faults', () => {
  test('two seeded runs, 15% of requests failing, give the fault-free report and history byte for byte', async () => {
    // Separate worlds, so the three runs go at once (they mostly wait on held and refused requests).
    const [reference, ...seeded] = await Promise.all([faultFree(), dryRun(faultyWorld(1)), dryRun(faultyWorld(2))])
    assert.equal(reference.run.code, 0, reference.run.stdout + reference.run.stderr)
    assert.equal(reference.faultsInjected, 0)
    for (const file of OUTPUT_FILES) assert.ok(reference.files[file]?.length, `the fault-free run wrote ${file}`)

    let injected = 0
    for (const [i, result] of seeded.entries()) {
      const seed = i + 1
      assert.equal(result.run.code, 0, result.run.stdout + result.run.stderr)
      assert.deepEqual(differingFiles(reference, result), [], `seed ${seed}: identical report and history`)
      assert.doesNotMatch(result.run.stdout, /^::warning::/m, `seed ${seed}: no source gave up`)
      assertTokenOnlyMasked(result.run, DEMO_TOKEN, everythingVisible(result.run, [...OUTPUT_FILES, PR_BODY]))
      injected += result.faultsInjected
    }
    assert.ok(injected > 0, 'faults were injected')
  })
})

describe('GraphQL errors returned with HTTP 200', () => {
  test('RATE_LIMITED and RESOURCE_LIMITS_EXCEEDED on half the GraphQL requests: the fault-free report', async () => {
    const [reference, result] = await Promise.all([
      faultFree(),
      dryRun({
        github: { faults: { seed: 1, rate: 0.5, kinds: ['graphql-rate-limited', 'graphql-resource-limits'] } }
      })
    ])
    assert.equal(result.run.code, 0, result.run.stdout + result.run.stderr)
    assert.ok(result.faultsInjected > 0, 'GraphQL faults were injected')
    assert.deepEqual(differingFiles(reference, result), [])
  })
})

describe('the token in failures', () => {
  test('a rejected token fails the run with an actionable message that never shows the token', async () => {
    const wrongToken = 'ghp_wrongTokenThatMustNeverBeShown0123456'
    const world = await startWorld()
    try {
      const run = await world.run({ inputs: { token: wrongToken } })
      assert.notEqual(run.code, 0)
      const error = run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? ''
      assert.match(error, /Bad credentials/)
      assert.match(error, /401/)
      assert.match(error, /`token` input/)
      assertTokenOnlyMasked(run, wrongToken, [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)])
      for (const text of [run.stdout, run.stderr, run.summary])
        assert.ok(!text.includes(DEMO_TOKEN), 'the real token is not shown either')
      assert.deepEqual(world.github.writes(), [])
    } finally {
      await world.close()
    }
  })
})

describe('a token GitHub rejects in dry-run', () => {
  test('stops the run with the token advice, not "try again next run"', async () => {
    const world = await startWorld()
    try {
      // dry-run with a workspace config: GitHub is first reached by the metrics source, not by publishing.
      const workspace = mkdtempSync(path.join(tmpdir(), 'radar-ws-'))
      mkdirSync(path.join(workspace, '.github'))
      writeFileSync(path.join(workspace, '.github', 'framework-radar.yml'), exampleConfig())
      const run = await world.run({
        workspace,
        inputs: { token: 'ghp_notAcceptedByGitHub0000000000', 'dry-run': 'true' }
      })
      assert.notEqual(run.code, 0)
      const error = run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? ''
      assert.match(error, /GitHub rejected the token \(HTTP 401 Bad credentials\)\. Check the `token` input/)
      assert.doesNotMatch(error, /next run will try again/)
    } finally {
      await world.close()
    }
  })
})
