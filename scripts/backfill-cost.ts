// `node --import tsx scripts/backfill-cost.ts [--n 100] [--latency 50]`: the first run's backfill at
// scale. One dry run of the bundled action on n synthetic frameworks with an empty history (backfill on,
// as by default), GitHub's secondary limits modelled and `latency` ms on every service, production
// waits. Prints the backfill's plan and summary lines, the requests by kind, the stargazer pages, how
// many frameworks had their stars left out, GitHub's refusals and the wall time.
import { parseArgs } from 'node:util'
import { startSyntheticWorld } from '../standins/world.js'

const NOW = '2026-11-23T06:17:00Z'
const { values } = parseArgs({
  options: { n: { type: 'string', default: '100' }, latency: { type: 'string', default: '50' } }
})
const n = Number(values.n)
const latencyMs = Number(values.latency)
if (!Number.isInteger(n) || n < 1) throw new Error('--n must be a positive whole number')

const world = await startSyntheticWorld(n, 7, {
  now: new Date(NOW),
  github: { latencyMs, secondaryLimits: {} },
  registries: { latencyMs }
})
try {
  const env = { FRAMEWORK_RADAR_RETRY_BASE_MS: '1000', FRAMEWORK_RADAR_WRITE_SPACING_MS: '1000' }
  const inputs = { 'dry-run': 'true', 'stackexchange-key': 'backfill-cost-key' }
  const run = await world.run({ now: NOW, inputs, env, timeoutMs: 1_200_000, coldStart: true })
  const lines = run.stdout.split('\n')
  const refusals = world.github.requests.filter((r) => r.refused).length
  console.log(`${n} frameworks, first run: exit ${run.code}, ${(run.ms / 1000).toFixed(1)} s, ${refusals} refusals`)
  for (const line of lines) if (/^Backfill: |^Requests by kind/.test(line)) console.log(line)
  const pages = lines.flatMap((l) => {
    const m = /^Backfill .+: GitHub [\d.]+ GraphQL document \+ ([\d.]+) stargazer page/.exec(l)
    return m ? [Number(m[1])] : []
  })
  const total = pages.reduce((a, b) => a + b, 0)
  console.log(
    `stargazer pages: ${total} (${(total / n).toFixed(2)} per framework, at most ${Math.max(...pages)} for one)`
  )
  const left = lines.filter((l) => /^Backfill .+: .*stars are not backfilled/.test(l)).length
  console.log(`frameworks whose stars (or older stars) are left out: ${left}`)
  if (run.code !== 0) process.exitCode = 1
} finally {
  await world.close()
}
