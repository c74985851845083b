import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { parseConfig } from '../src/config/load.js'
import type { Config } from '../src/config/schema.js'
import { addDays, emptyHistory, snapshotOf, withSnapshot, type History } from '../src/history/index.js'
import { METRICS, type FrameworkData, type Ranked } from '../src/model.js'
import { scoreBreakdown, weightsInForce } from '../src/rank/breakdown.js'
import { rankFrameworks } from '../src/rank/index.js'
import {
  chartLinks,
  END_MARKER,
  escapeText,
  evaluateFunnel,
  formatNumber,
  mermaidLabel,
  MAIN_ROWS,
  PR_BODY_LIMIT,
  renderCharts,
  renderPrBody,
  renderReport,
  renderSummary,
  shortlistChange,
  spliceReport,
  START_MARKER,
  type ReportInput
} from '../src/report/index.js'

// ---- fixtures ----------------------------------------------------------------------------------

function configFor(names: string[], extra = ''): Config {
  const list = names.map((n, i) => `  - { name: ${JSON.stringify(n)}, github: owner${i}/repo${i} }`).join('\n')
  return parseConfig(
    `title: Test frameworks\ncriteria: [license, language, latest_release, last_push, ` +
      `archived]\n${extra}frameworks:\n${list}\n`,
    'test.yml'
  )
}

function dataFor(
  config: Config,
  round: number,
  info: (name: string, i: number) => FrameworkData['info'] = () => ({})
): FrameworkData[] {
  return config.frameworks.map((f, i) => ({
    name: f.name,
    github: f.github,
    metrics: {
      stars: 1000 * (i + 1) + round * (i % 7) * 37,
      forks: 100 * (i + 1),
      contributors: 10 + i,
      commits_window: (i * 13 + round) % 300,
      so_questions: 50 * i
    },
    lowerBounds: i % 5 === 0 ? ['contributors'] : [],
    stale: [],
    info: {
      license: 'MIT',
      language: 'Python',
      pushedAt: '2024-06-01T00:00:00Z',
      latestRelease: { tag: `v${round}.0`, publishedAt: '2024-05-01T00:00:00Z' },
      ...info(f.name, i)
    }
  }))
}

/** A run on each of `runs` weekly dates; returns the last run's report input. */
function scenario(
  config: Config,
  runs: number,
  info?: (name: string, i: number) => FrameworkData['info']
): ReportInput {
  let history: History = emptyHistory()
  let ranked: Ranked[] = []
  let date = '2024-01-01'
  for (let round = 0; round < runs; round++) {
    date = addDays('2024-01-01', round * 7)
    ranked = rankFrameworks(dataFor(config, round, info), config)
    history = withSnapshot(history, snapshotOf(ranked, date))
  }
  return { config, ranked, history, date, failures: [] }
}

/** Lines of every markdown table, grouped per table. */
function tables(md: string): string[][] {
  const out: string[][] = []
  let current: string[] = []
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) current.push(line)
    else if (current.length) {
      out.push(current)
      current = []
    }
  }
  if (current.length) out.push(current)
  return out
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function pipes(line: string): number {
  return (line.match(/\|/g) ?? []).length
}

