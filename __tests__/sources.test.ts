// A source is its folder plus one line in src/sources/index.ts: every place that knows about sources
// (model, config schema, JSON Schema, report headers, README, endpoints, collectors) derives from the
// declarations. The first tests enumerate the real sources and check every derived place; the last
// adds a made-up source to a copy of the repository (a folder + one line) and shows it everywhere.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { stringify } from 'yaml'
import { parseConfig } from '../src/config/load.js'
import { DEFAULT_WEIGHTS, SCORE_GROUPS } from '../src/config/schema.js'
import { METRIC_KEYS, type MetricKey, type Metrics } from '../src/model.js'
import { METRIC_CAPS, WINDOW_SCALED } from '../src/rank/index.js'
import { declaredEndpoints, type MetricDeclaration, type SourceDeclaration } from '../src/sources/declare.js'
import { BACKFILL_REGISTRIES } from '../src/backfill/registries.js'
import { configKeyOf, SOURCES, sourceOfMetric } from '../src/sources/index.js'
import { probe } from './fixtures/source-probe.js'

type ProbeResult = Awaited<ReturnType<typeof probe>>
const root = fileURLToPath(new URL('../', import.meta.url))
const declarations: readonly SourceDeclaration[] = SOURCES
const metricsOf = (s: SourceDeclaration) => Object.entries(s.metrics) as Array<[MetricKey, MetricDeclaration]>

/** The header a metric's column must have: per-period units after the short label. */
function expectedHeader(m: MetricDeclaration, windowDays: number): string {
  const suffix: Record<string, string> = { window: ` /${windowDays} d`, '/month': ' /month', '/365 d': ' /365 d' }
  return m.column + (suffix[m.unit] ?? '')
}

/** The figures tables of a report: title → header cells. */
function figureHeaders(report: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const chunk of report.split('\n#### ').slice(1)) {
    const [title, ...lines] = chunk.split('\n')
    const header = lines.find((l) => l.startsWith('| #'))
    if (header)
      out.set(
        title,
        header
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim())
      )
  }
  return out
}

function generated(readme: string, name: string): string {
  const start = readme.indexOf(`<!-- generated:${name}:start -->`)
  const end = readme.indexOf(`<!-- generated:${name}:end -->`)
  assert.ok(start >= 0 && end > start, `README has the ${name} markers`)
  return readme.slice(start, end)
}

/** A config whose first framework sets every source key to its declared example. */
function configYaml(sources: readonly SourceDeclaration[]): string {
  const keys = Object.fromEntries(sources.flatMap((s) => Object.entries(s.config).map(([k, c]) => [k, c.example])))
  return stringify({
    window_days: 45,
    frameworks: [
      { name: 'Everything', ...keys },
      { name: 'Bare', github: 'bare/bare' }
    ]
  })
}

