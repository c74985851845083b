// `npm run bench [-- --n 100,1000 --latency 50 --seed 7 --categories 30]`: per n, one dry run of the bundled
// action (dist/index.js, started as the Actions runner does) on n synthetic frameworks (in one list, or
// round-robin in `categories` categories, every third with a funnel), against the stand-ins
// of GitHub — with GitHub's secondary limits modelled (900 REST / 2,000 GraphQL points per 60 s, 100
// concurrent) — and of every registry, with `latency` ms before each answer; then the same run a week
// later, when only the repositories with a commit that week moved. Prints requests, points per minute
// (most in any 60 s window), refusals, wall, and the bound the wall is measured against: the larger of
// the latency bound (each service's requests at its allowed concurrency, one latency each: the most of
// ⌈requests ÷ most in flight⌉ × latency over the services, GitHub at 10 in flight) and the limits bound
// (GitHub's points at 900 / 2,000 per minute). When the latency bound is the larger, it also prints the
// machine's floor: the bound's service's very requests sent by a bare Node client, as many at a time.
// `--timeline` prints, per service, when its requests went and came back, and the first GitHub requests.
import { spawn } from 'node:child_process'
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { stringify } from 'yaml'
import { maxPointsInWindow } from '../standins/github/limits.js'
import { syntheticRepos, type RepoFixture } from '../standins/github/metrics.js'
import { buildBatchDocument, splitSlug } from '../src/sources/github/query.js'
import { syntheticRegistryData, syntheticRegistryKeys } from '../standins/registries.js'
import { DEMO_TOKEN, startWorld, type World } from '../standins/world.js'
import { node24, type ActionRun } from '../standins/runner.js'

const TARGETS = { requestsPerRepo: 1.1, peakRssMb: 250, limitRatio: 1.2, latencyRatio: 1.3, reportKb: 400 }
const NOW = '2026-11-23T06:17:00Z'
const WEEK_LATER = '2026-11-30T06:17:00Z'
const GITHUB_CONCURRENCY = 10
const MINUTE = 60_000

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100,1000' },
    latency: { type: 'string', default: '50' },
    seed: { type: 'string', default: '7' },
    categories: { type: 'string', default: '0' },
    timeline: { type: 'boolean', default: false }
  }
})
const sizes = values.n.split(',').map(Number)
const latencyMs = Number(values.latency)
const seed = Number(values.seed)
const categoryCount = Number(values.categories)
for (const n of sizes)
  if (!Number.isInteger(n) || n < 1 || n > 5000)
    throw new Error('--n takes whole numbers from 1 to 5000 (the config allows at most 5,000 frameworks)')
if (!(latencyMs >= 0)) throw new Error('--latency must be 0 or more (ms)')
if (!Number.isInteger(categoryCount) || categoryCount < 0 || categoryCount > Math.min(...sizes, 500))
  throw new Error('--categories must be a whole number from 0 (one list) to the number of frameworks (at most 500)')

interface Figures {
  label: string
  graphql: number
  contributors: number
  restPointsPerMin: number
  graphqlPointsPerMin: number
  refusals: number
  wallS: number
  latencyBoundS: number
  /** The service that sets the latency bound: its requests and the most it had in flight. */
  critical: { service: string; requests: number; concurrency: number }
  limitsBoundS: number
  peakRssMb: number
}

/** The most requests a service had in flight at once (from arrival and answer times). */
function maxConcurrency(spans: Array<{ from: number; to: number }>): number {
  const events = spans.flatMap((s) => [
    [s.from, 1],
    [s.to, -1]
  ])
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let now = 0
  let max = 0
  for (const [, d] of events) {
    now += d
    max = Math.max(max, now)
  }
  return max
}

