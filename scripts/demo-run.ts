// The demo as a function, for `npm run demo`, the README's "What the report looks like"
// (`npm run docs:report`, kept in sync by __tests__/readme.test.ts) and any generator that needs the
// demo's documents: runs the bundled action (dist/index.js) offline against the stand-ins on two
// configs at once (`config: .github/radar/*.yml`): examples/deep-learning.yml (one list) and
// examples/deep-learning-stack.yml (three categories); three earlier weekly runs whose PRs were
// merged and the run of `today`; returns what the last run published in its one pull request.
import path from 'node:path'
import { parseConfig } from '../src/config/load.js'
import { chartsDir } from '../src/report/charts/index.js'
import { deepLearningRepos } from '../standins/github/metrics.js'
import { deepLearningRegistryData } from '../standins/registries.js'
import type { ActionRun } from '../standins/runner.js'
import { mergeRegistryData, stackRegistryData, stackRepos } from '../standins/stack.js'
import { exampleConfig, startWorld, type World } from '../standins/world.js'

export const DEMO_NOW = '2026-11-23T06:17:00Z'
const WEEKS_BACK = 3
const BRANCH = 'framework-radar/report'

/** Repositories and packages both demo configs list: the run asks for each once. */
export const SHARED = {
  repositories: ['tensorflow/tensorflow', 'pytorch/pytorch', 'keras-team/keras'],
  pypi: ['tensorflow', 'torch', 'keras']
}

export interface DemoResult {
  /** the first report (examples/deep-learning.yml's) as committed on the bot branch */
  report: string
  reportPath: string
  /** every report of the run, in config order */
  reports: Array<{ path: string; text: string }>
  /** requests of the last run for each shared repository (contributor counts) and PyPI package */
  sharedRequests: Record<string, number>
  /** commits the last run made */
  commits: number
  prBody: string
  summary: string
  /** every report's chart SVGs, by path relative to its report's folder (frameworks-charts/score.svg) */
  charts: Record<string, string>
  /** the last run (outputs, stdout) and the PR it opened */
  run: ActionRun
  /** every run, oldest first: the first (empty history) backfills, the others a week apart each */
  runs: Array<{ date: string; stdout: string }>
  /** distinct repositories both configs list */
  repositories: number
  pull: { number: number; headRef: string; baseRef: string; title: string } | undefined
}

export async function runDemo(today = DEMO_NOW, log: (line: string) => void = () => {}): Promise<DemoResult> {
  const world = await startWorld({
    now: new Date(today),
    configPath: '.github/radar/deep-learning.yml',
    configText: exampleConfig('deep-learning.yml'),
    siteFiles: { '.github/radar/stack.yml': exampleConfig('deep-learning-stack.yml') },
    // The stack's repositories come after the deep-learning ones, so their growth below is unchanged.
    repos: structuredClone([...deepLearningRepos, ...stackRepos]),
    registries: { data: mergeRegistryData(deepLearningRegistryData, stackRegistryData) }
  })
  const originals = world.repos.map((r) => ({ stars: r.stars, forks: r.forks }))
  try {
    let result: ActionRun | undefined
    const runs: DemoResult['runs'] = []
    for (let week = WEEKS_BACK; week >= 0; week--) {
      const now = new Date(Date.parse(today) - week * 7 * 86_400_000).toISOString()
      result = await runWeek(world, now, week, originals, log)
      runs.push({ date: now.slice(0, 10), stdout: result.stdout })
    }
    return demoResult(world, result as ActionRun, runs)
  } finally {
    await world.close()
  }
}

/**
 * One weekly run, `week` weeks before the demo's day: stars and forks as they were then (growing at
 * different speeds per framework), and the PR merged afterwards, as the team would, except the last.
 */
async function runWeek(
  world: World,
  now: string,
  week: number,
  originals: Array<{ stars: number; forks: number }>,
  log: (line: string) => void
): Promise<ActionRun> {
  world.repos.forEach((repo, i) => {
    const growth = 1 - week * (0.002 + 0.004 * ((i * 7) % 5))
    repo.stars = Math.round(originals[i].stars * growth)
    repo.forks = Math.round(originals[i].forks * growth)
  })
  world.github.resetLog()
  world.registries.requests.length = 0
  const result = await world.run({ now, inputs: { config: '.github/radar/*.yml' } })
  const outputs = result.outputs
  if (result.code !== 0) {
    throw new Error(`the run of ${now.slice(0, 10)} failed (exit ${result.code})\n${result.stdout}${result.stderr}`)
  }
  log(`${now.slice(0, 10)}: pull request ${outputs['pull-request-operation']} ${outputs['pull-request-url'] ?? ''}`)
  if (week > 0 && outputs['pull-request-number']) {
    world.github.state.mergePull(Number(outputs['pull-request-number']), { deleteBranch: true })
    log(`            merged #${outputs['pull-request-number']} into main`)
  }
  return result
}

/** What the last run left: its reports, PR, charts and request counts. */
function demoResult(world: World, run: ActionRun, runs: DemoResult['runs']): DemoResult {
  const state = world.github.state
  const reports = run.outputs['report-path'].split('\n').map((p) => ({ path: p, text: state.fileAt(BRANCH, p) ?? '' }))
  const pull = state.pulls().find((p) => p.number === Number(run.outputs['pull-request-number']))
  return {
    report: reports[0].text,
    reportPath: reports[0].path,
    reports,
    sharedRequests: sharedRequests(world),
    commits: world.github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/git/commits')).length,
    prBody: pull?.body ?? '',
    summary: run.summary,
    charts: chartFiles(
      world,
      reports.map((r) => r.path)
    ),
    run,
    runs,
    repositories: distinctRepositories(),
    pull: pull && { number: pull.number, headRef: pull.headRef, baseRef: pull.baseRef, title: pull.title }
  }
}

/** Repositories the demo's configs list, each counted once (GitHub's per-framework figures divide by it). */
function distinctRepositories(): number {
  const configs = ['deep-learning.yml', 'deep-learning-stack.yml'].map((f) => parseConfig(exampleConfig(f), f))
  return new Set(configs.flatMap((c) => c.frameworks.map((fw) => fw.github.toLowerCase()))).size
}

/** How often the last run asked for each repository and PyPI package both configs list. */
function sharedRequests(world: World): Record<string, number> {
  const out: Record<string, number> = {}
  for (const slug of SHARED.repositories)
    out[`GitHub ${slug} (GraphQL repository fields)`] = world.github.repositoryFields.get(slug) ?? 0
  for (const name of SHARED.pypi)
    out[`PyPI ${name}`] = world.registries.requests.filter(
      (r) => r.service === 'pypistats' && r.path === `/packages/${name}/recent`
    ).length
  return out
}

/** The chart files the bot branch holds next to each report. */
function chartFiles(world: World, reportPaths: string[]): Record<string, string> {
  const state = world.github.state
  const head = state.branchSha(BRANCH)
  const out: Record<string, string> = {}
  if (!head) return out
  const files = [...state.flatten((state.commit(head) as { tree: string }).tree).keys()]
  for (const report of reportPaths) {
    const dir = chartsDir(report)
    for (const file of files.filter((f) => f.startsWith(`${dir}/`)))
      out[path.posix.relative(path.posix.dirname(report), file)] = state.fileAt(BRANCH, file) ?? ''
  }
  return out
}
