// The demo as a function, for `npm run demo`, the README's "What the report looks like"
// (`npm run docs:report`, kept in sync by __tests__/readme.test.ts) and any generator that needs the
// demo's documents: runs the bundled action (dist/index.js) offline on examples/deep-learning.yml
// against the stand-ins, three earlier weekly runs whose PRs were merged and the run of `today`, and
// returns what the last run published.
import type { ActionRun } from '../standins/runner.js'
import { startWorld } from '../standins/world.js'

export const DEMO_NOW = '2026-11-23T06:17:00Z'
const WEEKS_BACK = 3
const BRANCH = 'framework-radar/report'

export interface DemoResult {
  /** the report file as committed on the bot branch */
  report: string
  reportPath: string
  prBody: string
  summary: string
  /** the last run (outputs, stdout) and the PR it opened */
  run: ActionRun
  pull: { number: number; headRef: string; baseRef: string; title: string } | undefined
}

export async function runDemo(today = DEMO_NOW, log: (line: string) => void = () => {}): Promise<DemoResult> {
  const world = await startWorld({ now: new Date(today) })
  const originals = world.repos.map((r) => ({ stars: r.stars, forks: r.forks, contributors: r.contributors }))
  try {
    let result: ActionRun | undefined
    for (let week = WEEKS_BACK; week >= 0; week--) {
      // Earlier weeks: fewer stars and forks, growing at different speeds per framework.
      world.repos.forEach((repo, i) => {
        const growth = 1 - week * (0.002 + 0.004 * ((i * 7) % 5))
        repo.stars = Math.round(originals[i].stars * growth)
        repo.forks = Math.round(originals[i].forks * growth)
      })
      const now = new Date(Date.parse(today) - week * 7 * 86_400_000).toISOString()
      result = await world.run({ now })
      const outputs = result.outputs
      if (result.code !== 0) {
        throw new Error(`the run of ${now.slice(0, 10)} failed (exit ${result.code})\n${result.stdout}${result.stderr}`)
      }
      log(`${now.slice(0, 10)}: pull request ${outputs['pull-request-operation']} ${outputs['pull-request-url'] ?? ''}`)
      if (week > 0 && outputs['pull-request-number']) {
        // The team merges the weekly PR (as they would on GitHub).
        world.github.state.mergePull(Number(outputs['pull-request-number']), { deleteBranch: true })
        log(`            merged #${outputs['pull-request-number']} into main`)
      }
    }
    const run = result as ActionRun
    const reportPath = run.outputs['report-path']
    const state = world.github.state
    const pull = state.pulls().find((p) => p.number === Number(run.outputs['pull-request-number']))
    return {
      report: state.fileAt(BRANCH, reportPath) ?? '',
      reportPath,
      prBody: pull?.body ?? '',
      summary: run.summary,
      run,
      pull: pull && { number: pull.number, headRef: pull.headRef, baseRef: pull.baseRef, title: pull.title }
    }
  } finally {
    await world.close()
  }
}