function measure(world: World, run: ActionRun, label: string): Figures {
  const gh = world.github.requests
  const rest = gh.filter((r) => r.kind === 'rest' && !r.refused)
  const graphqlRequests = gh.filter((r) => r.kind === 'graphql' && !r.refused)
  // Latency bound: every service's requests at the concurrency it is allowed (GitHub: 10, as GitHub
  // advises; a registry: what its politeness limit let it use), one latency each.
  const byService = new Map<string, Array<{ from: number; to: number }>>()
  for (const r of world.registries.requests)
    byService.set(r.service, [...(byService.get(r.service) ?? []), { from: r.receivedAt, to: r.respondedAt }])
  let latencyBound = Math.ceil(gh.length / GITHUB_CONCURRENCY) * latencyMs
  let critical = { service: 'github', requests: gh.length, concurrency: GITHUB_CONCURRENCY }
  for (const [service, spans] of byService) {
    const concurrency = maxConcurrency(spans)
    const bound = Math.ceil(spans.length / concurrency) * latencyMs
    if (bound > latencyBound) critical = { service, requests: spans.length, concurrency }
    latencyBound = Math.max(latencyBound, bound)
  }
  // Limits bound: the k-th point of a kind cannot go before ⌊(k-1)/limit⌋ minutes, then one latency.
  const restPoints = rest.reduce((s, r) => s + r.points, 0)
  const graphqlPoints = graphqlRequests.reduce((s, r) => s + r.points, 0)
  const limitsBound =
    Math.max(Math.floor(Math.max(0, restPoints - 1) / 900), Math.floor(Math.max(0, graphqlPoints - 1) / 2000)) *
      MINUTE +
    latencyMs
  return {
    label,
    graphql: graphqlRequests.length,
    contributors: rest.filter((r) => /^\/repos\/[^/]+\/[^/]+\/contributors$/.test(r.path)).length,
    restPointsPerMin: maxPointsInWindow(rest, MINUTE),
    graphqlPointsPerMin: maxPointsInWindow(graphqlRequests, MINUTE),
    refusals: gh.filter((r) => r.refused).length,
    wallS: run.ms / 1000,
    latencyBoundS: latencyBound / 1000,
    critical,
    limitsBoundS: limitsBound / 1000,
    peakRssMb: run.maxRssBytes === undefined ? Number.NaN : run.maxRssBytes / 1024 / 1024
  }
}

/**
 * `--timeline`: where the wall goes — per service, its requests, when the first arrived and the last was
 * answered (seconds after the process started) and the most in flight at once.
 */
function printTimeline(world: World, run: ActionRun): void {
  const spans = new Map<string, Array<{ from: number; to: number }>>()
  const add = (service: string, from: number, to: number) =>
    spans.set(service, [...(spans.get(service) ?? []), { from: from - run.startedAtMs, to: to - run.startedAtMs }])
  for (const r of world.github.requests) add(`github ${r.kind}`, r.at, r.answeredAt || r.at)
  for (const r of world.registries.requests)
    add(r.service, performance.timeOrigin + r.receivedAt, performance.timeOrigin + r.respondedAt)
  const rows = [...spans].sort((a, b) => Math.min(...a[1].map((s) => s.from)) - Math.min(...b[1].map((s) => s.from)))
  for (const [service, list] of rows) {
    const first = Math.min(...list.map((s) => s.from)) / 1000
    const last = Math.max(...list.map((s) => s.to)) / 1000
    console.log(
      `  ${service.padEnd(16)} ${String(list.length).padStart(5)} requests, ` +
        `${first.toFixed(2)}–${last.toFixed(2)} s, at most ${maxConcurrency(list)} at once`
    )
  }
  console.log(`  process ends at ${(run.ms / 1000).toFixed(2)} s`)
  // The critical path before the sources start: the first GitHub requests (config, base, bot branch).
  console.log('  first GitHub requests:')
  for (const r of world.github.requests.slice(0, 6)) {
    const at = (ms: number) => ((ms - run.startedAtMs) / 1000).toFixed(3)
    console.log(`    ${at(r.at)}–${at(r.answeredAt || r.at)} s ${r.method} ${r.path}`)
  }
}

/**
 * GitHub is a warm server; a freshly started stand-in is not: its first GraphQL document costs
 * ~0.5 s of JIT warm-up in this process, where it would delay every stand-in's answers (they share
 * one event loop) and be counted against the action. One small document (a different text from the
 * run's, so nothing the run sends is cached) warms it; the logs and windows are emptied afterwards.
 */
