// npm run check:render
// Renders the demo's report, PR body and job summary (.demo/*.md, written by `npm run demo`) the
// way github.com shows them — GFM to HTML with `marked`, GitHub's markdown CSS
// (github-markdown-css), the report in a 1,012 px file view, the PR body and summary in an 848 px
// column, the demo's other reports (the one with categories) in the file view too — in headless
// Chromium (Debian's `chromium`, or CHROMIUM_PATH). Prints each table's width against its box,
// where the shortlist appears, and every image that failed to load; writes screenshots to
// .demo/screens/. Exits non-zero when a table scrolls sideways or an image is broken.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { marked, type Token } from 'marked'
import { chromium, type Page } from 'playwright-core'
import { runWhenMain } from './lib/cli.js'

export interface Doc {
  name: string
  file: string
  /** width of the .markdown-body content box in px */
  width: number
  /** GitHub pads the file view's article; PR and summary bodies sit in a column of that width */
  padding: number
}

export const DOCS: Doc[] = [
  { name: 'report', file: 'report.md', width: 1012, padding: 32 },
  { name: 'pr-body', file: 'pr-body.md', width: 848, padding: 16 },
  { name: 'summary', file: 'summary.md', width: 848, padding: 16 }
]

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

export interface TableWidth {
  /** 1-based line of the table's header row in the markdown */
  line: number
  header: string
  scrollWidth: number
  boxWidth: number
}

export interface RenderResult {
  doc: Doc
  tables: TableWidth[]
  images: Array<{ src: string; loaded: boolean; width: number }>
  height: number
  /** where the first mention of the shortlist is drawn, and its markdown line */
  shortlist?: { y: number; line: number; text: string }
}

/** 1-based start line of every top-level token (marked's tokens carry their raw source). */
export function tokenLines(md: string): Array<{ token: Token; line: number }> {
  let line = 1
  return marked.lexer(md, { gfm: true }).map((token) => {
    const at = { token, line }
    line += (token.raw.match(/\n/g) ?? []).length
    return at
  })
}

