import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { parseConfig } from '../src/config/load.js'
import { DEFAULT_WEIGHTS, type Config } from '../src/config/schema.js'
import type { FrameworkData, MetricKey, Metrics } from '../src/model.js'
import { explainScore, METRIC_CAPS, metricCap, metricComponent, rankFrameworks, roundScore } from '../src/rank/index.js'
import { weightsInForce } from '../src/rank/breakdown.js'

const BASE = `frameworks:\n  - { name: Placeholder, github: a/b }\n`
const config = parseConfig(BASE, 'test.yml')

function fw(name: string, metrics: Metrics, extra: Partial<FrameworkData> = {}): FrameworkData {
  return {
    name,
    github: `o/${name.replace(/[^A-Za-z0-9]/g, '') || 'x'}`,
    metrics: { ...metrics },
    lowerBounds: [],
    stale: [],
    info: {},
    ...extra
  }
}

const SCORED: MetricKey[] = [
  'stars',
  'forks',
  'so_questions',
  'pypi_downloads_month',
  'citations',
  'commits_window',
  'contributors',
  'releases_365d',
  'closed_issues_window'
]
const metricsArb = fc.record(
  Object.fromEntries(SCORED.map((m) => [m, fc.integer({ min: 0, max: METRIC_CAPS[m] * 2 })])) as Record<
    MetricKey,
    fc.Arbitrary<number>
  >
)

function sumContributions(c: Partial<Record<MetricKey, number>>): number {
  return Object.values(c).reduce((s, v) => s + (v ?? 0), 0)
}

test('component is log-scaled, 0 at 0, 1 at and above the cap', () => {
  assert.equal(metricComponent(0, 100), 0)
  assert.equal(metricComponent(100, 100), 1)
  assert.equal(metricComponent(1e9, 100), 1)
  assert.equal(metricComponent(undefined, 100), undefined)
  assert.equal(metricComponent(Number.NaN, 100), undefined)
  assert.ok(Math.abs(metricComponent(9, 99)! - 0.5) < 1e-12)
  assert.equal(metricCap('commits_window', 60), 2000)
  assert.equal(metricCap('stars', 60), 100_000)
})

test('roundScore rounds half away from zero to one decimal', () => {
  assert.equal(roundScore(87.45), 87.5)
  assert.equal(roundScore(87.44999), 87.4)
  assert.equal(roundScore(0.05), 0.1)
  assert.equal(roundScore(100), 100)
})

test('scores, sub-scores and contributions follow the documented formula', () => {
  const cfg = parseConfig(
    BASE +
      'weights:\n  groups: { popularity: 1, activity: 1 }\n  popularity: { stars: 1, forks: 0, so_questions: 0, ' +
      'pypi_downloads_month: 0, npm_downloads_month: 0, conda_downloads_total: 0, docker_pulls_total: 0, ' +
      'citations: 0 }\n  activity: { commits_window: 1, contributors: 0, releases_365d: 0, ' +
      'closed_issues_window: 0, so_questions_window: 0 }\n',
    'w.yml'
  )
  const [r] = rankFrameworks([fw('A', { stars: 100_000, commits_window: 0 })], cfg)
  assert.deepEqual(r.subScores, { popularity: 100, activity: 0 })
  assert.equal(r.score, 50)
  assert.equal(r.rank, 1)
  assert.deepEqual(r.contributions, { stars: 50, commits_window: 0 })
  // missing metrics drop out: with only stars present, the activity group is not counted
  const [only] = rankFrameworks([fw('B', { stars: 100_000 })], cfg)
  assert.equal(only.score, 100)
  assert.deepEqual(only.subScores, { popularity: 100 })
})

