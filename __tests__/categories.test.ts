// Categories in one config: validation with file:line:column, ranks per category, the history's
// category, and the categorized report (contents, one section per category, size at 1,000 frameworks).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { ConfigError, parseConfig } from '../src/config/load.js'
import type { Config } from '../src/config/schema.js'
import { addDays, emptyHistory, snapshotOf, withSnapshot, type History } from '../src/history/index.js'
import type { FrameworkData } from '../src/model.js'
import { rankConfig, rankFrameworks } from '../src/rank/index.js'
import { renderConfigReport, renderRunPrBody, renderRunSummary } from '../src/report/document.js'
import { END_MARKER, renderPrBody, renderReport, START_MARKER } from '../src/report/index.js'

const CATEGORIES = `title: Stack
categories:
  - id: training
    title: Training frameworks
    funnel:
      - stage: Python
        require: { fact: languages, contains: Python }
    frameworks:
      - { name: TensorFlow, github: tensorflow/tensorflow, facts: { languages: [Python, C++] } }
      - { name: PyTorch, github: pytorch/pytorch, facts: { languages: [Python] } }
      - { name: Torch7, github: torch/torch7, facts: { languages: [Lua] } }
  - title: High-level APIs
    frameworks:
      - { name: Keras, github: keras-team/keras }
      - { name: fastai, github: fastai/fastai }
`

function errorOf(yaml: string): string {
  try {
    parseConfig(yaml, 'cfg.yml')
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error))
    return error.message
  }
  assert.fail('expected a ConfigError')
}

test('a config with categories lists every framework once, in order, with the category defaults', () => {
  const config = parseConfig(CATEGORIES, 'cfg.yml')
  assert.deepEqual(
    config.categories.map((c) => [c.id, c.title, c.frameworks.length, c.funnel.length]),
    [
      ['training', 'Training frameworks', 3, 1],
      ['high-level-apis', 'High-level APIs', 2, 0]
    ]
  )
  assert.deepEqual(
    config.frameworks.map((f) => f.name),
    ['TensorFlow', 'PyTorch', 'Torch7', 'Keras', 'fastai']
  )
  assert.deepEqual(config.categories[1].criteria, config.criteria)
  assert.deepEqual(parseConfig('frameworks:\n  - { name: A, github: a/b }\n', 'f.yml').categories, [])
})

test('category mistakes name the file, line, column and key', () => {
  const cases: Array<[string, string]> = [
    [
      CATEGORIES.replace('name: fastai', 'name: pytorch'),
      'cfg.yml:15:17: categories[1].frameworks[1].name: duplicate name "pytorch" (first used by ' +
        'categories[0].frameworks[1])'
    ],
    [
      CATEGORIES.replace('github: fastai/fastai', 'github: fastai'),
      'cfg.yml:15:33: categories[1].frameworks[1].github: must be "owner/name"'
    ],
    [
      CATEGORIES.replace('  - title: High', '  - titel: x\n    title: High'),
      'categories[1].titel: unknown key "titel" (did you mean "title"?)'
    ],
    [
      CATEGORIES.replace('title: High-level APIs', 'title: Training frameworks\n    id: training'),
      'categories[1].id: duplicate category id "training" (first used by categories[0])'
    ],
    [
      `${CATEGORIES}frameworks:\n  - { name: X, github: x/y }\n`,
      'categories: use either `frameworks:` or `categories:`, not both'
    ],
    [`funnel:\n  - { stage: s, require: { archived: false } }\n${CATEGORIES}`, 'cfg.yml:2:3: funnel: with categories'],
    [CATEGORIES.replace('id: training', 'id: Training Set'), 'cfg.yml:3:9: categories[0].id: must be lowercase'],
    ['title: x\ncategories: []\n', 'cfg.yml:2:13: categories: needs at least 1 item(s)'],
    ['title: x\ncategories:\n  - title: Empty\n', 'cfg.yml:3:5: categories[0].frameworks: is required']
  ]
  for (const [yaml, expected] of cases) {
    const message = errorOf(yaml)
    assert.ok(message.includes(expected), `expected ${JSON.stringify(expected)} in:\n${message}`)
  }
  // Unknown keys and duplicates are both reported when they come together.
  const both = errorOf(
    CATEGORIES.replace('name: fastai', 'name: Keras').replace('id: training', 'id: training\n    colour: red')
  )
  assert.match(both, /categories\[0\]\.colour: unknown key/)
  assert.match(both, /categories\[1\]\.frameworks\[1\]\.name: duplicate name "Keras"/)
})