async function warmUp(world: World, repos: RepoFixture[]): Promise<void> {
  const doc = buildBatchDocument(
    repos.slice(0, 3).map((r) => splitSlug(r.nameWithOwner)),
    new Date(NOW)
  )
  const response = await fetch(world.github.graphqlUrl, {
    method: 'POST',
    headers: { authorization: `token ${DEMO_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(doc)
  })
  if (!response.ok) throw new Error(`warming the GitHub stand-in up failed: HTTP ${response.status}`)
  await response.arrayBuffer()
  world.github.resetLog()
  if (world.github.limits) world.github.limits.arrivals.length = 0
}

/**
 * The machine's floor for the service that sets the latency bound: its very requests (as logged),
 * as many at a time, sent by a bare Node client in a process of its own — what any client could do
 * on this machine right now. The latency bound counts 0 ms per request beyond the latency; on a
 * loaded machine a round trip between two busy processes costs more, and this shows how much.
 */
async function machineFloor(world: World, critical: Figures['critical']): Promise<number | undefined> {
  const base = world.registries.urls[critical.service as keyof typeof world.registries.urls]
  if (!base) return undefined
  const urls = world.registries.requests
    .filter((r) => r.service === critical.service)
    .map((r) => `${base.replace(/\/+$/, '')}${r.path}${r.query}`)
  const script = `
    const [urls, concurrency] = JSON.parse(process.argv[1])
    const started = performance.now()
    let next = 0
    const worker = async () => { while (next < urls.length) await (await fetch(urls[next++])).arrayBuffer() }
    await Promise.all(Array.from({ length: concurrency }, worker))
    console.log(performance.now() - started)`
  const child = spawn(node24(), ['--input-type=module', '-e', script, JSON.stringify([urls, critical.concurrency])])
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  const code = await new Promise((resolve) => child.on('close', resolve))
  return code === 0 ? Number(out) / 1000 : undefined
}

/** The machine floor of a run whose latency bound is the larger (see machineFloor). */
async function printFloor(world: World, n: number, f: Figures): Promise<void> {
  if (f.latencyBoundS <= f.limitsBoundS) return
  const floor = await machineFloor(world, f.critical)
  if (floor === undefined) return
  console.log(
    `n=${n} ${f.label}: machine floor now: ${f.critical.service}'s ${f.critical.requests} requests, ` +
      `${f.critical.concurrency} at a time, from a bare Node client: ${floor.toFixed(1)} s ` +
      `(${(floor / f.latencyBoundS).toFixed(2)}× the latency bound; the wall is measured against the bound)`
  )
}

function print(n: number, f: Figures): void {
  const bound = Math.max(f.latencyBoundS, f.limitsBoundS)
  const which = f.limitsBoundS >= f.latencyBoundS ? 'limits' : 'latency'
  console.log(
    `n=${n} ${f.label}: GitHub requests ${f.graphql + f.contributors} (GraphQL ${f.graphql} + contributor counts ` +
      `${f.contributors}; ` +
      `${(f.contributors / n).toFixed(3)} REST per framework), REST points/min ${f.restPointsPerMin} (limit 900), ` +
      `GraphQL points/min ${f.graphqlPointsPerMin} (limit 2000), secondary-limit refusals ${f.refusals}, ` +
      `wall ${f.wallS.toFixed(1)} s, bound ${bound.toFixed(1)} s (${which}; latency ${f.latencyBoundS.toFixed(1)} s ` +
      `= ${f.critical.service}'s ${f.critical.requests} requests ${f.critical.concurrency} at a time ` +
      `× ${latencyMs} ms, ` +
      `limits ${f.limitsBoundS.toFixed(1)} s), ratio ${(f.wallS / bound).toFixed(2)}, peak RSS ` +
      `${f.peakRssMb.toFixed(0)} MB`
  )
}

const failed: string[] = []
for (const n of sizes) {
  const repos = syntheticRepos(n, seed)
  const keys = syntheticRegistryKeys(n)
  const frameworks = repos.map((repo, i) => ({ name: `Synthetic ${i}`, github: repo.nameWithOwner, ...keys[i] }))
  const config = {
    title: `Benchmark: ${n} synthetic frameworks${categoryCount ? ` in ${categoryCount} categories` : ''}`,
    report: 'docs/frameworks.md',
    history: 'docs/frameworks-history.json',
    window_days: 30,
    // The bench measures the weekly collection; the first run's one-off backfill is measured by npm run demo.
    backfill: false,
    ...(categoryCount
      ? {
          categories: Array.from({ length: categoryCount }, (_, c) => ({
            title: `Category ${c}`,
            ...(c % 3 === 0 ? { funnel: [{ stage: 'Active', require: { metric: 'commits_window', min: 10 } }] } : {}),
            frameworks: frameworks.filter((_, i) => i % categoryCount === c)
          }))
        }
      : { frameworks })
  }
  const world = await startWorld({
    configText: stringify(config),
    repos,
    now: new Date(NOW),
    github: { latencyMs, secondaryLimits: {} },
    registries: { data: syntheticRegistryData(n, seed), latencyMs, now: new Date(NOW) }
  })
  try {
    await warmUp(world, repos)
    const inputs = { 'dry-run': 'true', 'stackexchange-key': 'bench-stackexchange-key' }
    // The production waits, not the test harness's near-zero ones: the figures are a real run's.
    const env = { FRAMEWORK_RADAR_RETRY_BASE_MS: '1000', FRAMEWORK_RADAR_WRITE_SPACING_MS: '1000' }
    const first = await world.run({ now: NOW, inputs, env, timeoutMs: 900_000, coldStart: true })
    if (first.code !== 0) throw new Error(`the action failed (exit ${first.code}):\n${first.stdout}${first.stderr}`)
    const f1 = measure(world, first, 'first run')
    print(n, f1)
    if (values.timeline) printTimeline(world, first)
    await printFloor(world, n, f1)
    const reportKb = statSync(path.join(first.workspace, config.report)).size / 1024
    // A week later: the repositories with a commit in the last 7 days moved (new head), the rest did not.
    for (const repo of repos) {
      const moved = repo.commitDaysAgo.some((d) => d < 7)
      repo.commitDaysAgo = repo.commitDaysAgo.map((d) => d + 7)
      repo.pushedDaysAgo += 7
      if (moved) repo.headOid = `${repo.nameWithOwner}@week-2`
    }
    // The dry run wrote the history into the workspace; with the config there too, the next dry run
    // reads both from the workspace, as a repository checkout would hold them.
    mkdirSync(path.join(first.workspace, '.github'), { recursive: true })
    writeFileSync(path.join(first.workspace, '.github', 'framework-radar.yml'), stringify(config))
    world.github.resetLog()
    // A week later GitHub's windows are empty again.
    world.github.limits!.arrivals.length = 0
    world.registries.requests.length = 0
    const second = await world.run({
      now: WEEK_LATER,
      inputs,
      env,
      workspace: first.workspace,
      timeoutMs: 900_000,
      coldStart: true
    })
    if (second.code !== 0) throw new Error(`the week-later run failed (exit ${second.code}):\n${second.stdout}`)
    const f2 = measure(world, second, 'a week later')
    print(n, f2)
    if (values.timeline) printTimeline(world, second)
    await printFloor(world, n, f2)
    console.log(`n=${n}: report ${reportKb.toFixed(0)} KB`)
    const bound = Math.max(f1.latencyBoundS, f1.limitsBoundS)
    const target = f1.limitsBoundS >= f1.latencyBoundS ? TARGETS.limitRatio : TARGETS.latencyRatio
    if (f1.refusals > 0) failed.push(`n=${n}: ${f1.refusals} secondary-limit refusals`)
    if (f1.restPointsPerMin > 900 || f1.graphqlPointsPerMin > 2000) failed.push(`n=${n}: over a points limit`)
    if (f1.wallS / bound > target) failed.push(`n=${n}: wall ${(f1.wallS / bound).toFixed(2)}× the bound > ${target}`)
    if ((f1.graphql + f1.contributors) / n > TARGETS.requestsPerRepo)
      failed.push(`n=${n}: more than ${TARGETS.requestsPerRepo} GitHub requests per repository`)
    if (!(f1.peakRssMb <= TARGETS.peakRssMb)) failed.push(`n=${n}: peak RSS over ${TARGETS.peakRssMb} MB`)
    if (reportKb >= TARGETS.reportKb) failed.push(`n=${n}: report ${reportKb.toFixed(0)} KB ≥ ${TARGETS.reportKb} KB`)
    if (f2.contributors >= f1.contributors) failed.push(`n=${n}: a week later the REST requests did not drop`)
  } finally {
    await world.close()
  }
}
const targets =
  'targets: 0 refusals, ≤ 900 REST / 2,000 GraphQL points per minute, ' +
  'wall ≤ 1.2× the limits bound (≤ 1.3× the latency bound), ' +
  `≤ ${TARGETS.requestsPerRepo} GitHub requests per repository, ≤ ${TARGETS.peakRssMb} MB peak RSS, report < ` +
  `${TARGETS.reportKb} KB, fewer REST requests a week later`
if (failed.length > 0) {
  console.log(`FAIL (${targets}): ${failed.join('; ')}`)
  process.exitCode = 1
} else console.log(`PASS (${targets})`)