test('a missing repository with no metrics scores 0 and still appears', () => {
  const out = rankFrameworks([fw('Gone', {}, { info: { missing: true } }), fw('Here', { stars: 10 })], config)
  assert.deepEqual(
    out.map((r) => [r.name, r.rank]),
    [
      ['Here', 1],
      ['Gone', 2]
    ]
  )
  assert.equal(out[1].score, 0)
  assert.deepEqual(out[1].subScores, {})
  assert.match(explainScore(out[1]), /no scored metric/)
})

test('contributions add up to the score before rounding', () => {
  fc.assert(
    fc.property(metricsArb, (m) => {
      const [r] = rankFrameworks([fw('A', m)], config)
      assert.ok(Math.abs(roundScore(sumContributions(r.contributions)) - r.score) < 1e-9)
      assert.ok(r.score >= 0 && r.score <= 100)
    })
  )
})

test('more of any metric never lowers a score', () => {
  fc.assert(
    fc.property(metricsArb, fc.constantFrom(...SCORED), fc.integer({ min: 1, max: 1_000_000 }), (m, key, more) => {
      const [a] = rankFrameworks([fw('A', m)], config)
      const [b] = rankFrameworks([fw('A', { ...m, [key]: m[key]! + more })], config)
      assert.ok(b.score >= a.score, `${key}: ${a.score} -> ${b.score}`)
      assert.ok(sumContributions(b.contributions) >= sumContributions(a.contributions))
    })
  )
})

test('a framework at least as good on every metric never ranks below', () => {
  fc.assert(
    fc.property(
      metricsArb,
      fc.array(fc.nat({ max: 50_000 }), { minLength: SCORED.length, maxLength: SCORED.length }),
      (m, bumps) => {
        const better = Object.fromEntries(SCORED.map((k, i) => [k, m[k]! + bumps[i]])) as Metrics
        // the better one is named so that the name tie-break would put it last
        const out = rankFrameworks([fw('Zzz', better), fw('Aaa', m)], config)
        const rankOf = (n: string) => out.find((r) => r.name === n)!.rank
        assert.equal(
          rankOf('Zzz') < rankOf('Aaa') ||
            (sumContributions(out[0].contributions) === sumContributions(out[1].contributions) &&
              better.stars === m.stars),
          true
        )
      }
    )
  )
})

test('weights change the order as documented: weight commits only → most commits first', () => {
  const data = [
    fw('Popular', { stars: 90_000, commits_window: 10, contributors: 1500 }),
    fw('Busy', { stars: 100, commits_window: 900, contributors: 5 })
  ]
  assert.equal(rankFrameworks(data, config)[0].name, 'Popular')
  const commitsOnly = parseConfig(
    BASE +
      'weights:\n  groups: { popularity: 0, activity: 1 }\n  activity: { commits_window: 1, contributors: 0, ' +
      'releases_365d: 0, closed_issues_window: 0, so_questions_window: 0 }\n',
    'w.yml'
  )
  const out = rankFrameworks(data, commitsOnly)
  assert.deepEqual(
    out.map((r) => r.name),
    ['Busy', 'Popular']
  )
  assert.deepEqual(Object.keys(out[0].contributions), ['commits_window'])
})

test('identical inputs give identical output; input order does not matter', () => {
  const nameArb = fc.string({ minLength: 1, maxLength: 8 })
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.record({ name: nameArb, m: metricsArb }), {
        selector: (x) => x.name,
        minLength: 1,
        maxLength: 12
      }),
      fc.nat(),
      (items, seed) => {
        const data = items.map((x) => fw(x.name, x.m))
        const a = rankFrameworks(data, config)
        const b = rankFrameworks(structuredClone(data), config)
        assert.deepEqual(a, b)
        const shuffled = [...data].sort((x, y) => hash(x.name, seed) - hash(y.name, seed) || (x.name < y.name ? -1 : 1))
        assert.deepEqual(rankFrameworks(shuffled, config), a)
        assert.deepEqual(
          a.map((r) => r.rank),
          a.map((_, i) => i + 1)
        )
      }
    )
  )
})

