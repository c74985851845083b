import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import type { FrameworkData, MetricKey, Ranked } from '../src/model.js'
import {
  carryForward,
  emptyHistory,
  HistoryError,
  mergeHistories,
  parseHistory,
  previousSnapshot,
  serializeHistory,
  snapshotNear,
  snapshotOf,
  statusOf,
  withSnapshot,
  type History,
  type Snapshot
} from '../src/history/index.js'

function ranked(name: string, rank: number, extra: Partial<Ranked> = {}): Ranked {
  return {
    name,
    github: `o/${name}`,
    metrics: { stars: 100 * rank, forks: 10 },
    lowerBounds: [],
    stale: [],
    info: {},
    rank,
    score: 50 - rank,
    subScores: {},
    contributions: {},
    ...extra
  }
}
function snap(date: string, names: string[] = ['A']): Snapshot {
  return snapshotOf(
    names.map((n, i) => ranked(n, i + 1)),
    date
  )
}

const dateArb = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))
const historyArb = fc
  .uniqueArray(dateArb, { maxLength: 8 })
  .map((dates) => dates.reduce<History>((h, d) => withSnapshot(h, snap(d)), emptyHistory()))

test('no file or a blank file is an empty history', () => {
  assert.deepEqual(parseHistory(undefined, 'h.json'), { version: 1, snapshots: [] })
  assert.deepEqual(parseHistory('  \n', 'h.json'), { version: 1, snapshots: [] })
})

