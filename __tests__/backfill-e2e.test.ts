// The bundled action on the example config with an empty history: the first run backfills (once),
// the run a week later adds one snapshot at the usual cost; `backfill: false` turns it off.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { exampleConfig, startWorld } from '../standins/world.js'

const NOW = '2026-11-23T06:17:00Z'
const WEEK_LATER = '2026-11-30T06:17:00Z'
const HISTORY = 'docs/frameworks-history.json'

function requestsByKind(stdout: string): Record<string, number> {
  const line = stdout.split('\n').find((l) => l.startsWith('Requests by kind')) ?? ''
  return Object.fromEntries([...line.matchAll(/([\w.:-]+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]))
}

test('first run backfills twelve monthly points, marked; a week later ~1 GitHub request per framework', async () => {
  const world = await startWorld({ now: new Date(NOW), configText: `backfill: true\n${exampleConfig()}` })
  try {
    const first = await world.run({ now: NOW, env: { FRAMEWORK_RADAR_RETRY_BASE_MS: '1' } })
    assert.equal(first.code, 0, first.stdout + first.stderr)
    const frameworks = (exampleConfig().match(/^ {2}- name: /gm) ?? []).length
    const history = JSON.parse(world.github.state.fileAt('framework-radar/report', HISTORY) ?? '{}')
    const backfilled = history.snapshots.filter((s: { backfilled?: boolean }) => s.backfilled === true)
    assert.equal(backfilled.length, 12)
    assert.equal(history.snapshots.length, 13, 'twelve backfilled points and the measured one')
    for (const s of backfilled)
      for (const e of Object.values(s.frameworks)) assert.equal((e as { backfilled?: boolean }).backfilled, true)
    assert.ok(first.stdout.includes('Backfill TensorFlow: GitHub'), 'the cost is printed per framework')
    assert.ok(requestsByKind(first.stdout)['backfill.github:graphql'] >= 1)

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
    assert.ok(github <= frameworks, `${github} GitHub metric requests for ${frameworks} frameworks`)
  } finally {
    await world.close()
  }
})
