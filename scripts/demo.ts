// `npm run demo`: runs the bundled action (dist/index.js, as the Actions runner starts it) offline,
// on the example config (examples/deep-learning.yml), against the bundled stand-ins of GitHub and
// the registries. It simulates three earlier weekly runs whose PRs were merged, so the report has
// history and trends, then the run of today, and prints the PR it opened and the report.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../standins/runner.js'
import { SITE, startWorld } from '../standins/world.js'

const TODAY = process.env.FRAMEWORK_RADAR_NOW ?? '2026-11-23T06:17:00Z'
const WEEKS_BACK = 3

const world = await startWorld({ now: new Date(TODAY) })
const originals = world.repos.map((r) => ({ stars: r.stars, forks: r.forks, contributors: r.contributors }))
try {
  for (let week = WEEKS_BACK; week >= 0; week--) {
    // Earlier weeks: fewer stars and forks, growing at different speeds per framework.
    world.repos.forEach((repo, i) => {
      const growth = 1 - week * (0.002 + 0.004 * ((i * 7) % 5))
      repo.stars = Math.round(originals[i].stars * growth)
      repo.forks = Math.round(originals[i].forks * growth)
    })
    const now = new Date(Date.parse(TODAY) - week * 7 * 86_400_000).toISOString()
    const result = await world.run({ now })
    const outputs = result.outputs
    if (result.code !== 0) {
      console.error(result.stdout + result.stderr)
      throw new Error(`the run of ${now.slice(0, 10)} failed (exit ${result.code})`)
    }
    console.log(
      `${now.slice(0, 10)}: pull request ${outputs['pull-request-operation']} ${outputs['pull-request-url'] ?? ''}`
    )
    if (week > 0 && outputs['pull-request-number']) {
      // The team merges the weekly PR (as they would on GitHub).
      world.github.state.mergePull(Number(outputs['pull-request-number']), { deleteBranch: true })
      console.log(`            merged #${outputs['pull-request-number']} into main`)
    }
    if (week === 0) {
      const reportPath = outputs['report-path']
      const report = world.github.state.fileAt('framework-radar/report', reportPath) ?? ''
      const pull = world.github.state.pulls().find((p) => p.number === Number(outputs['pull-request-number']))
      mkdirSync(path.join(ROOT, '.demo'), { recursive: true })
      writeFileSync(path.join(ROOT, '.demo', 'report.md'), report)
      writeFileSync(path.join(ROOT, '.demo', 'pr-body.md'), pull?.body ?? '')
      writeFileSync(path.join(ROOT, '.demo', 'summary.md'), result.summary)
      console.log(`\n${'='.repeat(80)}`)
      console.log(
        `Pull request #${outputs['pull-request-number']} (${outputs['pull-request-operation']}): ${outputs['pull-request-url']}`
      )
      console.log(`  ${SITE.owner}/${SITE.name}: ${pull?.headRef} → ${pull?.baseRef}, "${pull?.title}"`)
      console.log(`Ranking output: ${outputs.ranking}`)
      console.log(`Report (${reportPath}, also in .demo/report.md; PR body in .demo/pr-body.md):`)
      console.log(`${'='.repeat(80)}\n`)
      console.log(report)
      const counts = result.stdout.split('\n').find((l) => l.startsWith('Requests by kind'))
      if (counts) console.log(counts)
    }
  }
} finally {
  await world.close()
}