describe('every place that knows about sources derives from their declarations', () => {
  let p: ProbeResult
  const env = Object.fromEntries(declaredEndpoints(declarations).map((e) => [e.env, `http://127.0.0.1:9/${e.name}/`]))
  // Every metric of every source has a value for "Everything", none for "Bare".
  const values: Record<string, Metrics> = {
    Everything: Object.fromEntries(METRIC_KEYS.map((m, i) => [m, 10 * (i + 1)]))
  }
  before(async () => {
    p = await probe(configYaml(declarations), [], values, env)
  })

  test('the collectors are the declared sources, in the declared order, with the declared metrics', () => {
    assert.deepEqual(
      p.sourceIds,
      declarations.map((s) => s.id)
    )
    for (const s of declarations) assert.deepEqual(p.sourceMetrics[s.id], Object.keys(s.metrics), s.id)
  })

  test("the backfill's registries: the metric each rebuilds names its weekly source and framework key", () => {
    assert.deepEqual(
      Object.values(BACKFILL_REGISTRIES).map((m) => [m, sourceOfMetric(m).id, configKeyOf(m)]),
      [
        ['so_questions_window', 'stackoverflow', 'stackoverflow'],
        ['pypi_downloads_month', 'pypi', 'pypi'],
        ['npm_downloads_month', 'npm', 'npm']
      ]
    )
    // a repository's metrics are asked for its `github` key
    assert.equal(configKeyOf('stars'), 'github')
    assert.throws(() => sourceOfMetric('no_such_metric' as MetricKey), /no source declares/)
  })

  test('model: METRICS, METRIC_KEYS, caps, window scaling and default weights', () => {
    assert.deepEqual(
      METRIC_KEYS,
      declarations.flatMap((s) => Object.keys(s.metrics))
    )
    for (const s of declarations) {
      for (const [key, m] of metricsOf(s)) {
        const info = p.metrics[key]
        assert.equal(info.source, s.id, key)
        assert.equal(info.label, m.label, key)
        assert.equal(info.group, m.group, key)
        assert.equal(info.unit, m.unit, key)
        assert.equal(info.defaultWeight, m.weight, key)
        assert.equal(info.lifetime, m.unit === 'lifetime' || m.unit === 'now', key)
        assert.equal(METRIC_CAPS[key], m.cap, key)
        assert.equal(WINDOW_SCALED.has(key), m.unit === 'window', key)
        for (const g of SCORE_GROUPS) assert.equal(DEFAULT_WEIGHTS[g][key], g === m.group ? m.weight : undefined, key)
      }
    }
  })

  test('config schema: every declared key is a framework key, takes its example and rejects garbage', () => {
    // A key may be read by two sources (pypi: downloads and package metadata); it is one framework key.
    const keys = [...new Set(declarations.flatMap((s) => Object.keys(s.config)))]
    assert.deepEqual(p.frameworkKeys, ['name', ...keys, 'facts'])
    const config = parseConfig(configYaml(declarations), 'cfg.yml')
    for (const s of declarations) {
      for (const [key, c] of Object.entries(s.config)) {
        assert.equal((config.frameworks[0] as Record<string, unknown>)[key], c.example, key)
        const bad = stringify({ frameworks: [{ name: 'X', github: 'a/b', [key]: 'not valid !' }] })
        assert.throws(() => parseConfig(bad, 'cfg.yml'), new RegExp(`frameworks\\[0\\]\\.${key}: `), key)
      }
    }
  })

  test('JSON Schema: each key with its description and example; each group lists its own metrics', () => {
    const schema = p.jsonSchema as any
    const properties = schema.properties.frameworks.items.properties
    for (const s of declarations) {
      for (const [key, c] of Object.entries(s.config)) {
        assert.equal(properties[key].description, c.description, key)
        assert.deepEqual(properties[key].examples, [c.example], key)
      }
    }
    for (const g of SCORE_GROUPS) {
      const declared = declarations.flatMap((s) =>
        metricsOf(s).filter(([, m]) => m.group === g && m.weight !== undefined)
      )
      assert.deepEqual(
        schema.properties.weights.properties[g].propertyNames.enum,
        declared.map(([k]) => k)
      )
      for (const [k, m] of declared)
        assert.ok(schema.properties.weights.properties[g].description.includes(`${k}: ${m.weight}`))
    }
  })

  test('report: each declared figures table shows its metrics, headed with their unit', () => {
    const tables = [...figureHeaders(p.report).values()]
    const shownAnywhere = new Set(tables.flatMap((h) => h.slice(2)))
    for (const s of declarations) {
      for (const [key, m] of metricsOf(s)) {
        const header = expectedHeader(m, 45)
        // "Everything" has every metric; the defaults weigh watchers and merged PRs 0.
        const shown = m.figures !== undefined && (!m.figures.onlyWeighted || (m.weight ?? 0) > 0)
        assert.equal(shownAnywhere.has(header), shown, `${key}: ${header}`)
        if (!shown) continue
        // All of a table's metrics sit in one table.
        const siblings = declarations.flatMap((d) =>
          metricsOf(d)
            .filter(([, x]) => x.figures?.table === m.figures?.table && shownAnywhere.has(expectedHeader(x, 45)))
            .map(([, x]) => expectedHeader(x, 45))
        )
        const table = tables.find((h) => h.includes(header))!
        assert.deepEqual(table.slice(2).sort(), siblings.sort(), key)
      }
    }
    // The weights in force are listed with their (window-scaled) caps.
    for (const g of p.weightsInForce)
      for (const [m, w] of g.metrics) assert.ok(p.report.includes(`${p.metrics[m].label} ${w} (cap `), m)
  })

  test('README: framework keys, weights, metrics and endpoint tables list every declaration', () => {
    const keys = generated(p.readme, 'framework-keys')
    const metrics = generated(p.readme, 'metrics')
    const weights = generated(p.readme, 'weights')
    const endpoints = generated(p.readme, 'endpoints')
    for (const s of declarations) {
      for (const [key, c] of Object.entries(s.config))
        assert.match(keys, new RegExp(`\\| \`${key}\` +\\|.*${escapeRegExp(c.description)}`))
      for (const [key, m] of metricsOf(s)) {
        assert.match(metrics, new RegExp(`\\| \`${key}\` +\\| ${s.id} +\\| ${escapeRegExp(m.label)} +\\|`))
        if (m.weight !== undefined) assert.ok(weights.includes(`${key}: ${m.weight}`), key)
      }
    }
    for (const e of declaredEndpoints(declarations))
      assert.match(
        endpoints,
        new RegExp(`\`${e.env}\` +\\| ${escapeRegExp(e.source.title)} +\\| \`${escapeRegExp(e.default)}\``)
      )
    assert.equal(p.readme, readFileSync(join(root, 'README.md'), 'utf8'), 'README.md is what `npm run docs` writes')
  })

  test('endpoints: each declared endpoint is overridden by its FRAMEWORK_RADAR_<NAME>_URL', () => {
    for (const e of declaredEndpoints(declarations)) assert.equal(p.endpoints[e.name], `http://127.0.0.1:9/${e.name}`)
    assert.ok(
      Object.keys(p.endpoints).length === declaredEndpoints(declarations).length + 2,
      'plus GitHub REST and GraphQL'
    )
  })
})

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

