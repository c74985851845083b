// The demo's runs, as a function: the bundled action (dist/index.js) against the stand-ins, three
// earlier weekly runs whose PRs were merged, then today's. Used by `npm run demo`, by
// `npm run docs:report` (the README's "What the report looks like") and by the test that keeps the
// README in sync with it.
import { SITE, startWorld } from '../standins/world.js'

export const DEMO_TODAY = '2026-11-23T06:17:00Z'
const WEEKS_BACK = 3

export interface DemoResult {
  report: string
  reportPath: string
  prBody: string
  summary: string
  /** lines for the console: one per run, then the pull request */
  log: string[]
  outputs: Record<string, string>
  stdout: string
}

export async function runDemo(today = DEMO_TODAY): Promise<DemoResult> {
  const world = await startWorld({ now: new Date(today) })
  const originals = world.repos.map((r) => ({ stars: r.stars, forks: r.forks, contributors: r.contributors }))
  const log: string[] = []
  try {
    for (let week = WEEKS_BACK; week >= 0; week--) {
      // Earlier weeks: fewer stars and forks, growing at different speeds per framework.
      world.repos.forEach((repo, i) => {
        const growth = 1 - week * (0.002 + 0.004 * ((i * 7) % 5))
        repo.stars = Math.round(originals[i].stars * growth)
        repo.forks = Math.round(originals[i].forks * growth)
      })
      const now = new Date(Date.parse(today) - week * 7 * 86_400_000).toISOString()
      const result = await world.run({ now })
      const outputs = result.outputs
      if (result.code !== 0) {
        throw new Error(`the run of ${now.slice(0, 10)} failed (exit ${result.code})\n${result.stdout}${result.stderr}`)
      }
      log.push(
        `${now.slice(0, 10)}: pull request ${outputs['pull-request-operation']} ${outputs['pull-request-url'] ?? ''}`
      )
      if (week > 0 && outputs['pull-request-number']) {
        // The team merges the weekly PR (as they would on GitHub).
        world.github.state.mergePull(Number(outputs['pull-request-number']), { deleteBranch: true })
        log.push(`            merged #${outputs['pull-request-number']} into main`)
        continue
      }
      const reportPath = outputs['report-path']
      const pull = world.github.state.pulls().find((p) => p.number === Number(outputs['pull-request-number']))
      log.push(
        `  ${SITE.owner}/${SITE.name}: ${pull?.headRef} → ${pull?.baseRef}, "${pull?.title}"`,
        `Ranking output: ${outputs.ranking}`
      )
      return {
        report: world.github.state.fileAt('framework-radar/report', reportPath) ?? '',
        reportPath,
        prBody: pull?.body ?? '',
        summary: result.summary,
        log,
        outputs,
        stdout: result.stdout
      }
    }
    throw new Error('unreachable: the last week returns')
  } finally {
    await world.close()
  }
}
