// `npm run demo`: runs the bundled action (dist/index.js, as the Actions runner starts it) offline,
// on two configs at once (examples/deep-learning.yml and examples/deep-learning-stack.yml, the
// latter with three categories), against the bundled stand-ins of GitHub and the registries. It
// simulates three earlier weekly runs whose PRs were merged, so the reports have history and trends,
// then the run of today, and prints the one PR it opened, both reports' sizes, the report with
// categories, and how often each repository and package both configs list was asked for.
// Writes .demo/report.md (the deep-learning report), every report under its own name, .demo/pr-body.md,
// .demo/summary.md and the reports' chart SVGs (.demo/<report name>-charts/).
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '../standins/runner.js'
import { SITE } from '../standins/world.js'
import { DEMO_NOW, runDemo } from './demo-run.js'

const today = process.env.FRAMEWORK_RADAR_NOW ?? DEMO_NOW
const demo = await runDemo(today, (line) => console.log(line))

const out = path.join(ROOT, '.demo')
mkdirSync(out, { recursive: true })
// report.md stays the deep-learning report (npm run check:charts reads it); each report also under its own name.
writeFileSync(path.join(out, 'report.md'), demo.report)
for (const r of demo.reports) writeFileSync(path.join(out, path.basename(r.path)), r.text)
writeFileSync(path.join(out, 'pr-body.md'), demo.prBody)
writeFileSync(path.join(out, 'summary.md'), demo.summary)
// the chart SVGs next to the reports, so their relative links work in .demo/ (npm run check:render)
for (const [file, svg] of Object.entries(demo.charts)) {
  mkdirSync(path.dirname(path.join(out, file)), { recursive: true })
  writeFileSync(path.join(out, file), svg)
}

const outputs = demo.run.outputs
console.log(`\n${'='.repeat(80)}`)
console.log(
  `Pull request #${outputs['pull-request-number']} (${outputs['pull-request-operation']}): ` +
    `${outputs['pull-request-url']}`
)
console.log(`  ${SITE.owner}/${SITE.name}: ${demo.pull?.headRef} → ${demo.pull?.baseRef}, "${demo.pull?.title}"`)
console.log(`  ${demo.commits} commit for ${demo.reports.length} reports:`)
for (const r of demo.reports)
  console.log(
    `    ${r.path}: ${Buffer.byteLength(r.text, 'utf8').toLocaleString('en-US')} bytes (.demo/${path.basename(r.path)})`
  )
console.log(`Ranking output: ${outputs.ranking}`)
const withCategories = demo.reports.find((r) => r.text.includes('\n### Contents\n')) ?? demo.reports[0]
console.log(
  `Report with categories (${withCategories.path}; PR body in .demo/pr-body.md, job summary in .demo/summary.md):`
)
console.log(`${'='.repeat(80)}\n`)
console.log(withCategories.text)
const counts = demo.run.stdout.split('\n').find((l) => l.startsWith('Requests by kind'))
if (counts) console.log(counts)
console.log('Requests for what both configs list (each is asked for once):')
for (const [what, n] of Object.entries(demo.sharedRequests)) console.log(`  ${what}: ${n}`)

// The first run found an empty history and backfilled; each later run is a week after the one before.
const kinds = (stdout: string) =>
  Object.fromEntries(
    [...(stdout.split('\n').find((l) => l.startsWith('Requests by kind')) ?? '').matchAll(/([\w.:-]+)=(\d+)/g)].map(
      (m) => [m[1], Number(m[2])]
    )
  )
console.log(`\nBackfill on the first run (${demo.runs[0].date}, empty history):`)
for (const line of demo.runs[0].stdout.split('\n')) if (line.startsWith('Backfill')) console.log(`  ${line}`)
console.log(`GitHub requests per run (${demo.repositories} distinct repositories):`)
for (const run of demo.runs) {
  const k = kinds(run.stdout)
  const collection = (k['github:graphql'] ?? 0) + (k['github:rest'] ?? 0)
  const backfill = (k['backfill.github:graphql'] ?? 0) + (k['backfill.github:rest'] ?? 0)
  console.log(
    `  ${run.date}: collection ${collection} (${(collection / demo.repositories).toFixed(2)} per repository)` +
      (backfill
        ? `, backfill ${backfill} (${(backfill / demo.repositories).toFixed(2)} per repository)`
        : ', no backfill')
  )
}