test('the example with categories has three categories: training, high-level APIs, serving', () => {
  const config = parseConfig(
    readFileSync('examples/deep-learning-stack.yml', 'utf8'),
    'examples/deep-learning-stack.yml'
  )
  assert.deepEqual(
    config.categories.map((c) => c.title),
    ['Training frameworks', 'High-level APIs', 'Serving']
  )
  assert.ok(config.categories.every((c) => c.frameworks.length >= 4))
  assert.ok(config.categories[0].funnel.length > 0 && config.categories[2].funnel.length > 0)
  assert.equal(config.categories[1].funnel.length, 0)
})

// ---- ranking, history, report ------------------------------------------------------------------

function dataFor(config: Config, round: number): FrameworkData[] {
  return config.frameworks.map((f, i) => ({
    name: f.name,
    github: f.github,
    metrics: {
      stars: 1000 * ((i * 7) % 13) + 50 * round * (i % 3),
      forks: 100 * (i + 1),
      commits_window: (i * 13) % 300
    },
    lowerBounds: [],
    stale: [],
    info: { license: 'MIT', pushedAt: '2026-01-01T00:00:00Z' }
  }))
}

function historyOf(config: Config, dates: string[]): { history: History; ranked: ReturnType<typeof rankConfig> } {
  let history = emptyHistory()
  let ranked = rankConfig(dataFor(config, 0), config)
  dates.forEach((date, round) => {
    ranked = rankConfig(dataFor(config, round), config)
    history = withSnapshot(history, snapshotOf(ranked, date))
  })
  return { history, ranked }
}

test('ranks are per category, scores as in one list, and the history records each category', () => {
  const config = parseConfig(CATEGORIES, 'cfg.yml')
  const data = dataFor(config, 0)
  const ranked = rankConfig(data, config)
  assert.deepEqual(
    ranked.map((r) => [r.category, r.rank]),
    [
      ['training', 1],
      ['training', 2],
      ['training', 3],
      ['high-level-apis', 1],
      ['high-level-apis', 2]
    ]
  )
  const flat = new Map(rankFrameworks(data, config).map((r) => [r.name, r.score]))
  for (const r of ranked) assert.equal(r.score, flat.get(r.name))
  const snapshot = snapshotOf(ranked, '2026-11-23')
  assert.equal(Object.keys(snapshot.frameworks).length, 5)
  assert.equal(snapshot.frameworks.Keras.category, 'high-level-apis')
  assert.equal(snapshot.frameworks.Keras.rank, ranked.find((r) => r.name === 'Keras')?.rank)
})

test('a flat config renders exactly as before: report, PR body and summary', () => {
  const config = parseConfig(
    'title: Flat\nframeworks:\n  - { name: A, github: a/a }\n  - { name: B, github: b/b }\n',
    'f.yml'
  )
  const { history, ranked } = historyOf(config, ['2026-11-09', '2026-11-16'])
  const input = { config, ranked, history, date: '2026-11-16', failures: [] }
  assert.equal(renderConfigReport(input), renderReport(input))
  assert.equal(
    renderRunPrBody([{ ...input, configPath: 'f.yml' }], 'https://github.com/o/r/actions/runs/1'),
    renderPrBody({ ...input, reportPath: config.report, runUrl: 'https://github.com/o/r/actions/runs/1' })
  )
})