function assertSafeMarkdown(md: string): void {
  for (const t of tables(md)) {
    const n = pipes(t[0])
    for (const row of t) assert.equal(pipes(row), n, `row has a different column count:\n${t[0]}\n${row}`)
  }
  // the renderer's own tags are the only HTML besides the markers
  const withoutMarkers = md
    .split(START_MARKER)
    .join('')
    .split(END_MARKER)
    .join('')
    .replace(/^<details><summary>[^<\n]*<\/summary>$/gm, '')
    .replace(/^<\/details>$/gm, '')
  assert.ok(!withoutMarkers.includes('<'), 'a raw < survived')
  assert.ok(!/javascript:/i.test(withoutMarkers), 'a javascript: scheme survived')
  const expectedTargets = [
    /https:\/\/github\.com\/owner\d+\/repo\d+\)/,
    /https:\/\/github\.com\/o\/r\/actions\/runs\/1\)/,
    /#[a-z-]+\)/
  ]
  const unexpectedLink = new RegExp(`\\]\\((?!${expectedTargets.map((r) => r.source).join('|')})`)
  assert.ok(!unexpectedLink.test(withoutMarkers), 'a link to an unexpected place')
  for (const block of md.split('```mermaid').slice(1)) {
    const chart = block.slice(0, block.indexOf('```'))
    for (const line of chart.split('\n').filter((l) => l.trim())) {
      // every line is a directive, a keyword line, or a quoted label / number list
      assert.match(line, /^(%%\{init: .*\}%%|xychart-beta| {2}(title|x-axis|y-axis|line) .*)$/)
      const quoted = line.match(/"[^"]*"/g) ?? []
      for (const q of quoted)
        assert.ok(!/[\n`<>;%#:]/.test(q.slice(1, -1)) || line.startsWith('%%'), `unsafe label ${q}`)
    }
  }
}

// ---- tests -------------------------------------------------------------------------------------

test('the report opens at a glance, then the ranking table (first table), best first, rank in column one', () => {
  const input = scenario(configFor(['Alpha', 'Beta', 'Gamma']), 3)
  const report = renderReport({ ...input, charts: chartLinks(renderCharts({ ...input, reportPath: 'docs/test.md' })) })
  assert.ok(report.startsWith(`${START_MARKER}\n## Test frameworks\n`))
  assert.ok(report.endsWith(END_MARKER))
  const first = tables(report)[0]
  assert.match(first[0], /^\| # \| Framework \| Score \| Cov\. \| Move \| Δ prev \| Status \|$/)
  assert.deepEqual(
    first.slice(2).map((l) => l.split('|')[1].trim()),
    ['1', '2', '3']
  )
  assert.match(first[2], /\[Gamma\]\(https:\/\/github\.com\/owner2\/repo2\)/)
  assert.match(report, /Updated 2024-01-15 · window 30 days · 3 frameworks/)
  assert.ok(report.indexOf('### At a glance') < report.indexOf(first[0]), 'the answer comes before the table')
  const order = ['### Figures', '### Why this rank', '### Trends', '### Criteria', '### Selection funnel'].map((h) =>
    report.indexOf(h)
  )
  assert.ok(
    order.every((x, i) => x > report.indexOf(first[0]) && (i === 0 || x > order[i - 1])),
    'sections in order'
  )
  assert.match(report, /\| Stars \| Forks \| SO questions \|/, 'popularity figures with their own table')
  assert.match(report, /\| Commits \/30 d \|/, 'headers carry units')
  // issue 10: the mermaid charts became SVG files next to the report, embedded with relative links
  assert.match(
    report,
    /\n!\[Score \(0–100\), top 3 from 2024-01-01 to 2024-01-15; latest: [^\]\n]+\]\(test-charts\/score\.svg\)\n/
  )
  assert.match(report, /\n!\[GitHub stars, top 3 [^\]\n]+\]\(test-charts\/stars\.svg\)\n/)
  assert.ok(!report.includes('```mermaid'))
  assert.match(report, /\| 3,148 \| 300 \|/, 'thousands separated')
  assert.match(report, /\| ≥10 \|/, 'lower bound marked')
})

test('byte-identical output for the same input', () => {
  const a = scenario(configFor(['Alpha', 'Beta', 'Gamma', 'Delta']), 5)
  const b = scenario(configFor(['Alpha', 'Beta', 'Gamma', 'Delta']), 5)
  assert.equal(renderReport(a), renderReport(b))
  assert.equal(renderPrBody({ ...a, reportPath: 'F.md' }), renderPrBody({ ...b, reportPath: 'F.md' }))
  assert.equal(renderSummary(a), renderSummary(b))
})

test('movement, statuses, stale and failure marks', () => {
  const config = configFor(['Alpha', 'Beta', 'Gamma'])
  const input = scenario(config, 2)
  // Gamma disappears from the previous snapshot's view by renaming: it is new now
  const prev = input.history.snapshots[0]
  delete prev.frameworks.Gamma
  const ranked = input.ranked.map((r) =>
    r.name === 'Beta' ? { ...r, stale: ['stars' as const], info: { ...r.info, archived: true } } : r
  )
  const report = renderReport({
    ...input,
    ranked,
    failures: [{ source: 'github', framework: 'Beta', message: 'HTTP 502 <b>bad</b>\nsecond line' }]
  })
  const row = (name: string) => report.split('\n').find((l) => l.includes(`[${name}]`))!
  assert.match(row('Gamma'), /\| new \|.*\| new \|$/)
  assert.match(report.split('\n').find((l) => /^\| \d \| Beta \|/.test(l))!, /\d†/, 'the figures mark stale values')
  assert.match(row('Beta'), /archived, stale \|$/)
  // config advice leaves the report (issue 10): the failure is in the PR body, one line per source
  assert.ok(!report.includes('HTTP 502'), 'no failure message in the report')
  assert.match(report, /Beta archived since 2024-01-01/)
})

test('first run: no movement, a note instead of trends', () => {
  const report = renderReport(scenario(configFor(['Alpha']), 1))
  assert.match(report, /This is the first snapshot/)
  assert.ok(!report.includes('```mermaid'))
  assert.match(
    report,
    /\| 1 \| \[Alpha\]\(https:\/\/github\.com\/owner0\/repo0\) \| [\d.]+ \| \d+(\.\d)?% \| – \| – \|/
  )
})

test('spliceReport keeps everything outside the markers byte for byte', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (before, inside, after, newInside) => {
      fc.pre(![before, inside, after].some((s) => s.includes(START_MARKER) || s.includes(END_MARKER)))
      const existing = before + START_MARKER + inside + END_MARKER + after
      const block = START_MARKER + newInside.replace(/[\r\n<]/g, '') + END_MARKER
      assert.equal(spliceReport(existing, block), before + block + after)
    })
  )
  const crlf =
    '# Title\r\n\r\nIntro\r\n<!-- framework-radar:start -->\r\nold\r\n<!-- framework-radar:end -->\r\nOutro\r\n'
  assert.equal(
    spliceReport(crlf, `${START_MARKER}\nnew\n${END_MARKER}`),
    '# Title\r\n\r\nIntro\r\n<!-- framework-radar:start -->\r\nnew\r\n<!-- framework-radar:end -->\r\nOutro\r\n'
  )
  // no markers, one marker, wrong order: (re)written with the markers
  for (const existing of [undefined, '# Mine\n', `${END_MARKER}\n${START_MARKER}`, `x ${START_MARKER} y`]) {
    assert.equal(spliceReport(existing, `${START_MARKER}\nb\n${END_MARKER}`), `${START_MARKER}\nb\n${END_MARKER}\n`)
  }
  // splicing twice gives the same file
  const once = spliceReport(`A\n${START_MARKER}${END_MARKER}\nB`, `${START_MARKER}x${END_MARKER}`)
  assert.equal(spliceReport(once, `${START_MARKER}x${END_MARKER}`), once)
})

