// `npm run bench [-- --n 1000 --latency 50 --seed 7 --categories 30]`: one dry run of the bundled action
// (dist/index.js, started as the Actions runner does) on n synthetic frameworks (in one list, or
// round-robin in `categories` categories, every third with a funnel), against the
// stand-ins of GitHub and of every registry with `latency` ms before each answer. Prints requests,
// GraphQL points, wall time, peak RSS and report size, and checks them against the targets.
import { statSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { stringify } from 'yaml'
import { syntheticRepos } from '../standins/github/metrics.js'
import { syntheticRegistryData, syntheticRegistryKeys } from '../standins/registries.js'
import { startWorld } from '../standins/world.js'

const TARGETS = { requestsPerRepo: 1.1, wallSeconds: 30, peakRssMb: 250, reportKb: 400 }
const NOW = '2026-11-23T06:17:00Z'

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '50' },
    seed: { type: 'string', default: '7' },
    categories: { type: 'string', default: '0' }
  }
})
const n = Number(values.n)
const latencyMs = Number(values.latency)
const seed = Number(values.seed)
const categoryCount = Number(values.categories)
if (!Number.isInteger(n) || n < 1 || n > 5000)
  throw new Error('--n must be a whole number from 1 to 5000 (the config allows at most 5,000 frameworks)')
if (!(latencyMs >= 0)) throw new Error('--latency must be 0 or more (ms)')
if (!Number.isInteger(categoryCount) || categoryCount < 0 || categoryCount > Math.min(n, 500))
  throw new Error('--categories must be a whole number from 0 (one list) to the number of frameworks (at most 500)')

const repos = syntheticRepos(n, seed)
const keys = syntheticRegistryKeys(n)
const frameworks = repos.map((repo, i) => ({ name: `Synthetic ${i}`, github: repo.nameWithOwner, ...keys[i] }))
const config = {
  title: `Benchmark: ${n} synthetic frameworks${categoryCount ? ` in ${categoryCount} categories` : ''}`,
  report: 'docs/frameworks.md',
  history: 'docs/frameworks-history.json',
  window_days: 30,
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
  github: { latencyMs },
  registries: { data: syntheticRegistryData(n, seed), latencyMs, now: new Date(NOW) }
})
try {
  const run = await world.run({
    now: NOW,
    inputs: { 'dry-run': 'true', 'stackexchange-key': 'bench-stackexchange-key' },
    // The production waits, not the test harness's near-zero ones: the figures are a real run's.
    env: { FRAMEWORK_RADAR_RETRY_BASE_MS: '1000', FRAMEWORK_RADAR_WRITE_SPACING_MS: '1000' },
    timeoutMs: 600_000
  })
  if (run.code !== 0) {
    console.error(run.stdout + run.stderr)
    throw new Error(`the action failed (exit ${run.code})`)
  }

  // Metrics requests only: the config read (REST contents) is not per-repository work.
  const graphql = world.github.requests.filter((r) => r.kind === 'graphql').length
  const contributors = world.github.requests.filter(
    (r) => r.kind === 'rest' && /^\/repos\/[^/]+\/[^/]+\/contributors$/.test(r.path)
  ).length
  const githubRequests = graphql + contributors
  const perRepo = githubRequests / n
  const points = /Requests by kind: .*; GraphQL points (\d+)/.exec(run.stdout)?.[1] ?? '?'
  const byService = new Map<string, number>()
  const spans = new Map<string, { first: number; last: number }>()
  for (const r of world.registries.requests) {
    byService.set(r.service, (byService.get(r.service) ?? 0) + 1)
    const span = spans.get(r.service) ?? { first: r.receivedAt, last: r.respondedAt }
    spans.set(r.service, { first: Math.min(span.first, r.receivedAt), last: Math.max(span.last, r.respondedAt) })
  }
  const wallSeconds = run.ms / 1000
  const peakRssMb = run.maxRssBytes === undefined ? NaN : run.maxRssBytes / 1024 / 1024
  const reportKb = statSync(path.join(run.workspace, config.report)).size / 1024

  console.log(
    `frameworks: ${n}${categoryCount ? ` in ${categoryCount} categories` : ''} (latency ${latencyMs} ms on GitHub and every registry, seed ${seed})`
  )
  console.log(`GitHub requests: ${githubRequests} (GraphQL ${graphql} + REST contributors ${contributors})`)
  console.log(`GitHub requests per repository: ${perRepo.toFixed(3)}`)
  console.log(`GraphQL points: ${points}`)
  console.log(
    `other sources: ${
      [...byService]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([s, c]) => `${s}=${c}`)
        .join(', ') || 'none'
    }`
  )
  // Where the time goes: from a service's first request to its last answer.
  console.log(
    `source spans: ${[...spans]
      .sort(([, a], [, b]) => b.last - b.first - (a.last - a.first))
      .map(([s, { first, last }]) => `${s} ${((last - first) / 1000).toFixed(1)} s`)
      .join(', ')}`
  )
  console.log(`wall: ${wallSeconds.toFixed(1)} s`)
  console.log(`peak RSS: ${Number.isNaN(peakRssMb) ? 'unknown' : `${peakRssMb.toFixed(0)} MB`}`)
  console.log(`report: ${reportKb.toFixed(0)} KB`)
  console.log(
    `comparison: best-of-generator ≈ 3 requests and ≈ 4 s per project (≈ 1 hour for 920 projects); ` +
      `this run ${perRepo.toFixed(2)} requests and ${(run.ms / n).toFixed(0)} ms per project`
  )
  const failed = [
    perRepo > TARGETS.requestsPerRepo &&
      `${perRepo.toFixed(3)} GitHub requests per repository > ${TARGETS.requestsPerRepo}`,
    wallSeconds > TARGETS.wallSeconds && `${wallSeconds.toFixed(1)} s wall > ${TARGETS.wallSeconds} s`,
    reportKb >= TARGETS.reportKb && `report ${reportKb.toFixed(0)} KB ≥ ${TARGETS.reportKb} KB`,
    !(peakRssMb <= TARGETS.peakRssMb) &&
      `peak RSS ${Number.isNaN(peakRssMb) ? 'unknown' : `${peakRssMb.toFixed(0)} MB`} > ${TARGETS.peakRssMb} MB`
  ].filter((f): f is string => typeof f === 'string')
  const targets = `targets: ≤ ${TARGETS.requestsPerRepo} GitHub requests per repository, ≤ ${TARGETS.wallSeconds} s wall, ≤ ${TARGETS.peakRssMb} MB peak RSS, report < ${TARGETS.reportKb} KB`
  if (failed.length > 0) {
    console.log(`FAIL (${targets}): ${failed.join('; ')}`)
    process.exitCode = 1
  } else console.log(`PASS (${targets})`)
} finally {
  await world.close()
}