test('the categorized report: at a glance, contents with counts and anchors, then one section per category', () => {
  const config = parseConfig(CATEGORIES, 'cfg.yml')
  const { history, ranked } = historyOf(config, ['2026-11-09', '2026-11-16'])
  const input = { config, ranked, history, date: '2026-11-16', failures: [] }
  const report = renderConfigReport(input)
  assert.ok(report.startsWith(`${START_MARKER}\n## Stack\n`))
  assert.ok(report.endsWith(END_MARKER))
  assert.equal(renderConfigReport(input), report, 'deterministic')
  const glance = report.indexOf('### At a glance')
  const contents = report.indexOf('### Contents')
  const training = report.indexOf('\n### Training frameworks\n')
  const apis = report.indexOf('\n### High-level APIs\n')
  assert.ok(glance > 0 && glance < contents && contents < training && training < apis, 'order')
  assert.match(report, /- \[Training frameworks\]\(#training-frameworks\) \(3 frameworks\)/)
  assert.match(report, /- \[High-level APIs\]\(#high-level-apis\) \(2 frameworks\)/)
  assert.match(report, /- \*\*Training frameworks\*\* \(3 frameworks\): .*shortlist: /)
  // No table before the first category's ranking table, and each section ranks its own frameworks.
  const firstTable = report.indexOf('\n| ')
  assert.ok(firstTable > training, 'the first table is the first category ranking')
  const section = (from: number, to: number) => report.slice(from, to)
  const trainingSection = section(training, apis)
  const apiSection = section(apis, report.length)
  for (const name of ['TensorFlow', 'PyTorch', 'Torch7']) assert.ok(trainingSection.includes(`[${name}]`), name)
  assert.ok(!trainingSection.includes('[Keras]'))
  assert.match(apiSection, /\| 1 \| \[(Keras|fastai)\]/)
  assert.match(apiSection, /\| 2 \| \[(Keras|fastai)\]/)
  assert.ok(!apiSection.includes('No longer in the config'), 'other categories are not "dropped"')
  // Only the category with a funnel has a shortlist.
  assert.match(trainingSection, /\*\*Shortlist\*\* \(2\)/)
  assert.match(apiSection, /No selection funnel is configured/)
  // Sections sit one level below the category heading.
  assert.match(trainingSection, /\n#### Trends\n/)
  assert.doesNotMatch(report, /\n### Trends\n/)
})

test('a repeated category title gets the anchor GitHub gives it', () => {
  const yaml = `title: T
categories:
  - { id: a, title: Trends, frameworks: [ { name: A, github: a/a } ] }
  - { id: b, title: Trends, frameworks: [ { name: B, github: b/b } ] }
`
  const config = parseConfig(yaml, 'cfg.yml')
  const { history, ranked } = historyOf(config, ['2026-11-16'])
  const report = renderConfigReport({ config, ranked, history, date: '2026-11-16', failures: [] })
  // The first section has its own "#### Trends" heading, so the second category heading is "trends-2".
  assert.match(report, /- \[Trends\]\(#trends\) \(1 framework\)\n- \[Trends\]\(#trends-2\) \(1 framework\)/)
})

test('PR body and summary with categories: a section per category, failures once', () => {
  const config = parseConfig(CATEGORIES, 'cfg.yml')
  const { history, ranked } = historyOf(config, ['2026-11-09', '2026-11-16'])
  const failures = [
    { source: 'pypi' as const, message: 'HTTP 503' },
    { source: 'github' as const, framework: 'Keras', message: 'timeout' }
  ]
  const doc = { config, ranked, history, date: '2026-11-16', failures, configPath: 'cfg.yml' }
  const body = renderRunPrBody([doc])
  assert.match(
    body,
    new RegExp(
      /^\*\*Needs a look\*\* — 2 sources failed\.\n\n/.source +
        /Updates FRAMEWORKS\.md and its history for 2026-11-16: \d+ frameworks, window 30 days\./.source
    )
  )
  assert.ok(body.indexOf('### To do in the config') < body.indexOf('### Training frameworks'))
  assert.ok(body.indexOf('### Training frameworks') < body.indexOf('### High-level APIs'))
  assert.equal(body.match(/pypi failed for all frameworks/g)?.length, 1, 'failures are said once')
  assert.match(body, /### Training frameworks\n\n#### What moved\n\n- \*\*Shortlist\*\* \(2\)/)
  assert.doesNotMatch(body.slice(body.indexOf('### High-level APIs')), /Shortlist/, 'no funnel, no shortlist')
  const summary = renderRunSummary([doc])
  assert.match(summary, /^## Stack\n/)
  assert.match(summary, /\n### Training frameworks\n/)
})

test('several configs: one PR body with a section per config, compact when too long', () => {
  const a = parseConfig(CATEGORIES, 'a.yml')
  const b = parseConfig(
    'title: Web\nreport: web.md\nframeworks:\n  - { name: React, github: facebook/react }\n',
    'b.yml'
  )
  const docs = [a, b].map((config, i) => {
    const { history, ranked } = historyOf(config, ['2026-11-16'])
    return { config, ranked, history, date: '2026-11-16', failures: [], configPath: `c${i}.yml` }
  })
  const body = renderRunPrBody(docs)
  assert.match(
    body,
    new RegExp(
      /^\*\*Safe to merge\*\* — Stack: first snapshot, 0 moves; Web: first snapshot, 0 moves\.\n\n/.source +
        /Updates 2 reports for 2026-11-16:\n\n/.source +
        /- FRAMEWORKS\.md \(c0\.yml\): 5 frameworks\n- web\.md \(c1\.yml\): 1 framework\n/.source
    )
  )
  assert.ok(body.indexOf('## Stack') < body.indexOf('## Web'))
  assert.match(body, /\n### Training frameworks\n/)
  const project = (c: number, i: number) =>
    `      - { name: "Project ${c}-${i} ${'x'.repeat(60)}", github: o${c}/r${i} }`
  const category = (c: number) =>
    `  - title: Category ${c}\n    frameworks:\n${Array.from({ length: 40 }, (_, i) => project(c, i)).join('\n')}`
  const categories = Array.from({ length: 30 }, (_, c) => category(c)).join('\n')
  const big = parseConfig(`title: Big\nreport: big.md\ncategories:\n${categories}\n`, 'big.yml')
  const { history, ranked } = historyOf(big, ['2026-11-09', '2026-11-16'])
  const bigDoc = { config: big, ranked, history, date: '2026-11-16', failures: [], configPath: 'big.yml' }
  // One big config still gets its full (shortened) body; two of them together fall back to a few lines each.
  const one = renderRunPrBody([...docs, bigDoc])
  assert.ok(one.length < 60_000, `${one.length} characters`)
  assert.match(one, /\n## Big\n/)
  const twins = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => ({
    ...bigDoc,
    config: { ...big, title: `Big twin ${k}`, report: `twin${k}.md` },
    configPath: `twin${k}.yml`
  }))
  const large = renderRunPrBody([...docs, bigDoc, ...twins])
  assert.ok(large.length < 60_000, `${large.length} characters`)
  assert.match(large, /### Big \(big\.md\)\n\n- \*\*Category 0\*\* \(40 frameworks\)/)
  assert.match(large, /### Big twin 8 \(twin8\.md\)/)
})

test('1,000 frameworks over 30 categories: every report stays under 400 KB', () => {
  const lines = ['title: Best of', 'report: big.md', 'categories:']
  for (let c = 0; c < 30; c++) {
    lines.push(
      `  - title: Category ${c}`,
      '    funnel:',
      '      - { stage: Active, require: { metric: commits_window, min: 10 } }',
      '    frameworks:'
    )
    for (let i = c; i < 1000; i += 30)
      lines.push(`      - { name: "Synthetic project ${i}", github: org-${i % 37}/project-${i} }`)
  }
  const config = parseConfig(`${lines.join('\n')}\n`, 'big.yml')
  assert.equal(config.frameworks.length, 1000)
  const dates = Array.from({ length: 30 }, (_, k) => addDays('2026-11-23', -7 * (29 - k)))
  const { history, ranked } = historyOf(config, dates)
  const report = renderConfigReport({ config, ranked, history, date: dates.at(-1)!, failures: [] })
  const bytes = Buffer.byteLength(report, 'utf8')
  assert.ok(bytes < 400 * 1024, `${bytes} bytes`)
  assert.equal(report.match(/^### Category \d+$/gm)?.length, 30)
})
