// The documents of a run over one or more configs: each config's report (a flat list, or a
// contents list and one section per category), one PR body over every config, one job summary.
// A category's section is the report's own renderer over the category's frameworks and history,
// one heading level down. Pure: the same input gives the same bytes.
import GithubSlugger from 'github-slugger'
import type { Category } from '../config/schema.js'
import { entryOf, previousSnapshot, type History } from '../history/index.js'
import {
  cell,
  DETAIL_LEVELS,
  type Detail,
  END_MARKER,
  escapeText,
  evaluateFunnel,
  formatNumber,
  REPORT_BYTE_BUDGET,
  renderPrBody,
  renderReport,
  renderSectionedPrBody,
  renderSectionedSummary,
  renderSections,
  renderSummary,
  START_MARKER,
  type ReportInput
} from './index.js'

/** One config's share of the run. */
export interface ConfigDocument extends ReportInput {
  /** the config file, as the `config` input named it */
  configPath: string
  /** the rendered report on the bot branch, for the PR body */
  reportUrl?: string
}

/** The PR body stays below GitHub's 65,536-character limit. */
const PR_BODY_TARGET = 60_000

interface CategoryView {
  category: Category
  /** the anchor of the category's heading */
  slug: string
  input: ReportInput
}

// ---- the report ------------------------------------------------------------------------------

/** The report block of one config: the flat report, or its categories one after the other. */
export function renderConfigReport(input: ReportInput): string {
  if (input.config.categories.length === 0) return renderReport(input)
  // One level of detail for every category, the most that keeps the whole block within budget.
  let block = ''
  for (const detail of CATEGORY_DETAIL_LEVELS) {
    block = categorizedReport(input, detail)
    if (Buffer.byteLength(block, 'utf8') < REPORT_BYTE_BUDGET) return block
  }
  // Still too big: the categories' charts go (their trend tables stay).
  return categorizedReport(input, CATEGORY_DETAIL_LEVELS.at(-1) as Detail, false)
}

/**
 * The report's levels of detail, then smaller ones: many categories share one file's budget, so
 * each shows fewer rows in its figures, criteria and funnel tables and fewer breakdowns. Every
 * ranking still lists all its frameworks.
 */
const CATEGORY_DETAIL_LEVELS: Detail[] = [
  ...DETAIL_LEVELS,
  { rows: 10, breakdowns: 5 },
  { rows: 5, breakdowns: 3 },
  { rows: 3, breakdowns: 1 }
]

function categorizedReport(input: ReportInput, detail: Detail, charts = true): string {
  const views = categoryViews(input)
  const slugger = new GithubSlugger()
  const head = [`## ${escapeText(input.config.title)}`, '### At a glance', '### Contents']
  for (const h of head) slugger.slug(headingText(h))
  const sections = views.map((v) => {
    v.slug = slugger.slug(v.category.title)
    const rendered = renderSections(charts ? v.input : { ...v.input, charts: undefined }, detail)
    return categorySection(v, rendered, slugger)
  })
  const parts = [START_MARKER, head[0], '']
  if (input.config.description) parts.push(escapeText(input.config.description, 1000), '')
  parts.push(headline(input, views.length), '', head[1], '', ...views.map(glanceLine), '', head[2], '')
  parts.push(...views.map((v) => `- [${escapeText(v.category.title)}](#${v.slug}) (${count(v)})`), '')
  for (const section of sections) parts.push(section, '')
  parts.push(END_MARKER)
  return parts.join('\n')
}

/**
 * A category's section: its heading, description and at-a-glance lines, then the report's own
 * sections for its frameworks one heading level down. Links between those sections point at this
 * category's headings (GitHub numbers repeated headings: "ranking-1", "why-this-rank-2", …).
 */
