// `npm run demo`: runs the bundled action (dist/index.js, as the Actions runner starts it) offline,
// on the example config (examples/deep-learning.yml), against the bundled stand-ins of GitHub and
// the registries. It simulates three earlier weekly runs whose PRs were merged, so the report has
// history and trends, then the run of today, and prints the PR it opened and the report.
// Writes .demo/report.md, .demo/pr-body.md and .demo/summary.md.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../standins/runner.js'
import { SITE } from '../standins/world.js'
import { DEMO_NOW, runDemo } from './demo-run.js'

const today = process.env.FRAMEWORK_RADAR_NOW ?? DEMO_NOW
const demo = await runDemo(today, (line) => console.log(line))

const out = path.join(ROOT, '.demo')
mkdirSync(out, { recursive: true })
writeFileSync(path.join(out, 'report.md'), demo.report)
writeFileSync(path.join(out, 'pr-body.md'), demo.prBody)
writeFileSync(path.join(out, 'summary.md'), demo.summary)

const outputs = demo.run.outputs
console.log(`\n${'='.repeat(80)}`)
console.log(
  `Pull request #${outputs['pull-request-number']} (${outputs['pull-request-operation']}): ${outputs['pull-request-url']}`
)
console.log(`  ${SITE.owner}/${SITE.name}: ${demo.pull?.headRef} → ${demo.pull?.baseRef}, "${demo.pull?.title}"`)
console.log(`Ranking output: ${outputs.ranking}`)
console.log(
  `Report (${demo.reportPath}, also in .demo/report.md; PR body in .demo/pr-body.md, job summary in .demo/summary.md):`
)
console.log(`${'='.repeat(80)}\n`)
console.log(demo.report)
const counts = demo.run.stdout.split('\n').find((l) => l.startsWith('Requests by kind'))
if (counts) console.log(counts)
