// `npm run faults [-- --runs K]`: proves the bundled action survives transient faults. It runs
// dist/index.js in dry-run on the example config once fault-free, then K seeded runs where 15% of
// the requests to the GitHub stand-in and to the registry stand-ins fail (5xx, rate limits with
// retry-after, resets, held-then-dropped connections, GraphQL RATE_LIMITED / RESOURCE_LIMITS_EXCEEDED),
// all with the same FRAMEWORK_RADAR_NOW, and compares report and history byte for byte.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import type { FaultKind } from '../standins/github/faults.js'
import type { RegistryFaultKind } from '../standins/registries.js'
import { DIST, type ActionRun } from '../standins/runner.js'
import { startWorld, type WorldOptions } from '../standins/world.js'

export const FAULT_RATE = 0.15
export const GITHUB_FAULT_KINDS: FaultKind[] = [
  '502',
  '503',
  'secondary-403',
  '429',
  'reset',
  'timeout',
  'graphql-rate-limited',
  'graphql-resource-limits'
]
export const REGISTRY_FAULT_KINDS: RegistryFaultKind[] = [
  '502',
  '503',
  '429-retry-after',
  'reset',
  'timeout',
  'se-backoff'
]
export const FAULTS_NOW = '2026-11-23T06:17:00Z'
// The paths of examples/deep-learning.yml (the world's default config), relative to the workspace.
export const OUTPUT_FILES = ['docs/frameworks.md', 'docs/frameworks-history.json']

export interface DryRun {
  run: ActionRun
  /** Output file path → its bytes (undefined when the run did not write it). */
  files: Record<string, Buffer | undefined>
  faultsInjected: number
  /** Faults injected by "github:<kind>" / "<registry>:<kind>". */
  faultsByKind: Record<string, number>
  requests: number
}

/** Stand-in fault options for one seed: 15% of requests, short holds so a run stays quick. */
export function faultyWorld(seed: number): WorldOptions {
  return {
    // A GitHub "timeout" holds the connection, then destroys it: the client sees a reset, not a 30 s wait.
    github: { faults: { seed, rate: FAULT_RATE, kinds: GITHUB_FAULT_KINDS, timeoutMs: 250 } },
    // A registry "timeout" answers late (well inside the registry layer's 12 s timeout).
    registries: {
      faults: {
        seed,
        rate: FAULT_RATE,
        kinds: REGISTRY_FAULT_KINDS,
        retryAfterSeconds: 1,
        backoffSeconds: 0.2,
        timeoutHoldMs: 250
      }
    }
  }
}

/** Runs the bundled action in dry-run in a fresh world and collects its output files. */
export async function dryRun(world: WorldOptions = {}, now = FAULTS_NOW): Promise<DryRun> {
  const w = await startWorld({ now: new Date(now), ...world })
  try {
    const run = await w.run({ now, inputs: { 'dry-run': 'true' } })
    const files: DryRun['files'] = {}
    for (const file of OUTPUT_FILES) {
      try {
        files[file] = readFileSync(path.join(run.workspace, file))
      } catch {
        files[file] = undefined
      }
    }
    const faultsByKind: Record<string, number> = {}
    for (const [kind, n] of w.github.faults.injectedByKind) faultsByKind[`github:${kind}`] = n
    for (const r of w.registries.requests)
      if (r.fault) faultsByKind[`${r.service}:${r.fault}`] = (faultsByKind[`${r.service}:${r.fault}`] ?? 0) + 1
    return {
      run,
      files,
      faultsInjected: w.github.faults.injected + w.registries.injected,
      faultsByKind,
      requests: w.github.requests.length + w.registries.requests.length
    }
  } finally {
    await w.close()
  }
}

/** The output files that differ from the reference (missing counts as different). */
export function differingFiles(reference: DryRun, candidate: DryRun): string[] {
  return OUTPUT_FILES.filter((f) => {
    const a = reference.files[f]
    const b = candidate.files[f]
    return a === undefined || b === undefined || !a.equals(b)
  })
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '10' }, seed: { type: 'string', default: '1' } }
  })
  const runs = Number(values.runs)
  const firstSeed = Number(values.seed)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`)

  // Every run must execute the same bundle: a rebuild in the middle would compare two programs.
  const bundleHash = () => createHash('sha256').update(readFileSync(DIST)).digest('hex')
  const bundleAtStart = bundleHash()
  const reference = await dryRun()
  if (reference.run.code !== 0 || OUTPUT_FILES.some((f) => !reference.files[f])) {
    console.error(reference.run.stdout + reference.run.stderr)
    throw new Error('the fault-free run failed')
  }
  console.log(`fault-free run: ${Math.round(reference.run.ms)} ms`)

  let injected = 0
  let identical = 0
  const byKind: Record<string, number> = {}
  for (let i = 0; i < runs; i++) {
    const seed = firstSeed + i
    const result = await dryRun(faultyWorld(seed))
    injected += result.faultsInjected
    for (const [kind, n] of Object.entries(result.faultsByKind)) byKind[kind] = (byKind[kind] ?? 0) + n
    const differing = differingFiles(reference, result)
    const warnings = result.run.stdout.split('\n').filter((l) => l.startsWith('::warning::'))
    const ok = result.run.code === 0 && differing.length === 0
    if (ok) identical++
    console.log(
      `seed ${seed}: ${result.faultsInjected} faults in ${result.requests} requests, ` +
        `${Math.round(result.run.ms)} ms, exit ${result.run.code}, ` +
        (ok ? 'identical' : `DIFFERENT: ${differing.join(', ') || '(exit code)'}`)
    )
    if (!ok) {
      for (const w of warnings) console.log(`  ${w}`)
      if (result.run.code !== 0)
        console.log(
          result.run.stdout
            .split('\n')
            .filter((l) => l.startsWith('::error::'))
            .join('\n')
        )
    }
  }
  const kinds = Object.entries(byKind).sort(([a], [b]) => a.localeCompare(b))
  console.log(`faults by kind: ${kinds.map(([k, n]) => `${k} ${n}`).join(', ')}`)
  if (bundleHash() !== bundleAtStart) {
    console.error('dist/index.js changed during the runs (rebuilt meanwhile?); the comparison is void: run again')
    process.exitCode = 1
  }
  console.log(`runs: ${runs}, faults injected: ${injected}, identical reports: ${identical}/${runs}`)
  if (identical !== runs) process.exitCode = 1
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