test('a corrupt file throws a HistoryError naming the file and what to do', () => {
  const conflict = '{\n  "version": 1,\n<<<<<<< HEAD\n  "snapshots": []\n}\n'
  assert.throws(
    () => parseHistory(conflict, 'docs/history.json'),
    (e: unknown) => {
      assert.ok(e instanceof HistoryError)
      assert.match(e.message, /docs\/history\.json/)
      assert.match(e.message, /not valid JSON \(line 3/)
      assert.match(e.message, /Fix the file .* or remove it/)
      return true
    }
  )
  assert.throws(
    () => parseHistory('{"version":2,"snapshots":[]}', 'h.json'),
    /version 2, and this framework-radar reads version 1 \(written by a newer framework-radar/
  )
  assert.throws(() => parseHistory('[]', 'h.json'), /h\.json .*JSON object/)
  assert.throws(
    () => parseHistory('{"version":1,"snapshots":[{"date":"2024-13-01","frameworks":{}}]}', 'h.json'),
    /snapshots\[0\]\.date must be a date/
  )
  assert.throws(
    () =>
      parseHistory(
        JSON.stringify({
          version: 1,
          snapshots: [{ date: '2024-01-01', frameworks: { A: { github: 'a/b', rank: '1', score: 1, metrics: {} } } }]
        }),
        'h.json'
      ),
    /snapshots\[0\]\.frameworks\.A\.rank/
  )
  assert.throws(
    () =>
      parseHistory(
        '{"version":1,"snapshots":[{"date":"2024-01-01","frameworks":{}},{"date":"2024-01-01","frameworks":{}}]}',
        'h.json'
      ),
    /2024-01-01 appears twice/
  )
})

test('round trip is byte-identical and keys are in a stable order', () => {
  fc.assert(
    fc.property(historyArb, (h) => {
      const text = serializeHistory(h)
      assert.equal(serializeHistory(parseHistory(text, 'h.json')), text)
      assert.ok(text.endsWith('}\n'))
    })
  )
  const a = serializeHistory({ version: 1, snapshots: [snap('2024-01-02', ['B', 'A']), snap('2024-01-01')] })
  const b = serializeHistory({ version: 1, snapshots: [snap('2024-01-01'), snap('2024-01-02', ['A', 'B'].reverse())] })
  assert.equal(a, b)
  assert.ok(a.indexOf('2024-01-01') < a.indexOf('2024-01-02'))
  assert.match(a, /^\{\n {2}"snapshots": \[/)
})

test('unknown keys in the file survive a round trip', () => {
  const text = JSON.stringify({
    extra: { z: 1 },
    snapshots: [
      {
        date: '2024-01-01',
        frameworks: { A: { future: true, github: 'a/b', info: {}, metrics: { stars: 1 }, rank: 1, score: 2 } }
      }
    ],
    version: 1
  })
  const out = serializeHistory(parseHistory(text, 'h.json'))
  assert.deepEqual(JSON.parse(out), JSON.parse(text))
})

test('withSnapshot never loses a snapshot and replaces the same date', () => {
  fc.assert(
    fc.property(historyArb, dateArb, (h, date) => {
      const s = snap(date, ['X', 'Y'])
      const next = withSnapshot(h, s)
      const dates = new Set(h.snapshots.map((x) => x.date))
      dates.add(date)
      assert.deepEqual(
        next.snapshots.map((x) => x.date),
        [...dates].sort()
      )
      assert.deepEqual(
        next.snapshots.find((x) => x.date === date),
        s
      )
      for (const old of h.snapshots)
        if (old.date !== date)
          assert.deepEqual(
            next.snapshots.find((x) => x.date === old.date),
            old
          )
    })
  )
})

test('mergeHistories is a union by date where the later argument wins', () => {
  fc.assert(
    fc.property(historyArb, historyArb, (a, b) => {
      const m = mergeHistories(a, b)
      const dates = [...new Set([...a.snapshots, ...b.snapshots].map((s) => s.date))].sort()
      assert.deepEqual(
        m.snapshots.map((s) => s.date),
        dates
      )
      for (const s of b.snapshots)
        assert.equal(
          m.snapshots.find((x) => x.date === s.date),
          s
        )
    })
  )
  const early = { version: 1 as const, snapshots: [snap('2024-01-01', ['Old'])] }
  const late = { version: 1 as const, snapshots: [snap('2024-01-01', ['New'])] }
  assert.deepEqual(Object.keys(mergeHistories(early, late).snapshots[0].frameworks), ['New'])
  assert.deepEqual(Object.keys(mergeHistories(late, early).snapshots[0].frameworks), ['Old'])
})

test('previousSnapshot and snapshotNear', () => {
  const h = [snap('2024-01-01'), snap('2024-03-01'), snap('2024-03-25'), snap('2024-04-01')].reduce(
    withSnapshot,
    emptyHistory()
  )
  assert.equal(previousSnapshot(h, '2024-04-01')?.date, '2024-03-25')
  assert.equal(previousSnapshot(h, '2024-01-01'), undefined)
  assert.equal(snapshotNear(h, '2024-04-01', 30)?.date, '2024-03-01')
  assert.equal(snapshotNear(h, '2024-03-31', 30)?.date, '2024-03-01')
  assert.equal(snapshotNear(h, '2024-04-01', 90)?.date, '2024-01-01')
  assert.equal(snapshotNear(h, '2024-04-01', 365), undefined)
})

test('snapshotOf keeps stale and lower-bound marks and the chosen info fields only', () => {
  const s = snapshotOf(
    [
      ranked('A', 1, {
        stale: ['forks', 'stars'],
        lowerBounds: ['contributors'],
        info: { license: 'MIT', description: 'not kept', missing: false }
      })
    ],
    '2024-01-01'
  )
  assert.deepEqual(s.frameworks.A.stale, ['stars', 'forks'])
  assert.deepEqual(s.frameworks.A.lowerBounds, ['contributors'])
  assert.deepEqual(s.frameworks.A.info, { license: 'MIT', missing: false })
  const odd = snapshotOf([ranked('__proto__', 1), ranked('constructor', 2)], '2024-01-01')
  assert.deepEqual(Object.keys(odd.frameworks), ['__proto__', 'constructor'])
})

test('carryForward takes failed metrics from the last snapshot and marks them stale', () => {
  const last = snapshotOf(
    [
      ranked('A', 1, {
        metrics: { stars: 500, contributors: 400, so_questions: 7 },
        lowerBounds: ['contributors'],
        info: { license: 'MIT' }
      })
    ],
    '2024-01-01'
  )
  const data: FrameworkData[] = [
    { name: 'A', github: 'o/A', metrics: { forks: 3 }, lowerBounds: [], stale: [], info: {} },
    { name: 'B', github: 'o/B', metrics: { stars: 1 }, lowerBounds: [], stale: [], info: {} },
    { name: 'C', github: 'o/C', metrics: { stars: 2 }, lowerBounds: [], stale: [], info: {} }
  ]
  const failed = new Map<string, MetricKey[]>([
    ['A', ['stars', 'contributors', 'so_questions']],
    ['B', ['stars']]
  ])
  const out = carryForward(data, failed, last)
  assert.deepEqual(out[0].metrics, { forks: 3, stars: 500, contributors: 400, so_questions: 7 })
  assert.deepEqual(out[0].stale, ['stars', 'contributors', 'so_questions'])
  assert.deepEqual(out[0].lowerBounds, ['contributors'])
  assert.equal(out[0].info.license, 'MIT')
  // no last value: absent, but still marked stale
  assert.deepEqual(out[1].metrics, {})
  assert.deepEqual(out[1].stale, ['stars'])
  assert.equal(out[2], data[2])
  assert.deepEqual(data[0].metrics, { forks: 3 }, 'input is not modified')
  assert.deepEqual(carryForward(data, failed, undefined)[0].metrics, { forks: 3 })
})

test('statusOf: missing, archived, inactive, new, stale', () => {
  const h = [snap('2024-01-01', ['A']), snap('2024-02-01', ['A', 'B'])].reduce(withSnapshot, emptyHistory())
  const fw = (name: string, extra: Partial<FrameworkData> = {}): FrameworkData => ({
    name,
    github: 'o/x',
    metrics: {},
    lowerBounds: [],
    stale: [],
    info: {},
    ...extra
  })
  const cfg = { inactive_after_days: 365 }
  assert.deepEqual(statusOf(fw('A'), h, '2024-02-01', cfg), [])
  assert.deepEqual(statusOf(fw('B'), h, '2024-02-01', cfg), ['new'])
  assert.deepEqual(statusOf(fw('A'), h, '2024-01-01', cfg), [], 'first run: no baseline, nothing is new')
  assert.deepEqual(
    statusOf(
      fw('C', { stale: ['stars'], info: { missing: true, archived: true, pushedAt: '2022-01-01T00:00:00Z' } }),
      h,
      '2024-02-01',
      cfg
    ),
    ['missing', 'archived', 'inactive', 'new', 'stale']
  )
  assert.deepEqual(
    statusOf(fw('A', { info: { pushedAt: '2023-02-01T00:00:00Z' } }), h, '2024-02-01', cfg),
    [],
    'exactly 365 days is not inactive'
  )
  assert.deepEqual(statusOf(fw('constructor'), h, '2024-02-01', cfg), ['new'])
})