/** A code point as a string; 0xD800–0xDFFF stay lone surrogates, as `unit: 'binary'` gives them. */
const anyCodePoint = (cp: number): string =>
  cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp)

const hostile = fc.oneof(
  fc.constantFrom(
    '|',
    'a|b',
    '\n',
    'x\r\ny',
    '```',
    '`code`',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '[click](javascript:alert(1))',
    '![img](http://evil/x.png)',
    '<!-- framework-radar:end -->',
    '"]\nline [1]\n%%{init: {}}%%',
    'end;graph TD;A-->B',
    '@octocat',
    '&amp; &lt;',
    '\u202eevil',
    '$\\frac{1}{2}$',
    '* _x_ ~~y~~ #1',
    'ünïcødé 名前 🚀'
  ),
  // any code point, lone surrogates included (what unit: 'binary' draws; built without its 0.8 s table)
  fc.string({ unit: fc.integer({ min: 0, max: 0x10ffff }).map(anyCodePoint), maxLength: 40 }),
  fc.string({ minLength: 150, maxLength: 400 })
)

test('hostile strings keep every table intact and no raw HTML survives', () => {
  fc.assert(
    fc.property(fc.array(hostile, { minLength: 8, maxLength: 8 }), (s) => {
      const config = configFor(['Alpha', 'Beta', 'Gamma', 'Delta'])
      // hostile values in every outside string: names, facts, info, release names, failures, notes
      const cfg: Config = {
        ...config,
        title: s[1].trim() || 'x',
        description: s[0],
        criteria: [...config.criteria, { key: 'notes', label: s[2].trim() || 'n' }],
        funnel: [{ stage: s[3].trim() || 's', require: { fact: 'notes', contains: 'a' }, why: s[4] }],
        frameworks: config.frameworks.map((f, i) => ({
          ...f,
          name: i === 0 ? s[5].trim() || 'x' : f.name,
          facts: { notes: [s[6], s[7]], [s[4]]: s[5] }
        }))
      }
      const input = scenario(cfg, 3, (_name, i) => ({
        license: s[i],
        language: s[7 - i],
        latestRelease: { tag: s[6], name: s[5], publishedAt: '2024-05-01T00:00:00Z' }
      }))
      const withProblems: ReportInput = {
        ...input,
        failures: [{ source: 'pypi', framework: s[5], message: s[6] }],
        notes: [s[7]]
      }
      assertSafeMarkdown(renderReport(withProblems))
      assertSafeMarkdown(renderPrBody({ ...withProblems, reportPath: s[2], runUrl: s[0] }))
      assertSafeMarkdown(
        renderPrBody({ ...withProblems, reportPath: 'x.md', runUrl: 'https://github.com/o/r/actions/runs/1' })
      )
      assertSafeMarkdown(renderSummary(withProblems))
    }),
    { numRuns: 60, includeErrorInReport: true }
  )
})

