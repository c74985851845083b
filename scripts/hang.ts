// `npm run hang [-- --n 40 --service pypistats]`: one dry run of the bundled action on n synthetic
// frameworks while one registry accepts connections and never answers, with the action's default
// time limits (no knobs set). Prints how long that source took and the whole run's wall time.
import { parseArgs } from 'node:util'
import { DEFAULT_NET_SETTINGS, NET_ENV_KNOBS } from '../src/net/settings.js'
import type { RegistryService } from '../standins/registries.js'
import { startSyntheticWorld } from '../standins/world.js'
import { declaredEndpoints } from '../src/sources/declare.js'
import { SOURCES } from '../src/sources/index.js'

/** The source behind each registry stand-in, from the sources' declared endpoints. */
const SOURCE_OF = Object.fromEntries(declaredEndpoints(SOURCES).map((e) => [e.name, e.source.id])) as Record<
  RegistryService,
  string
>
const NOW = '2026-11-23T06:17:00Z'

const { values } = parseArgs({
  options: { n: { type: 'string', default: '40' }, service: { type: 'string', default: 'pypistats' } }
})
const n = Number(values.n)
const service = values.service as RegistryService
if (!Number.isInteger(n) || n < 1) throw new Error('--n must be a positive whole number')
if (!(service in SOURCE_OF)) throw new Error(`--service must be one of ${Object.keys(SOURCE_OF).join(', ')}`)

const world = await startSyntheticWorld(n, 3, { now: new Date(NOW), registries: { hangServices: [service] } })
try {
  // The runner sets test-speed knobs by default (standins/runner.ts): put the defaults back.
  const env = Object.fromEntries(
    Object.entries(NET_ENV_KNOBS).map(([key, name]) => [
      name,
      String(DEFAULT_NET_SETTINGS[key as keyof typeof NET_ENV_KNOBS])
    ])
  )
  const run = await world.run({ now: NOW, inputs: { 'dry-run': 'true' }, env, timeoutMs: 600_000, coldStart: true })
  const source = SOURCE_OF[service]
  const line = run.stdout.split('\n').find((l) => l.startsWith(`${source}: `) && l.includes('collected'))
  const reached = world.registries.requests.filter((r) => r.service === service).length
  console.log(`${service} hung, ${n} frameworks, default time limits`)
  console.log(`  ${line ?? `${source}: no progress line`}`)
  console.log(`  requests that reached the hung host: ${reached}`)
  console.log(`  whole run: ${(run.ms / 1000).toFixed(1)} s, exit ${run.code}`)
  if (run.code !== 0) process.exitCode = 1
} finally {
  await world.close()
}
