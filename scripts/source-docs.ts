// Renders what the sources declare (src/sources/<id>/declaration.ts) as README tables: the framework
// keys, the weights, every metric with its cap, and the endpoint variables. gen-docs.ts splices them
// between generated markers; __tests__/docs.test.ts fails when README.md is stale.
import { markdownTable } from 'markdown-table'
import { stringify } from 'yaml'
import { DEFAULT_GROUP_WEIGHTS, DEFAULT_WEIGHTS, SCORE_GROUPS } from '../src/config/schema.js'
import { METRIC_KEYS, METRICS } from '../src/model.js'
import { declaredEndpoints } from '../src/sources/declare.js'
import { SOURCES } from '../src/sources/index.js'
import { cell, splice } from './action-docs.js'

const code = (s: string) => `\`${s}\``
const number = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
const weightList = (w: Partial<Record<string, number>>) =>
  Object.entries(w)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')

/** Every key of a framework entry: name, then each source's keys in source order, then facts. */
export function frameworkKeysTable(): string {
  // A key two sources read (pypi: downloads and package metadata) is one row.
  const seen = new Set<string>()
  const sourceRows = SOURCES.flatMap((s) =>
    Object.entries(s.config)
      .filter(([key]) => !seen.has(key) && seen.add(key))
      .map(([key, c]) => [code(key), code(stringify(c.example).trim()), cell(c.description)])
  )
  return markdownTable([
    ['key', 'example', 'meaning'],
    ['`name`', '`TensorFlow`', 'shown in the report; unique'],
    ...sourceRows,
    [
      '`facts`',
      '`{ languages: [Python, C++], pretrained_models: yes }`',
      'qualitative facts for the matrix and the funnel: strings, numbers, booleans or lists of them'
    ]
  ])
}

export function weightsTable(): string {
  return markdownTable([
    ['key', 'default', 'meaning'],
    ['`weights.groups`', code(`{ ${weightList(DEFAULT_GROUP_WEIGHTS)} }`), 'weight of each sub-score'],
    ...SCORE_GROUPS.map((g) => [
      code(`weights.${g}`),
      code(weightList(DEFAULT_WEIGHTS[g])),
      `metric weights of the ${g} group (0 turns a metric off); listing any replaces all of its defaults`
    ])
  ])
}

function capText(key: (typeof METRIC_KEYS)[number]): string {
  const m = METRICS[key]
  return m.windowScaled ? `${number(m.cap)} per 30 days` : number(m.cap)
}

/** Every metric: where it comes from, what it counts, its cap and default weight. */
export function metricsTable(): string {
  return markdownTable([
    ['metric', 'source', 'meaning', 'unit', 'group', 'cap', 'default weight'],
    ...METRIC_KEYS.map((k) => {
      const m = METRICS[k]
      const weight = m.defaultWeight === undefined ? 'not scored' : String(m.defaultWeight)
      return [code(k), m.source, m.label, m.unit, m.group, capText(k), weight]
    })
  ])
}

export function endpointsTable(): string {
  return markdownTable([
    ['variable', 'source', 'default'],
    ...declaredEndpoints(SOURCES).map((e) => [code(e.env), e.source.title, code(e.default)])
  ])
}

export function sourceDocsTables(readme: string): string {
  let out = splice(readme, 'framework-keys', frameworkKeysTable())
  out = splice(out, 'weights', weightsTable())
  out = splice(out, 'metrics', metricsTable())
  return splice(out, 'endpoints', endpointsTable())
}