/** GitHub's page for one document: the markdown CSS in a box of the document's width. */
export function pageHtml(md: string, doc: Doc, css: string): string {
  const body = marked.parse(md, { gfm: true, async: false })
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; background: var(--bgColor-default, #fff); }
.markdown-body { box-sizing: content-box; width: ${doc.width}px; padding: ${doc.padding}px; }
</style></head><body><article class="markdown-body">${body}</article></body></html>`
}

/** Serves the demo's files for relative links and for blob links at a commit (…/blob/<sha>/<path>?raw=true). */
function localFile(url: URL, root: string): string | undefined {
  const blob = /\/blob\/[0-9a-f]{40}\/(.+)$/.exec(url.pathname)
  const rel = blob && url.search === '?raw=true' ? blob[1] : url.host === 'render.local' ? url.pathname.slice(1) : ''
  if (!rel) return undefined
  // a chart lives in <report folder>/<report name>-charts/; the demo keeps <report name>-charts/ in .demo/
  const parts = decodeURIComponent(rel).split('/')
  const from = parts.findIndex((p) => p.endsWith('-charts'))
  const file = path.join(root, ...(from >= 0 ? parts.slice(from) : parts))
  return file.startsWith(root) && existsSync(file) ? file : undefined
}

interface InPage {
  tables: Array<{ header: string; scrollWidth: number }>
  images: RenderResult['images']
  shortlist?: { y: number; text: string }
  boxWidth: number
}

// Runs in the page (plain JS: the project's TypeScript has no DOM types): table widths, images,
// and the first text that mentions the shortlist.
const IN_PAGE = `(() => {
  const box = document.querySelector('.markdown-body')
  const tables = [...box.querySelectorAll('table')].map((t) => ({
    header: (t.querySelector('tr')?.textContent ?? '').replace(/\\s+/g, ' ').trim().slice(0, 60),
    scrollWidth: t.scrollWidth
  }))
  const images = [...document.images].map((i) => ({
    src: i.src,
    loaded: i.complete && i.naturalWidth > 0,
    width: i.width
  }))
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT)
  let shortlist
  for (let n = walker.nextNode(); n && !shortlist; n = walker.nextNode()) {
    if (!/shortlist/i.test(n.textContent ?? '')) continue
    const el = n.parentElement
    shortlist = {
      y: Math.round(el.getBoundingClientRect().top + window.scrollY),
      text: (el.textContent ?? '').trim().slice(0, 80)
    }
  }
  const pad = Number.parseFloat(getComputedStyle(box).paddingLeft)
  return { tables, images, shortlist, boxWidth: box.clientWidth - 2 * pad }
})()`

async function measure(page: Page, md: string): Promise<Omit<RenderResult, 'doc' | 'height'>> {
  const raw = (await page.evaluate(IN_PAGE)) as InPage
  const tableLines = tokenLines(md)
    .filter((t) => t.token.type === 'table')
    .map((t) => t.line)
  const mdLines = md.split('\n')
  const shortlistLine = mdLines.findIndex((l) => /shortlist/i.test(l)) + 1
  return {
    tables: raw.tables.map((t, i) => ({ ...t, line: tableLines[i] ?? 0, boxWidth: raw.boxWidth })),
    images: raw.images,
    shortlist: raw.shortlist && { ...raw.shortlist, line: shortlistLine }
  }
}

/** One screenshot of the part of the page that holds the images (the charts), when there are any. */
async function shootImages(page: Page, file: string): Promise<void> {
  const box = (await page.evaluate(`(() => {
    const r = [...document.images].map((i) => i.getBoundingClientRect())
    if (r.length === 0) return undefined
    const top = Math.min(...r.map((b) => b.top)) + window.scrollY
    const bottom = Math.max(...r.map((b) => b.bottom)) + window.scrollY
    return { x: 0, y: Math.max(0, top - 40), width: document.documentElement.clientWidth, height: bottom - top + 80 }
  })()`)) as { x: number; y: number; width: number; height: number } | undefined
  if (box) await page.screenshot({ path: file, clip: box, fullPage: true })
}

export async function renderDocs(dir: string, screens: string | undefined, docs = DOCS): Promise<RenderResult[]> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(executablePath))
    throw new Error(
      `Chromium not found at ${executablePath}: apt-get update && apt-get install -y chromium, or set CHROMIUM_PATH`
    )
  const require = createRequire(import.meta.url)
  const cssLight = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8')
  const cssDark = readFileSync(require.resolve('github-markdown-css/github-markdown-dark.css'), 'utf8')
  const profile = mkdtempSync(path.join(tmpdir(), 'radar-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true
  })
  const root = path.resolve(dir)
  try {
    // no network: the page and its images come from the demo's folder, anything else is refused
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url())
      const file = localFile(url, root)
      if (url.host === 'render.local' && url.pathname.endsWith('.html')) return route.continue()
      if (!file) return route.abort()
      return route.fulfill({ path: file, contentType: file.endsWith('.svg') ? 'image/svg+xml' : undefined })
    })
    const results: RenderResult[] = []
    for (const doc of docs) {
      const md = readFileSync(path.join(dir, doc.file), 'utf8')
      const page = await context.newPage()
      await page.setViewportSize({ width: doc.width + 2 * doc.padding, height: 900 })
      await page.route('http://render.local/page.html', (route) =>
        route.fulfill({ contentType: 'text/html', body: pageHtml(md, doc, cssLight) })
      )
      await page.goto('http://render.local/page.html', { waitUntil: 'load' })
      const measured = await measure(page, md)
      const height = (await page.evaluate('document.documentElement.scrollHeight')) as number
      if (screens) {
        await page.screenshot({ path: path.join(screens, `${doc.name}.png`), fullPage: true })
        await page.screenshot({ path: path.join(screens, `${doc.name}-first-screen.png`) })
        await shootImages(page, path.join(screens, `${doc.name}-charts.png`))
        // GitHub's dark theme: the charts must stay readable on it
        await page.route('http://render.local/dark.html', (route) =>
          route.fulfill({ contentType: 'text/html', body: pageHtml(md, doc, cssDark) })
        )
        await page.goto('http://render.local/dark.html', { waitUntil: 'load' })
        await page.screenshot({ path: path.join(screens, `${doc.name}-dark.png`), fullPage: true })
        await shootImages(page, path.join(screens, `${doc.name}-charts-dark.png`))
      }
      await page.close()
      results.push({ doc, ...measured, height })
    }
    return results
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
}

function report(results: RenderResult[]): number {
  let problems = 0
  for (const r of results) {
    console.log(
      `\n${r.doc.file} (${r.doc.width} px box): ${r.height} px tall, ${r.tables.length} tables, ` +
        `${r.images.length} images`
    )
    for (const t of r.tables) {
      const scrolls = t.scrollWidth > t.boxWidth + 1
      if (scrolls) problems++
      console.log(
        `  ${scrolls ? 'SCROLLS' : 'fits   '} table at line ${t.line}: ${t.scrollWidth} px of ${t.boxWidth} px  | ` +
          `${t.header}`
      )
    }
    for (const i of r.images) {
      if (!i.loaded) problems++
      console.log(`  ${i.loaded ? 'loaded ' : 'BROKEN '} image ${i.width} px  ${i.src}`)
    }
    console.log(
      r.shortlist
        ? `  shortlist first appears at y = ${r.shortlist.y} px (line ${r.shortlist.line}): ${r.shortlist.text}`
        : '  the shortlist does not appear'
    )
  }
  const tables = results.flatMap((r) => r.tables)
  const scrolling = tables.filter((t) => t.scrollWidth > t.boxWidth + 1).length
  console.log(
    `\n${tables.length} tables, ${scrolling} scroll sideways; ` +
      `${results.flatMap((r) => r.images).filter((i) => !i.loaded).length} broken images`
  )
  return problems
}

/** The demo's further reports (e.g. the one with categories), in the file view too; copies of report.md skipped. */
function otherReports(dir: string): Doc[] {
  const known = new Set(DOCS.map((d) => d.file))
  const report = readFileSync(path.join(dir, 'report.md'), 'utf8')
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && !known.has(f) && readFileSync(path.join(dir, f), 'utf8') !== report)
    .sort()
    .map((f) => ({ name: f.slice(0, -3), file: f, width: 1012, padding: 32 }))
}

async function main(): Promise<number> {
  const dir = '.demo'
  for (const d of DOCS) {
    if (!existsSync(path.join(dir, d.file))) {
      console.error(`${path.join(dir, d.file)}: not found (run \`npm run demo\` first)`)
      return 1
    }
  }
  // What is rendered is what the demo last wrote: say so when the bundle changed since.
  const demoAt = statSync(path.join(dir, 'report.md')).mtimeMs
  if (existsSync('dist/index.js') && statSync('dist/index.js').mtimeMs > demoAt)
    console.warn(`warning: ${dir}/ is older than dist/index.js; run \`npm run demo\` first to see the current report`)
  const screens = path.join(dir, 'screens')
  mkdirSync(screens, { recursive: true })
  const docs = [...DOCS, ...otherReports(dir)]
  const problems = report(await renderDocs(dir, screens, docs))
  console.log(
    `screenshots: ${screens}/{${docs.map((d) => d.name).join(',')}}{,-first-screen,-charts,-dark,-charts-dark}.png`
  )
  return problems > 0 ? 1 : 0
}

runWhenMain(import.meta.url, main)
