// npm run check:charts [-- file.md ...]
// Renders every ```mermaid block of the given markdown files (default: the demo report
// .demo/report.md) with the real mermaid library in headless Chromium, the way GitHub renders
// them, and fails with mermaid's own parse error for any chart that does not render.
// Needs /usr/bin/chromium (Debian: apt-get install -y chromium) or CHROMIUM_PATH.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium } from 'playwright-core'
import { runWhenMain } from './lib/cli.js'

export interface Chart {
  file: string
  /** 1-based line of the ```mermaid fence */
  line: number
  code: string
}

/** Every fenced mermaid block of a markdown text (``` or ~~~ fences, CRLF tolerated). */
export function extractMermaid(text: string, file: string): Chart[] {
  const lines = text.split(/\r?\n/)
  const charts: Chart[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*mermaid\s*$/.exec(lines[i])
    if (!open) continue
    const fence = open[1]
    const body: string[] = []
    let j = i + 1
    while (
      j < lines.length &&
      !(lines[j].trim().startsWith(fence[0].repeat(fence.length)) && lines[j].trim().replace(/[`~]/g, '') === '')
    )
      body.push(lines[j++])
    charts.push({ file, line: i + 1, code: body.join('\n') })
    i = j
  }
  return charts
}

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

export async function renderCharts(charts: Chart[]): Promise<Array<{ chart: Chart; error?: string }>> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(executablePath))
    throw new Error(
      `Chromium not found at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`
    )
  const mermaidPath = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js')
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS })
  try {
    const page = await browser.newPage()
    // no network: everything comes from node_modules
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()))
    await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>')
    await page.addScriptTag({ path: mermaidPath })
    await page.evaluate(() =>
      (globalThis as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({
        startOnLoad: false,
        securityLevel: 'strict'
      })
    )
    const results: Array<{ chart: Chart; error?: string }> = []
    for (const [i, chart] of charts.entries()) {
      const error = await page.evaluate(
        async ({ code, id }) => {
          const m = (
            globalThis as unknown as {
              mermaid: { parse(c: string): Promise<unknown>; render(id: string, c: string): Promise<{ svg: string }> }
            }
          ).mermaid
          try {
            await m.parse(code)
            const { svg } = await m.render(id, code)
            if (!svg.includes('<svg')) return 'mermaid returned no SVG'
            if (/Syntax error/i.test(svg)) return 'mermaid rendered a syntax-error diagram'
            return undefined
          } catch (e) {
            return e instanceof Error ? e.message : String(e)
          }
        },
        { code: chart.code, id: `chart${i}` }
      )
      results.push({ chart, error })
    }
    return results
  } finally {
    await browser.close()
  }
}

async function main(): Promise<number> {
  const files = process.argv.slice(2).filter((a) => a !== '--')
  if (files.length === 0) files.push('.demo/report.md')
  const charts: Chart[] = []
  for (const file of files) {
    if (!existsSync(file)) {
      console.error(`${file}: no such file (run \`npm run demo\` first to render the demo report)`)
      return 1
    }
    charts.push(...extractMermaid(readFileSync(file, 'utf8'), file))
  }
  const results = charts.length ? await renderCharts(charts) : []
  let failed = 0
  for (const r of results) {
    if (r.error === undefined) continue
    failed++
    console.error(`${r.chart.file}:${r.chart.line}: chart does not render:\n${r.error}\n`)
  }
  console.log(`${results.length - failed} charts rendered, ${failed} failed`)
  return failed > 0 ? 1 : 0
}

runWhenMain(import.meta.url, main)