// ---- a new source: its folder plus one line ------------------------------------------------------

const FAKE_DECLARATION = `// A made-up source for the test: FakeHub stars.
import { z } from 'zod'
import { declareSource } from '../declare.js'

export const fakehub = declareSource({
  id: 'fakehub',
  title: 'FakeHub',
  metrics: {
    fakehub_stars: {
      label: 'FakeHub stars (lifetime)',
      column: 'FakeHub stars',
      unit: 'lifetime',
      group: 'popularity',
      cap: 1_000,
      weight: 2,
      figures: { table: 'adoption' }
    }
  },
  config: {
    fakehub: {
      schema: z.string().regex(/^[a-z]+$/, 'must be a FakeHub project: lowercase letters').optional(),
      description: 'FakeHub project: lifetime stars',
      example: 'fakeproject'
    }
  },
  endpoint: { name: 'fakehub', default: 'https://fakehub.example/api' },
  load: async () => (await import('./index.js')).fakehubSource
})
`

// The collector answers from its configured endpoint's path, so the value proves the endpoint reached it.
const FAKE_COLLECTOR = `import { sourceFrom } from '../declare.js'
import { fakehub } from './declaration.js'

export const fakehubSource = sourceFrom(fakehub, async (frameworks, ctx) => ({
  source: 'fakehub',
  values: new Map(
    frameworks.map((fw) => [
      fw.name,
      { metrics: { fakehub_stars: Number(new URL(ctx.endpoints.fakehub).pathname.slice(1)) } }
    ])
  ),
  failures: [],
  notes: []
}))
`

/** A copy of the repository with the made-up source added: its folder, and one line in src/sources/index.ts. */
function copyWithFakeSource(): string {
  const dir = mkdtempSync(join(tmpdir(), 'radar-new-source-'))
  for (const entry of [
    'src',
    'scripts',
    '__tests__/fixtures',
    'README.md',
    'action.yml',
    'package.json',
    'tsconfig.json'
  ])
    cpSync(join(root, entry), join(dir, entry), { recursive: true })
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
  mkdirSync(join(dir, 'src/sources/fakehub'))
  writeFileSync(join(dir, 'src/sources/fakehub/declaration.ts'), FAKE_DECLARATION)
  writeFileSync(join(dir, 'src/sources/fakehub/index.ts'), FAKE_COLLECTOR)
  const indexPath = join(dir, 'src/sources/index.ts')
  const index = readFileSync(indexPath, 'utf8')
  const list = index.indexOf('export const SOURCES = [')
  const end = index.indexOf(']', list)
  assert.ok(list > 0 && end > list, 'src/sources/index.ts has the SOURCES list')
  // The one line: an import, and the name in the list.
  const withLine =
    `import { fakehub } from './fakehub/declaration.js'\n${index.slice(0, end).trimEnd()}, ` +
    `fakehub${index.slice(end)}`
  writeFileSync(indexPath, withLine)
  return dir
}

