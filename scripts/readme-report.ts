// The README's "What the report looks like" is the demo's real report, excerpted: the at-a-glance
// block, the ranking, one "Why this rank" breakdown and the selection funnel. `npm run docs:report`
// rewrites it (run `npm run bundle` first: the demo runs dist/index.js); a test keeps it in sync.
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

export const EXCERPT_START = '<!-- demo-report:start -->'
export const EXCERPT_END = '<!-- demo-report:end -->'

/** The report's "### <title>" section, up to the next "### " heading or the end marker. */
function section(report: string, title: string): string {
  const start = report.indexOf(`\n### ${title}\n`)
  if (start < 0) throw new Error(`the demo report has no "### ${title}" section`)
  const rest = report.slice(start + 1)
  const end = rest.search(/\n### |\n<!-- framework-radar:end -->/)
  return (end < 0 ? rest : rest.slice(0, end)).trim()
}

/** The excerpt shown in the README, from the demo's report. */
export function readmeExcerpt(report: string): string {
  const glance = section(report, 'At a glance')
    .split('\n')
    .filter((l) => !l.startsWith('Contents: '))
    .join('\n')
    .trim()
  const why = section(report, 'Why this rank')
  const firstBreakdown = why.slice(why.indexOf('<details>'), why.indexOf('</details>') + '</details>'.length)
  return [
    glance,
    section(report, 'Ranking'),
    '### Why this rank',
    'Every framework has a collapsed breakdown; the first one of the demo:',
    firstBreakdown,
    section(report, 'Selection funnel')
  ].join('\n\n')
}

/** The README with the excerpt between its markers replaced. */
export function withReadmeExcerpt(readme: string, report: string): string {
  const start = readme.indexOf(EXCERPT_START)
  const end = readme.indexOf(EXCERPT_END)
  if (start < 0 || end < start) throw new Error(`README.md needs ${EXCERPT_START} … ${EXCERPT_END}`)
  return `${readme.slice(0, start + EXCERPT_START.length)}\n${readmeExcerpt(report)}\n${readme.slice(end)}`
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { runDemo } = await import('./demo-run.js')
  const readmeUrl = new URL('../README.md', import.meta.url)
  const demo = await runDemo()
  writeFileSync(readmeUrl, withReadmeExcerpt(readFileSync(readmeUrl, 'utf8'), demo.report))
  console.log('README.md: "What the report looks like" regenerated from the demo')
}