function categorySection(
  v: CategoryView,
  rendered: { glance: string[]; sections: string },
  slugger: GithubSlugger
): string {
  const body = demoteHeadings(rendered.sections, 1)
  const own = new GithubSlugger()
  const anchors = new Map<string, string>()
  forEachHeading(body, (text) => anchors.set(`#${own.slug(text)}`, `#${slugger.slug(text)}`))
  const linked = body.replace(/\]\((#[^)\s]+)\)/g, (m, anchor: string) =>
    anchors.has(anchor) ? `](${anchors.get(anchor)})` : m
  )
  const out = [`### ${escapeText(v.category.title)}`, '']
  if (v.category.description) out.push(escapeText(v.category.description, 1000), '')
  out.push(...rendered.glance, '', linked)
  return out.join('\n')
}

/** Each category's report input: its frameworks, its ranking, its funnel, and its part of the history. */
export function categoryViews(input: ReportInput): CategoryView[] {
  const inConfig = new Set(input.config.frameworks.map((f) => f.name))
  return input.config.categories.map((category) => {
    const names = new Set(category.frameworks.map((f) => f.name))
    const config = {
      ...input.config,
      title: category.title,
      description: category.description,
      criteria: category.criteria,
      funnel: category.funnel,
      frameworks: category.frameworks,
      categories: []
    }
    return {
      category,
      slug: '',
      input: {
        ...input,
        config,
        ranked: input.ranked.filter((r) => r.category === category.id),
        history: categoryHistory(input.history, category.id, names, inConfig),
        failures: input.failures.filter((f) => f.framework !== undefined && names.has(f.framework)),
        notes: [],
        charts: input.charts?.filter((c) => c.category === category.id)
      }
    }
  })
}

/**
 * A category's history: its frameworks, plus those recorded under it that left the config (so they
 * show as "no longer in the config" there). A framework that moved here brings its history along.
 */
function categoryHistory(history: History, id: string, names: Set<string>, inConfig: Set<string>): History {
  return {
    ...history,
    snapshots: history.snapshots.map((s) => ({
      ...s,
      frameworks: Object.fromEntries(
        Object.entries(s.frameworks).filter(
          ([name, e]) => names.has(name) || (!inConfig.has(name) && e.category === id)
        )
      )
    }))
  }
}

function headline(input: ReportInput, categories: number): string {
  const n = input.ranked.length
  return (
    `Updated ${input.date} · window ${formatNumber(input.config.window_days)} days · ` +
    `${formatNumber(n)} framework${n === 1 ? '' : 's'} in ${formatNumber(categories)} ` +
    `categor${categories === 1 ? 'y' : 'ies'}`
  )
}

function count(v: CategoryView): string {
  return frameworks(v.input.ranked.length)
}

function frameworks(n: number): string {
  return `${formatNumber(n)} framework${n === 1 ? '' : 's'}`
}

/** One line per category: its top three, its shortlist when it has a funnel, and what moved. */
function glanceLine(v: CategoryView): string {
  const { ranked, config, date, history } = v.input
  const top = ranked.slice(0, 3).map((r) => `${cell(r.name)} ${r.score.toFixed(1)}`)
  const parts = [`**${escapeText(v.category.title)}** (${count(v)}): ${top.join(', ') || 'none'}`]
  if (config.funnel.length) {
    const shortlist = evaluateFunnel(config, ranked, date).shortlist
    parts.push(
      `shortlist: ${
        shortlist.length
          ? shortlist
              .slice(0, 5)
              .map((n) => cell(n))
              .join(', ')
          : 'none'
      }`
    )
  }
  const prev = previousSnapshot(history, date)
  if (prev) {
    const moved = ranked.filter((r) => {
      const e = entryOf(prev, r.name)
      return e !== undefined && e.rank !== r.rank
    }).length
    const added = ranked.filter((r) => entryOf(prev, r.name) === undefined).length
    const changes = [
      ...(moved ? [`${formatNumber(moved)} moved`] : []),
      ...(added ? [`${formatNumber(added)} new`] : [])
    ]
    parts.push(changes.join(', ') || `no change since ${prev.date}`)
  }
  return `- ${parts.join(' · ')}`
}

// ---- headings --------------------------------------------------------------------------------

/** Adds `levels` to every heading outside code fences (a section rendered for a deeper place). */
export function demoteHeadings(markdown: string, levels: number): string {
  let fenced = false
  return markdown
    .split('\n')
    .map((line) => {
      if (line.startsWith('```')) fenced = !fenced
      if (fenced || !/^#{1,6} /.test(line)) return line
      return `${'#'.repeat(levels)}${line}`
    })
    .join('\n')
}

/** Calls `fn` with the text of every heading outside code fences, in order. */
function forEachHeading(markdown: string, fn: (text: string) => void): void {
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced
    const m = fenced ? null : /^#{1,6} (.*)$/.exec(line)
    if (m) fn(headingText(line))
  }
}

/** The text GitHub shows for a heading line (entities decoded), which its anchor is made from. */
function headingText(line: string): string {
  return unescapeEntities(line.replace(/^#{1,6} /, ''))
}

function unescapeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

// ---- the PR body and the summary -------------------------------------------------------------

/**
 * One PR body for the whole run. One config: that config's body (a flat config's is the report's own
 * PR body, unchanged). Several: a line per config, then each config's body one heading level down;
 * when that is too long for GitHub, each config in a few lines.
 */
export function renderRunPrBody(docs: ConfigDocument[], runUrl?: string): string {
  if (docs.length === 1) return configPrBody(docs[0], runUrl)
  const bodies = docs.map((d) => configPrBody(d, runUrl))
  const intro = [
    runVerdict(docs, bodies),
    '',
    `Updates ${formatNumber(docs.length)} reports for ${docs[0].date}:`,
    '',
    ...docs.map(
      (d) => `- ${escapeText(d.config.report, 300)} (${escapeText(d.configPath, 300)}): ${frameworks(d.ranked.length)}`
    )
  ].join('\n')
  // Each config's body under its own "##" heading: its sections are "###" already.
  const full = docs.map((d, i) => `## ${escapeText(d.config.title)}\n\n${bodies[i].trimEnd()}`)
  const body = `${[intro, ...full].join('\n\n')}\n`
  if (body.length < PR_BODY_TARGET) return body
  // Too long for GitHub: a few lines per config, fewer categories each, and at last the list alone.
  for (const categories of [10, 3]) {
    const compact = `${[intro, ...docs.map((d) => compactBody(d, categories).trimEnd())].join('\n\n')}\n`
    if (compact.length < PR_BODY_TARGET) return compact
  }
  return `${intro}\n\nEach report's changes are in its own file; see the workflow run for details.\n`
}

const SAFE = '**Safe to merge** — '
const LOOK = '**Needs a look** — '

/**
 * The run's verdict from each config's (the first line of its body): safe when every config is,
 * else what needs a look, config by config.
 */
function runVerdict(docs: ConfigDocument[], bodies: string[]): string {
  const verdicts = bodies.map((b) => b.slice(0, b.indexOf('\n')).replace(/\.$/, ''))
  const look = verdicts.flatMap((v, i) =>
    v.startsWith(LOOK) ? [`${escapeText(docs[i].config.title)}: ${v.slice(LOOK.length)}`] : []
  )
  if (look.length) return `${LOOK}${look.join('; ')}.`
  return `${SAFE}${verdicts.map((v, i) => `${escapeText(docs[i].config.title)}: ${v.slice(SAFE.length)}`).join('; ')}.`
}

function configPrBody(doc: ConfigDocument, runUrl?: string): string {
  const input = { ...doc, runUrl, reportPath: doc.config.report }
  if (doc.config.categories.length === 0) return renderPrBody(input)
  return renderSectionedPrBody(input, sectionsOf(doc))
}

function sectionsOf(doc: ReportInput): Array<{ title: string; input: ReportInput }> {
  return categoryViews(doc).map((v) => ({ title: v.category.title, input: v.input }))
}

/** A config in a few lines: where its report is, and its first categories' (or the list's) top three. */
function compactBody(doc: ConfigDocument, maxCategories: number): string {
  const lines = [`### ${escapeText(doc.config.title)} (${escapeText(doc.config.report, 300)})`, '']
  if (doc.config.categories.length === 0) {
    const top = doc.ranked.slice(0, 3).map((r) => `${cell(r.name)} ${r.score.toFixed(1)}`)
    lines.push(`- ${formatNumber(doc.ranked.length)} frameworks: ${top.join(', ') || 'none'}`)
  } else {
    const views = categoryViews(doc)
    lines.push(...views.slice(0, maxCategories).map(glanceLine))
    if (views.length > maxCategories)
      lines.push(`- …and ${formatNumber(views.length - maxCategories)} more categories in the report`)
  }
  if (doc.failures.length)
    lines.push(`- ${formatNumber(doc.failures.length)} failed source requests; see the workflow run.`)
  return `${lines.join('\n')}\n`
}

/** The job summary: each config's summary (a categorized one: per category), one after the other. */
export function renderRunSummary(docs: ConfigDocument[]): string {
  return docs
    .map((doc) => (doc.config.categories.length ? renderSectionedSummary(doc, sectionsOf(doc)) : renderSummary(doc)))
    .join('\n')
}
