// The README's "What the report looks like" is the demo's real report, excerpted: the at-a-glance
// block, the ranking, the score and stars charts (copied to docs/example/), one "Why this rank"
// breakdown and the selection funnel. `npm run docs:report`
// rewrites it (run `npm run bundle` first: the demo runs dist/index.js); a test keeps it in sync.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { chartsDir } from '../src/report/charts/index.js'

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
    ...trendCharts(report),
    '### Why this rank',
    'Every framework has a collapsed breakdown; the first one of the demo:',
    firstBreakdown,
    section(report, 'Selection funnel')
  ].join('\n\n')
}

/** Where the README's copies of the demo's chart SVGs live (npm run docs:report writes them). */
export const EXAMPLE_DIR = 'docs/example'

/** The report's first two charts (score, stars), linked to their copies in docs/example/. */
function trendCharts(report: string): string[] {
  const images = section(report, 'Trends')
    .split('\n')
    .filter((l) => l.startsWith('!['))
    .slice(0, 2)
    .map((l) => l.replace(/\]\(([^)]+)\)$/, `](${EXAMPLE_DIR}/$1)`))
  if (images.length === 0) return []
  return ['### Trends', 'SVG files committed next to the report; each names its lines:', ...images]
}

/** The demo's chart files the README links: those of the first report, by path under docs/example/. */
export function exampleCharts(demo: { reportPath: string; charts: Record<string, string> }): Record<string, string> {
  const dir = `${path.posix.basename(chartsDir(demo.reportPath))}/`
  return Object.fromEntries(Object.entries(demo.charts).filter(([file]) => file.startsWith(dir)))
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
  const example = new URL(`../${EXAMPLE_DIR}/`, import.meta.url)
  rmSync(example, { recursive: true, force: true })
  for (const [file, svg] of Object.entries(exampleCharts(demo))) {
    mkdirSync(new URL('.', new URL(file, example)), { recursive: true })
    writeFileSync(new URL(file, example), svg)
  }
  console.log('README.md: "What the report looks like" regenerated from the demo')
}