test('ties: same score falls back to stars, then name', () => {
  const cfg: Config = parseConfig(
    BASE +
      'weights:\n  groups: { popularity: 1, activity: 0 }\n  popularity: { stars: 0, forks: 1, so_questions: 0, ' +
      'pypi_downloads_month: 0, npm_downloads_month: 0, conda_downloads_total: 0, docker_pulls_total: 0, ' +
      'citations: 0 }\n',
    'w.yml'
  )
  const out = rankFrameworks(
    [fw('b', { forks: 5, stars: 1 }), fw('a', { forks: 5, stars: 1 }), fw('c', { forks: 5, stars: 2 })],
    cfg
  )
  assert.deepEqual(
    out.map((r) => r.name),
    ['c', 'a', 'b']
  )
})

test('explainScore is one line naming the biggest contributions', () => {
  const [r] = rankFrameworks([fw('A', { stars: 50_000, commits_window: 100 })], config)
  const line = explainScore(r)
  assert.ok(!line.includes('\n'))
  assert.match(
    line,
    /^#1 A: score \d+\.\d \(popularity [\d.]+, activity [\d.]+\) = Stars \+[\d.]+ \+ Commits \(window\) \+[\d.]+$/
  )
})

function hash(s: string, seed: number): number {
  let h = seed | 0
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 0x9e3779b1)
  return h
}

test('weights are what the config says: metrics a listed group leaves out do not count', () => {
  const cfg = parseConfig(`${BASE}weights:\n  groups: { activity: 0 }\n  popularity: { stars: 1 }\n`, 'w.yml')
  // Same stars; B has every other popularity metric at its cap. Only stars is weighted, so they tie.
  const a = fw('A', { stars: 5_000 })
  const b = fw('B', {
    stars: 5_000,
    forks: 30_000,
    so_questions: 100_000,
    pypi_downloads_month: 10_000_000,
    npm_downloads_month: 10_000_000,
    conda_downloads_total: 50_000_000,
    docker_pulls_total: 100_000_000,
    citations: 20_000
  })
  const [ra, rb] = ['A', 'B'].map((n) => rankFrameworks([a, b], cfg).find((r) => r.name === n)!)
  assert.equal(ra.score, rb.score)
  assert.deepEqual(Object.keys(rb.contributions), ['stars'])
  // With the defaults, the same B is clearly ahead: the defaults weigh what this config left out.
  const [first] = rankFrameworks([a, b], config)
  assert.equal(first.name, 'B')
})

test('weightsInForce lists the weights in force: a listed group exactly as listed, the others by default', () => {
  const cfg = parseConfig(
    `${BASE}weights:\n  groups: { popularity: 2 }\n  popularity: { stars: 1, citations: 4, forks: 0 }\n`,
    'w.yml'
  )
  const groups = weightsInForce(cfg)
  assert.deepEqual(
    groups.map((g) => [g.group, g.weight]),
    [
      ['popularity', 2],
      ['activity', 1]
    ]
  )
  // popularity: only what the config lists (forks: 0 is off); activity: the defaults above 0.
  assert.deepEqual(Object.fromEntries(groups[0].metrics), { stars: 1, citations: 4 })
  assert.deepEqual(
    Object.fromEntries(groups[1].metrics),
    Object.fromEntries(Object.entries(DEFAULT_WEIGHTS.activity).filter(([, w]) => (w ?? 0) > 0))
  )
  const weighted = new Set(groups.flatMap((g) => g.metrics.map(([m]) => m)))
  const full = Object.fromEntries(SCORED.map((m) => [m, 10])) as Metrics
  const [r] = rankFrameworks([fw('A', full)], cfg)
  for (const m of Object.keys(r.contributions)) assert.ok(weighted.has(m as MetricKey), `${m} is weighted`)
  for (const m of SCORED.filter((m) => weighted.has(m))) assert.ok(m in r.contributions, `${m} contributes`)
})