test('escapeText and mermaidLabel neutralise everything outside', () => {
  fc.assert(
    fc.property(fc.oneof(hostile, fc.string({ unit: 'grapheme', maxLength: 80 })), (s) => {
      const e = escapeText(s)
      assert.ok(!/[<>|`\n\r[\]]/.test(e), e)
      assert.ok(!/javascript:/i.test(e))
      assert.ok(!/@(?!&#8203;)/.test(e), 'mentions are broken')
      const m = mermaidLabel(s)
      assert.match(m, /^"[^"\n`<>;%#:[\]{}]*"$/)
    })
  )
  assert.equal(escapeText('low_level: yes'), 'low_level: yes')
  assert.equal(escapeText('_x_'), '&#95;x&#95;')
  assert.equal(escapeText('see javascript:alert(1)'), 'see javascript&#58;alert(1)')
  assert.equal(escapeText('x'.repeat(300)).length, 160)
  assert.equal(escapeText('🚀'.repeat(200)), `${'🚀'.repeat(159)}…`, 'never cuts inside a surrogate pair')
})

test('numbers: one rule for the whole report', () => {
  assert.equal(formatNumber(193271), '193,271')
  assert.equal(formatNumber(1234567.25), '1,234,567.3')
  assert.equal(formatNumber(999), '999')
  assert.equal(formatNumber(undefined), '–')
})

test('1,000 frameworks with a year of history stay under 400 KB; the PR body under 65,536 characters', (t) => {
  const names = Array.from({ length: 1000 }, (_, i) => `Framework number ${i} with a longish name`)
  const config = configFor(
    names,
    'funnel:\n  - { stage: Licensed, require: { fact: license, exists: true } }\n  - { stage: Busy, require: { ' +
      'metric: commits_window, min: 100 } }\n'
  )
  const input = scenario(config, 53)
  const failures = names.map((n) => ({
    source: 'stackoverflow' as const,
    framework: n,
    message: 'HTTP 503 Service Unavailable after 4 attempts'
  }))
  const report = renderReport({ ...input, failures })
  t.diagnostic(`report of 1,000 frameworks: ${Buffer.byteLength(report)} bytes`)
  assert.ok(Buffer.byteLength(report) < 400 * 1024, `report is ${Buffer.byteLength(report)} bytes`)
  // the main table shows the top 25, the rest sits in a collapsed table right after (issue 10)
  const [main, rest] = tables(report)
  assert.equal(main.length, 2 + MAIN_ROWS)
  assert.equal(rest.length, 2 + 1000 - MAIN_ROWS)
  assert.match(report, new RegExp(`<details><summary>Ranks 26–1,000</summary>\n\n${escapeRe(rest[0])}`))
  const body = renderPrBody({ ...input, failures, reportPath: 'FRAMEWORKS.md' })
  t.diagnostic(`PR body for 1,000 frameworks: ${body.length} characters`)
  assert.ok(body.length < PR_BODY_LIMIT, `PR body is ${body.length} characters`)
  for (const t of tables(body)) assert.ok(t.every((row) => pipes(row) === pipes(t[0])))
  assert.match(body, /…and 975 more in the report\./)
})

test('worst case: 1,000 frameworks with 100-character names, every column and stale marks, stay under 400 KB', (t) => {
  const names = Array.from({ length: 1000 }, (_, i) => `F${'x'.repeat(95)}${String(i).padStart(4, '0')}`)
  const config = configFor(names)
  const cfg: Config = {
    ...config,
    criteria: [{ key: 'languages', label: 'Languages' }, ...config.criteria],
    frameworks: config.frameworks.map((f) => ({ ...f, facts: { languages: ['Python', 'C++', 'JavaScript'] } }))
  }
  let history: History = emptyHistory()
  let ranked: Ranked[] = []
  let date = ''
  for (let round = 0; round < 53; round++) {
    date = addDays('2024-01-01', round * 7)
    const data: FrameworkData[] = cfg.frameworks.map((f, i) => ({
      name: f.name,
      github: f.github,
      metrics: {
        stars: 100_000 + i * 7 + round,
        forks: 20_000,
        contributors: 1500,
        commits_window: 900,
        so_questions: 50_000,
        pypi_downloads_month: 9_000_000,
        npm_downloads_month: 1_000_000,
        conda_downloads_total: 10_000_000,
        docker_pulls_total: 100_000_000,
        citations: 12_000
      },
      lowerBounds: ['contributors'],
      stale: ['stars'],
      info: {
        license: 'Apache-2.0',
        language: 'Python',
        pushedAt: '2024-01-01T00:00:00Z',
        latestRelease: { tag: 'v10.20.30-rc1', publishedAt: '2024-01-01T00:00:00Z' }
      }
    }))
    ranked = rankFrameworks(data, cfg)
    history = withSnapshot(history, snapshotOf(ranked, date))
  }
  const report = renderReport({ config: cfg, ranked, history, date, failures: [] })
  t.diagnostic(`worst-case report of 1,000 frameworks: ${Buffer.byteLength(report)} bytes`)
  assert.ok(Buffer.byteLength(report) < 400 * 1024, `report is ${Buffer.byteLength(report)} bytes`)
  const [main, rest] = tables(report)
  assert.equal(main.length + rest.length, 4 + 1000, 'the ranking keeps every framework (main + collapsed)')
  assert.ok(rest.every((row) => pipes(row) === pipes(rest[0])))
  assert.match(report, /…and [\d,]+ more \(the top [\d,]+ are shown to keep the report small\)\./)
})

test('the PR body drops detail instead of cutting a table', () => {
  const names = Array.from({ length: 60 }, (_, i) => `F${i}`)
  const input = scenario(configFor(names), 2)
  const huge = names.map((n) => ({ source: 'npm' as const, framework: n, message: 'x'.repeat(5000) }))
  const body = renderPrBody({ ...input, failures: huge, reportPath: 'R.md' })
  assert.ok(body.length < PR_BODY_LIMIT)
  const [ranking] = tables(body)
  assert.equal(ranking.length, 2 + 25)
  assert.match(body, /…and 35 more in the report/)
  // one line per failed source (issue 10), not one per framework
  assert.equal(body.match(/^- npm failed for 60 frameworks: x+…/gm)?.length, 1)
})

test('funnel reproduces the seed article: Python API passes Deeplearning4j, script definition passes Caffe', () => {
  const yaml = `
title: Deep learning frameworks
funnel:
  - { stage: Python API, require: { fact: languages, contains: Python }, why: the team works in Python }
  - { stage: Supported architectures, require: { all: [ { fact: cnn, equals: yes }, { fact: rnn, equals: yes } ] } }
  - { stage: Model definition by script, require: { fact: model_definition, equals: script } }
  - { stage: Multi-CPU training, require: { fact: multi_cpu, equals: true } }
  - { stage: Active, require: { inactive: false } }
frameworks:
  - { name: TensorFlow, github: tensorflow/tensorflow,
      facts: { languages: [Python, C++], cnn: yes, rnn: yes, model_definition: script, multi_cpu: yes } }
  - { name: MXNet, github: apache/mxnet,
      facts: { languages: [Python, Scala], cnn: yes, rnn: yes, model_definition: script, multi_cpu: yes } }
  - { name: CNTK, github: microsoft/CNTK,
      facts: { languages: [Python, C#], cnn: yes, rnn: yes, model_definition: script, multi_cpu: yes } }
  - { name: Caffe, github: BVLC/caffe,
      facts: { languages: [Python, C++], cnn: yes, rnn: yes, model_definition: config file, multi_cpu: no } }
  - { name: Torch, github: torch/torch7,
      facts: { languages: [Lua, Python], cnn: yes, rnn: yes, model_definition: script, multi_cpu: no } }
  - { name: Theano, github: Theano/Theano,
      facts: { languages: [Python], cnn: yes, rnn: yes, model_definition: script, multi_cpu: no } }
  - { name: neon, github: NervanaSystems/neon,
      facts: { languages: [Python], cnn: yes, rnn: yes, model_definition: script } }
  - { name: Deeplearning4j, github: deeplearning4j/deeplearning4j,
      facts: { languages: [Java, Scala], cnn: yes, rnn: yes, model_definition: script, multi_cpu: yes } }
`
  const config = parseConfig(yaml, 'seed.yml')
  const data: FrameworkData[] = config.frameworks.map((f, i) => ({
    name: f.name,
    github: f.github,
    metrics: { stars: 10_000 * (10 - i) },
    lowerBounds: [],
    stale: [],
    info:
      f.name === 'CNTK'
        ? { pushedAt: '2019-01-01T00:00:00Z' }
        : f.name === 'MXNet'
          ? {}
          : { pushedAt: '2024-05-30T00:00:00Z' }
  }))
  const ranked = rankFrameworks(data, config)
  const result = evaluateFunnel(config, ranked, new Date('2024-06-01T00:00:00Z'))
  const [python, archs, script, cpu, active] = result.stages
  assert.deepEqual(python.pass, [
    { name: 'Deeplearning4j', reason: 'languages Java, Scala, required: contains Python' }
  ])
  assert.deepEqual(python.promote, ['TensorFlow', 'MXNet', 'CNTK', 'Caffe', 'Torch', 'Theano', 'neon'])
  assert.deepEqual(archs.pass, [])
  assert.deepEqual(
    script.pass.map((p) => p.name),
    ['Caffe']
  )
  assert.deepEqual(cpu.promote, ['TensorFlow', 'MXNet', 'CNTK'])
  assert.deepEqual(cpu.pass, [
    { name: 'Torch', reason: 'multi_cpu no, required: is yes' },
    { name: 'Theano', reason: 'multi_cpu no, required: is yes' },
    { name: 'neon', reason: 'unknown: multi_cpu is not set' }
  ])
  assert.deepEqual(active.pass, [
    { name: 'MXNet', reason: 'unknown: last push not available' },
    { name: 'CNTK', reason: 'inactive: no push for 1,978 days' }
  ])
  assert.deepEqual(result.shortlist, ['TensorFlow'])
  const report = renderReport({
    config,
    ranked,
    history: withSnapshot(emptyHistory(), snapshotOf(ranked, '2024-06-01')),
    date: '2024-06-01',
    failures: []
  })
  // the funnel is a grid (issue 10): one row per framework, ✓ or ✗ with the reason per stage
  assert.match(report, /1\. \*\*Python API\*\*: languages contains Python\. the team works in Python\n/)
  assert.match(report, /\n\| Framework \| 1 \| 2 \| 3 \| 4 \| 5 \|\n/)
  assert.match(report, /\n\| TensorFlow \| ✓ \| ✓ \| ✓ \| ✓ \| ✓ \|\n/)
  assert.match(
    report,
    /\n\| Deeplearning4j \| ✗ languages Java, Scala, required: contains Python \| · \| · \| · \| · \|\n/
  )
  assert.match(report, /\n\| CNTK \| ✓ \| ✓ \| ✓ \| ✓ \| ✗ inactive: no push for 1,978 days \|\n/)
  assert.match(report, /\*\*Shortlist\*\* \(1\): TensorFlow/)
})

test('funnel: any / not / metric / in, and no stages', () => {
  const config = configFor(
    ['A', 'B'],
    'funnel:\n  - { stage: S, require: { any: [ { metric: stars, min: 1500 }, { not: { fact: license, in: [MIT] } ' +
      '} ] } }\n'
  )
  const ranked = rankFrameworks(dataFor(config, 0), config)
  const r = evaluateFunnel(config, ranked, '2024-06-01')
  assert.deepEqual(r.shortlist, ['B'])
  assert.equal(r.stages[0].pass[0].reason, 'Stars 1,000 < 1,500; not wanted: license is one of MIT')
  assert.match(renderReport(scenario(configFor(['A']), 1)), /No selection funnel is configured\./)
})

/** The PR body of one config with no failures, its report at FRAMEWORKS.md. */
function prBody(config: Config, ranked: Ranked[], history: History, date: string): string {
  return renderPrBody({ config, ranked, history, date, failures: [], reportPath: 'FRAMEWORKS.md' })
}

test('the PR body says prominently when an automatic fact changed (a license change!)', () => {
  const config = configFor(['Alpha', 'Beta', 'Gamma'])
  let history: History = emptyHistory()
  const first = rankFrameworks(dataFor(config, 0), config)
  history = withSnapshot(history, snapshotOf(first, '2024-01-01'))
  const relicensed = dataFor(config, 1, (name) =>
    name === 'Beta' ? { license: 'BUSL-1.1' } : name === 'Gamma' ? { archived: true } : {}
  )
  const second = rankFrameworks(relicensed, config)
  history = withSnapshot(history, snapshotOf(second, '2024-01-08'))
  const body = prBody(config, second, history, '2024-01-08')
  const facts = body.indexOf('### ⚠️ Facts that changed')
  assert.ok(facts >= 0 && facts < body.indexOf('### Ranking'), 'the facts section comes before the ranking')
  assert.ok(body.includes('- **Beta: license changed from MIT to BUSL-1.1**'), body)
  assert.ok(body.includes('- Archived since: Gamma'), body)
  const unchanged = prBody(config, first, withSnapshot(emptyHistory(), snapshotOf(first, '2024-01-01')), '2024-01-01')
  assert.ok(!unchanged.includes('Facts that changed'), 'no section without changes')
})

test('the PR body names the biggest losers as well as the gainers', () => {
  const config = configFor(['Alpha', 'Beta', 'Gamma'])
  const first = rankFrameworks(dataFor(config, 0), config)
  const weaker = dataFor(config, 1).map((d) =>
    d.name === 'Beta' ? { ...d, metrics: { ...d.metrics, commits_window: 0, stars: 10 } } : d
  )
  const second = rankFrameworks(weaker, config)
  const history = withSnapshot(
    withSnapshot(emptyHistory(), snapshotOf(first, '2024-01-01')),
    snapshotOf(second, '2024-01-08')
  )
  const body = prBody(config, second, history, '2024-01-08')
  assert.match(body, /- Biggest losers \(score\): Beta −\d+(\.\d)?/)
})

// ---- issue 10: the answer first, why this rank, the reviewer's PR body ----------------------------

function twoRuns(config: Config, second: (d: FrameworkData) => FrameworkData) {
  const known = () => ({ archived: false })
  const first = rankFrameworks(dataFor(config, 0, known), config)
  const ranked = rankFrameworks(dataFor(config, 1, known).map(second), config)
  const history = withSnapshot(
    withSnapshot(emptyHistory(), snapshotOf(first, '2024-01-01')),
    snapshotOf(ranked, '2024-01-08')
  )
  return { config, ranked, history, date: '2024-01-08', failures: [] } satisfies ReportInput
}

test('the shortlist diff: who left (archived) and who joined, with the reason, at the top and in the verdict', () => {
  const config = configFor(
    ['Alpha', 'Beta', 'Gamma'],
    'funnel:\n  - { stage: Maintained, require: { archived: false } }\n  - { stage: Popular, require: { metric: ' +
      'stars, min: 1500 } }\n'
  )
  // Beta is archived this week; Alpha grows past the stars threshold
  const input = twoRuns(config, (d) =>
    d.name === 'Beta'
      ? { ...d, info: { ...d.info, archived: true } }
      : d.name === 'Alpha'
        ? { ...d, metrics: { ...d.metrics, stars: 2600 } }
        : d
  )
  const change = shortlistChange(config, input.ranked, input.date, input.history.snapshots[0])
  assert.deepEqual(change.previous, ['Gamma', 'Beta'])
  assert.deepEqual(change.left, [{ name: 'Beta', why: 'Maintained: archived' }])
  assert.deepEqual(change.joined, [{ name: 'Alpha', why: 'stopped at Popular: Stars 1,000 < 1,500 before' }])
  const report = renderReport(input)
  const glance = report.slice(report.indexOf('### At a glance'), report.indexOf('\n|'))
  assert.match(
    glance,
    /^- \*\*Shortlist\*\* \(2\): Gamma, Alpha — changed since 2024-01-01:\n {2}- Joined: Alpha \(stopped at Popular/m
  )
  assert.match(glance, /\n {2}- Left: Beta \(Maintained: archived\)\n/)
  assert.match(glance, /Beta archived since 2024-01-01/)
  const body = renderPrBody({ ...input, reportPath: 'F.md' })
  assert.match(
    body.split('\n')[0],
    /^\*\*Needs a look\*\* — Beta archived and left the shortlist; Alpha joined the shortlist\.$/
  )

  const calm = twoRuns(config, (d) => d)
  const calmBody = renderPrBody({ ...calm, reportPath: 'F.md' })
  assert.match(calmBody.split('\n')[0], /^\*\*Safe to merge\*\* — shortlist unchanged, \d+ moves?\.$/)
  assert.match(renderReport(calm), /^- \*\*Shortlist\*\* \(2\): Gamma, Beta — unchanged since 2024-01-01$/m)
})

test('why this rank: every breakdown adds up to the score; coverage is the share of configured weight present', () => {
  const config = configFor(Array.from({ length: 12 }, (_, i) => `F${i}`))
  const input = scenario(config, 2)
  const report = renderReport(input)
  for (const r of input.ranked) {
    const b = scoreBreakdown(r, config)
    assert.ok(Math.abs(b.total - r.score) <= 0.05 + 1e-9, `${r.name}: ${b.total} vs ${r.score}`)
    // the dataFor metrics: stars, forks, so_questions (popularity), contributors, commits_window (activity)
    const expected = weightsInForce(config).reduce((sum, g) => {
      const all = g.metrics.reduce((s, [, w]) => s + w, 0)
      const groups = weightsInForce(config).reduce((s, x) => s + x.weight, 0)
      const present = g.metrics.filter(([m]) => r.metrics[m] !== undefined).reduce((s, [, w]) => s + w, 0)
      return sum + (g.weight / groups) * (present / all)
    }, 0)
    assert.ok(Math.abs(b.coverage - expected) < 1e-9)
    // the rendered block: metric rows' points add up to the score within rounding
    const start = report.indexOf(`<details><summary>#${r.rank} ${r.name}: ${r.score.toFixed(1)}`)
    assert.ok(start >= 0, `a breakdown for ${r.name}`)
    const block = report.slice(start, report.indexOf('</details>', start))
    const rows = block
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| **') && !l.startsWith('| Metric') && !l.startsWith('| :-'))
    const points = rows.map((l) => l.split('|').at(-2)!.trim()).filter((p) => p !== '–')
    const sum = points.reduce((s, p) => s + Number(p), 0)
    assert.ok(Math.abs(sum - r.score) <= 0.05 * points.length + 0.05, `${r.name}: ${sum} vs ${r.score}\n${block}`)
    assert.match(block, new RegExp(`\\| \\*\\*Score\\*\\* \\| \\| \\| \\| \\*\\*${r.score.toFixed(1)}\\*\\* \\|`))
  }
  // every weight in force is listed
  for (const g of weightsInForce(config))
    for (const [m, w] of g.metrics) assert.ok(report.includes(`${METRICS[m].label} ${formatNumber(w)} (cap`), m)
})

test('config advice leaves the report: renames, missing repos, failed sources go to the PR body and summary', () => {
  const config = configFor(['Alpha', 'Beta', 'Gamma'])
  const base = scenario(config, 2, (name) => (name === 'Gamma' ? { missing: true } : {}))
  const input: ReportInput = {
    ...base,
    notes: ['Alpha: GitHub repository owner0/repo0 was renamed to new/alpha; update its github key in the config'],
    failures: [
      { source: 'pypi', framework: 'Alpha', message: 'HTTP 503' },
      { source: 'pypi', framework: 'Beta', message: 'HTTP 503' },
      { source: 'npm', message: 'ECONNRESET' }
    ]
  }
  const report = renderReport(input)
  assert.ok(
    !/renamed|update its github key|HTTP 503|ECONNRESET|fix its github key/.test(report),
    'no advice in the report'
  )
  assert.match(report, /Gamma not found on GitHub/, 'a neutral status mark stays')
  const body = renderPrBody({
    ...input,
    reportPath: 'docs/f.md',
    reportUrl: 'https://github.com/o/r/blob/framework-radar/report/docs/f.md'
  })
  const todo = body.slice(body.indexOf('### To do in the config'))
  assert.match(todo, /- Alpha: GitHub repository owner0\/repo0 was renamed to new\/alpha/)
  assert.match(todo, /- Gamma: repository owner2\/repo2 was not found/)
  assert.match(todo, /^- npm failed for all frameworks: ECONNRESET/m)
  assert.match(todo, /^- pypi failed for 2 frameworks: HTTP 503/m)
  assert.match(
    body,
    /Updates \[docs\/f\.md\]\(https:\/\/github\.com\/o\/r\/blob\/framework-radar\/report\/docs\/f\.md\)/
  )
  assert.match(body.split('\n')[0], /^\*\*Needs a look\*\* — .*1 repository not found; 2 sources failed/)
  const summary = renderSummary(input)
  assert.match(summary, /### To do in the config/)
  assert.match(summary, /^- pypi failed for 2 frameworks/m)
})

test('trend you can trust: signed rank move and score change since the last snapshot and ~30 days', () => {
  const config = configFor(['Alpha', 'Beta', 'Gamma'])
  const input = scenario(config, 6) // six weekly snapshots: one is 35 days back
  // Alpha overtakes everyone this week
  const boosted = dataFor(config, 5).map((d) =>
    d.name === 'Alpha' ? { ...d, metrics: { ...d.metrics, stars: 90_000, commits_window: 900 } } : d
  )
  const ranked = rankFrameworks(boosted, config)
  const history = withSnapshot(input.history, snapshotOf(ranked, input.date))
  const report = renderReport({ ...input, ranked, history })
  const [main] = tables(report)
  assert.match(main[0], /^\| # \| Framework \| Score \| Cov\. \| Move \| Δ prev \| Δ 30 d \| Status \|$/)
  const alpha = main.find((l) => l.includes('[Alpha]'))!
  const cells = alpha.split('|').map((c) => c.trim())
  const before = history.snapshots.at(-2)!.frameworks.Alpha
  const month = history.snapshots.find((s) => s.date === addDays(input.date, -35))!.frameworks.Alpha
  assert.equal(cells[1], '1')
  assert.equal(cells[5], `+${before.rank - 1}`, 'signed rank change')
  assert.equal(cells[6], `+${(ranked[0].score - before.score).toFixed(1)}`)
  assert.equal(
    cells[7],
    `+${(ranked[0].score - month.score).toFixed(1)} / +${month.rank - 1}`,
    'score / rank over ~30 days'
  )
  assert.match(report, new RegExp(`\\*\\*Δ 30 d\\*\\* since about 30 days ago \\(${addDays(input.date, -35)}\\)`))
})
