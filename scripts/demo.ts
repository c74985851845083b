// `npm run demo`: runs the bundled action (dist/index.js, as the Actions runner starts it) offline,
// on the example config (examples/deep-learning.yml), against the bundled stand-ins of GitHub and
// the registries. It simulates three earlier weekly runs whose PRs were merged, so the report has
// history and trends, then the run of today, and prints the PR it opened and the report.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../standins/runner.js'
import { DEMO_TODAY, runDemo } from './demo-run.js'

const demo = await runDemo(process.env.FRAMEWORK_RADAR_NOW ?? DEMO_TODAY)
mkdirSync(path.join(ROOT, '.demo'), { recursive: true })
writeFileSync(path.join(ROOT, '.demo', 'report.md'), demo.report)
writeFileSync(path.join(ROOT, '.demo', 'pr-body.md'), demo.prBody)
writeFileSync(path.join(ROOT, '.demo', 'summary.md'), demo.summary)
const [runs, pull] = [demo.log.slice(0, -2), demo.log.slice(-2)]
console.log(runs.join('\n'))
console.log(`\n${'='.repeat(80)}`)
console.log(
  `Pull request #${demo.outputs['pull-request-number']} (${demo.outputs['pull-request-operation']}): ${demo.outputs['pull-request-url']}`
)
console.log(pull.join('\n'))
console.log(`Report (${demo.reportPath}, also in .demo/report.md; PR body in .demo/pr-body.md):`)
console.log(`${'='.repeat(80)}\n`)
console.log(demo.report)
const counts = demo.stdout.split('\n').find((l) => l.startsWith('Requests by kind'))
if (counts) console.log(counts)