describe('a new source appears everywhere once its folder and one line are added', () => {
  let dir: string
  let p: ProbeResult
  before(async () => {
    dir = copyWithFakeSource()
    const config = stringify({
      frameworks: [
        { name: 'Faked', github: 'a/faked', fakehub: 'fakeproject' },
        { name: 'Plain', github: 'a/plain' }
      ]
    })
    writeFileSync(join(dir, 'probe.yml'), config)
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '__tests__/fixtures/source-probe.ts', 'probe.yml', 'fakehub'],
      { cwd: dir, env: { ...process.env, FRAMEWORK_RADAR_FAKEHUB_URL: 'http://127.0.0.1:9/640' }, maxBuffer: 64 << 20 }
    )
    p = JSON.parse(stdout)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('the repository as it is knows no FakeHub (the control)', async () => {
    const here = await probe(stringify({ frameworks: [{ name: 'Plain', github: 'a/plain' }] }), [])
    assert.ok(!JSON.stringify(here).toLowerCase().includes('fakehub'))
  })

  test('it is collected: loaded from the list, handed its endpoint, its metric merged and ranked', () => {
    assert.equal(p.sourceIds.at(-1), 'fakehub')
    assert.equal(p.endpoints.fakehub, 'http://127.0.0.1:9/640')
    const faked = p.collected.find((d) => d.name === 'Faked')!
    assert.deepEqual(faked.metrics, { fakehub_stars: 640 })
    // It applies only to frameworks that set its key.
    assert.deepEqual(p.collected.find((d) => d.name === 'Plain')!.metrics, {})
    assert.equal(p.metrics['fakehub_stars' as MetricKey].source, 'fakehub')
  })

  test('config schema and JSON Schema: the framework key and the weight', () => {
    assert.deepEqual(p.frameworkKeys.slice(-2), ['fakehub', 'facts'])
    const schema = p.jsonSchema as any
    const key = schema.properties.frameworks.items.properties.fakehub
    assert.equal(key.description, 'FakeHub project: lifetime stars')
    assert.equal(key.pattern, '^[a-z]+$')
    assert.ok(schema.properties.weights.properties.popularity.propertyNames.enum.includes('fakehub_stars'))
    assert.equal((p.defaultWeights.popularity as Record<string, number>).fakehub_stars, 2)
  })

  test('report: a "FakeHub stars" column, the weight in the legend, and the score it earns', () => {
    const adoption = [...figureHeaders(p.report)].find(([title]) => title.startsWith('Adoption'))
    assert.ok(adoption, 'an adoption figures table')
    assert.deepEqual(adoption[1], ['#', 'Framework', 'FakeHub stars'])
    assert.match(p.report, /FakeHub stars \(lifetime\) 2 \(cap 1,000\)/)
    assert.match(p.report, /^\| 1 \| Faked \| 640 \|$/m)
  })

  test('README: its key, its metric, its weight and its endpoint variable', () => {
    assert.match(
      generated(p.readme, 'framework-keys'),
      /\| `fakehub` +\| `fakeproject` +\| FakeHub project: lifetime stars/
    )
    assert.match(
      generated(p.readme, 'metrics'),
      /\| `fakehub_stars` +\| fakehub +\| FakeHub stars \(lifetime\) +\| lifetime +\| popularity +\| 1,000 +\| 2 /
    )
    assert.ok(generated(p.readme, 'weights').includes('fakehub_stars: 2'))
    assert.match(
      generated(p.readme, 'endpoints'),
      /`FRAMEWORK_RADAR_FAKEHUB_URL` +\| FakeHub +\| `https:\/\/fakehub.example\/api`/
    )
  })
})
