// Backfill on the first run, checked against the stand-ins' truth: stargazer timestamps consistent
// with the star count (and GitHub's 400-page cap with its 422), commits per window, release dates,
// Stack Overflow windows, pypistats `overall` and npm `range` daily series.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { backfillConfigs } from '../src/backfill/index.js'
import { backfillDates, frameworksToBackfill, mergeBackfill } from '../src/backfill/plan.js'
import { starsOnDates } from '../src/backfill/stars.js'
import { comparableHistory } from '../src/backfill/view.js'
import { parseConfig } from '../src/config/load.js'
import {
  addDays,
  emptyHistory,
  type History,
  isBackfilled,
  type Snapshot,
  snapshotOf,
  withSnapshot
} from '../src/history/index.js'
import { rankFrameworks } from '../src/rank/index.js'
import { renderReport } from '../src/report/index.js'
import { RequestCounter, type SourceContext } from '../src/sources/types.js'
import { dailyDownloads } from '../standins/downloads.js'
import { allReleases, deepLearningRepos, type RepoFixture } from '../standins/github/metrics.js'
import { startGitHubStandin, type GitHubStandin } from '../standins/github/server.js'
import { olderCommitDaysAgo, starsBefore, starTime } from '../standins/github/stargazers.js'
import {
  deepLearningRegistryData,
  startRegistryStandins,
  type RegistryStandins,
  windowQuestions
} from '../standins/registries.js'
import { exampleConfig } from '../standins/world.js'

const NOW = new Date('2026-11-23T06:17:00Z')
const TODAY = '2026-11-23'
const TOKEN = 'ghs_backfill-test-token-0123456789'
const DAY = 86_400_000
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`)

describe('the star search', () => {
  // A repository whose stargazer list is the stand-in's curve, read page by page.
  const fixture = (stars: number): RepoFixture => ({
    ...deepLearningRepos[9],
    stars,
    createdAt: '2019-03-01T00:00:00Z'
  })
  const search = (f: RepoFixture, maxPages: number, read: number[]) => ({
    total: f.stars,
    createdMs: Date.parse(f.createdAt),
    nowMs: NOW.getTime(),
    maxPages,
    fetchPage: async (page: number) => {
      read.push(page)
      if (page > 400) return 'beyond-cap' as const
      const out: number[] = []
      for (let i = (page - 1) * 100; i < Math.min(f.stars, page * 100); i++)
        out.push(starTime(i, f.stars, Date.parse(f.createdAt), NOW.getTime()))
      return out
    }
  })
  const dates = backfillDates(TODAY)

  for (const stars of [0, 73, 3_868, 17_530, 39_990]) {
    test(`${stars} stars: every month is the exact count, a few pages read`, async () => {
      const f = fixture(stars)
      const read: number[] = []
      const result = await starsOnDates(dates, search(f, 24, read))
      assert.deepEqual(
        result.points.map((p) => [p.date, p.value, p.estimated]),
        dates.map((d) => [d, starsBefore(f, ms(d), NOW.getTime()), false])
      )
      assert.deepEqual(result.beyondCap, [])
      assert.ok(result.pagesRead <= 24, `${result.pagesRead} pages`)
      assert.equal(new Set(read).size, read.length, 'no page read twice')
    })
  }

  test('above 40,000 stars the months beyond page 400 are left out, never invented', async () => {
    const f = fixture(192_840)
    const read: number[] = []
    const result = await starsOnDates(dates, search(f, 24, read))
    assert.deepEqual(result.points, [])
    assert.deepEqual(result.beyondCap, dates)
    assert.deepEqual(read, [400], 'one request (the last listed page) settles it')
  })

  test('a repository that crossed 40,000 this year keeps the months below the cap', async () => {
    const f = fixture(42_000)
    const result = await starsOnDates(dates, search(f, 24, []))
    assert.ok(result.points.length > 0 && result.beyondCap.length > 0)
    for (const p of result.points) assert.equal(p.value, starsBefore(f, ms(p.date), NOW.getTime()))
    for (const d of result.beyondCap) assert.ok(starsBefore(f, ms(d), NOW.getTime()) >= 40_000, d)
  })

  test('out of budget: the rest is interpolated and marked estimated', async () => {
    const f = fixture(30_000)
    const result = await starsOnDates(dates, search(f, 2, []))
    assert.equal(result.pagesRead, 2)
    const estimated = result.points.filter((p) => p.estimated)
    assert.ok(estimated.length > 0)
    for (const p of result.points) {
      const truth = starsBefore(f, ms(p.date), NOW.getTime())
      if (!p.estimated) assert.equal(p.value, truth)
      else assert.ok(Math.abs(p.value - truth) < 0.2 * truth + 200, `${p.date}: ${p.value} vs ${truth}`)
    }
  })
})

describe('plan', () => {
  test('twelve monthly dates, the last a year back', () => {
    const dates = backfillDates(TODAY)
    assert.equal(dates.length, 12)
    assert.equal(dates[0], addDays(TODAY, -365))
    assert.equal(dates[11], addDays(TODAY, -30))
  })

  test('on by default, only frameworks new to the history, never with backfill: false', () => {
    const config = parseConfig('frameworks:\n  - { name: A, github: o/a }\n  - { name: B, github: o/b }\n', 'c.yml')
    assert.deepEqual(
      frameworksToBackfill(config, emptyHistory()).map((f) => f.name),
      ['A', 'B']
    )
    const seen: Snapshot = {
      date: '2026-11-16',
      frameworks: { A: { github: 'o/a', rank: 1, score: 1, metrics: {}, info: {} } }
    }
    assert.deepEqual(
      frameworksToBackfill(config, { version: 1, snapshots: [seen] }).map((f) => f.name),
      ['B']
    )
    const off = parseConfig('backfill: false\nframeworks:\n  - { name: A, github: o/a }\n', 'c.yml')
    assert.deepEqual(frameworksToBackfill(off, emptyHistory()), [])
  })

  test('merging keeps measured entries and adds backfilled ones', () => {
    const measured: Snapshot = {
      date: '2026-10-24',
      frameworks: { A: { github: 'o/a', rank: 1, score: 9, metrics: {}, info: {} } }
    }
    const filled = {
      date: '2026-10-24',
      backfilled: true,
      frameworks: {
        A: { github: 'o/a', rank: 1, score: 1, metrics: {}, info: {}, backfilled: true },
        __proto__x: { github: 'o/x', rank: 2, score: 1, metrics: {}, info: {}, backfilled: true }
      }
    } as unknown as Snapshot
    const merged = mergeBackfill({ version: 1, snapshots: [measured] }, [filled])
    assert.equal(merged.snapshots.length, 1)
    assert.equal(merged.snapshots[0].frameworks.A.score, 9)
    assert.ok(isBackfilled(merged.snapshots[0].frameworks.__proto__x))
  })
})

describe('how the report reads backfilled scores', () => {
  const config = parseConfig(
    'frameworks:\n  - { name: A, github: o/a, pypi: a }\n  - { name: B, github: o/b }\n',
    'c.yml'
  )
  // A backfilled entry scored as the backfill scores it: over the metrics it has.
  const entry = (name: string, metrics: Record<string, number>) => {
    const [r] = rankFrameworks([{ name, github: `o/${name}`, metrics, lowerBounds: [], stale: [], info: {} }], config)
    return { github: r.github, rank: 1, score: r.score, metrics, info: {}, backfilled: true }
  }
  const measuredA = { commits_window: 300, releases: 12, stars: 9000, forks: 700, contributors: 80 }
  const measuredB = { commits_window: 50, releases: 3, stars: 20000, forks: 3000, contributors: 400 }
  const ranked = rankFrameworks(
    [
      { name: 'A', github: 'o/a', metrics: measuredA, lowerBounds: [], stale: [], info: {} },
      { name: 'B', github: 'o/b', metrics: measuredB, lowerBounds: [], stale: [], info: {} }
    ],
    config
  )
  const ra = ranked.find((r) => r.name === 'A')!
  const rb = ranked.find((r) => r.name === 'B')!
  const history = {
    version: 1,
    snapshots: [
      {
        date: '2026-09-01',
        backfilled: true,
        frameworks: {
          A: entry('A', { commits_window: 100, releases: 10, stars: 8000 }),
          B: entry('B', { commits_window: 50, releases: 3, stars: 19000 })
        }
      },
      {
        date: '2026-10-01',
        backfilled: true,
        // pypistats reaches back only so far: downloads appear in the newer backfilled points
        frameworks: {
          A: entry('A', { commits_window: 300, releases: 12, stars: 9000, pypi_downloads_month: 5_000_000 }),
          B: entry('B', { commits_window: 50, releases: 3, stars: 20000 })
        }
      },
      {
        date: '2026-11-01',
        frameworks: Object.fromEntries(
          [ra, rb].map((r) => [
            r.name,
            { github: r.github, rank: r.rank, score: r.score, metrics: r.metrics, info: {} }
          ])
        )
      }
    ]
  } as unknown as History

  test('on the measured basis: the first measured score moved by the change over the shared metrics', () => {
    const before = structuredClone(history)
    const view = comparableHistory(history, config)
    assert.deepEqual(history, before, 'the history itself is left as stored')
    const score = (i: number, name: string) => view.snapshots[i].frameworks[name].score
    // The newest backfilled point of A has the measured values of its basis (no jump from downloads).
    assert.equal(score(1, 'A'), ra.score)
    assert.notEqual(history.snapshots[1].frameworks.A.score, ra.score, 'raw, it would jump')
    const basis = (m: Record<string, number>) =>
      rankFrameworks(
        [
          {
            name: 'A',
            github: 'o/a',
            metrics: { commits_window: m.commits_window, releases: m.releases, stars: m.stars },
            lowerBounds: [],
            stale: [],
            info: {}
          }
        ],
        config
      )[0].score
    const expected =
      ra.score + basis(history.snapshots[0].frameworks.A.metrics as Record<string, number>) - basis(measuredA)
    assert.ok(Math.abs(score(0, 'A') - expected) <= 0.11, `${score(0, 'A')} vs ${expected}`)
    assert.ok(score(0, 'A') < score(1, 'A'), 'fewer commits and releases then: a lower score')
    // Ranks follow the placed scores; the measured snapshot is untouched.
    const first = view.snapshots[0].frameworks
    assert.deepEqual([first.A.rank, first.B.rank], first.A.score > first.B.score ? [1, 2] : [2, 1])
    assert.deepEqual(view.snapshots[2], history.snapshots[2])
  })
})

describe('backfill of the ten deep learning frameworks against the stand-ins', () => {
  let github: GitHubStandin
  let registries: RegistryStandins
  let snapshots: Snapshot[]
  const counter = new RequestCounter()
  const lines: string[] = []
  const config = parseConfig(exampleConfig(), 'deep-learning.yml')
  const repos = structuredClone(deepLearningRepos)
  const fixtureOf = (name: string) => {
    const slug = config.frameworks.find((f) => f.name === name)!.github.toLowerCase()
    return repos.find(
      (r) => r.nameWithOwner.toLowerCase() === slug || r.renamedFrom?.some((o) => o.toLowerCase() === slug)
    )!
  }
  before(async () => {
    github = await startGitHubStandin({ token: TOKEN, now: () => NOW, repos })
    registries = await startRegistryStandins({ data: deepLearningRegistryData, now: NOW })
    const ctx: SourceContext = {
      now: NOW,
      windowDays: 30,
      endpoints: {
        githubApi: github.apiUrl,
        githubGraphql: github.graphqlUrl,
        stackexchange: registries.urls.stackexchange,
        pypistats: registries.urls.pypistats,
        npm: registries.urls.npm,
        anaconda: registries.urls.anaconda,
        dockerhub: registries.urls.dockerhub,
        semanticscholar: registries.urls.semanticscholar,
        pypi: registries.urls.pypi,
        npm_registry: registries.urls.npm_registry
      },
      token: TOKEN,
      log: { info: (m) => lines.push(m), warning: (m) => lines.push(`warning: ${m}`), debug: () => {} },
      counter,
      retryBaseMs: 1,
      maxWaitMs: 2000
    }
    ;[snapshots] = await backfillConfigs([{ config, history: emptyHistory() }], TODAY, () => ctx)
  })
  after(async () => {
    await github.close()
    await registries.close()
  })
  const value = (name: string, date: string, metric: string) =>
    (snapshots.find((s) => s.date === date)?.frameworks[name]?.metrics as Record<string, number> | undefined)?.[metric]

  test('twelve backfilled snapshots, every entry marked, with the windows its values cover', () => {
    assert.deepEqual(
      snapshots.map((s) => s.date),
      backfillDates(TODAY)
    )
    for (const s of snapshots) {
      assert.ok(isBackfilled(s))
      for (const entry of Object.values(s.frameworks)) assert.ok(isBackfilled(entry))
    }
    const entry = snapshots[11].frameworks.JAX as unknown as { windows: Record<string, string[]> }
    assert.deepEqual(entry.windows.commits_window, [addDays(TODAY, -60), addDays(TODAY, -30)])
  })

  test('commits per window equal the stand-in repository history', () => {
    for (const fw of config.frameworks) {
      const f = fixtureOf(fw.name)
      const ages = [...f.commitDaysAgo, ...olderCommitDaysAgo(f)]
      for (const date of backfillDates(TODAY)) {
        const since = ms(addDays(date, -30))
        const until = ms(date) - 1000
        const truth = ages.filter((d) => NOW.getTime() - d * DAY >= since && NOW.getTime() - d * DAY <= until).length
        assert.equal(value(fw.name, date, 'commits_window'), truth, `${fw.name} ${date}`)
      }
    }
  })

  test('releases as of each date equal the stand-in release dates', () => {
    for (const fw of config.frameworks) {
      const published = allReleases(fixtureOf(fw.name)).map((r) => NOW.getTime() - r.daysAgo * DAY)
      for (const date of backfillDates(TODAY)) {
        const v = value(fw.name, date, 'releases')
        if (v !== undefined) assert.equal(v, published.filter((t) => t < ms(date)).length, `${fw.name} ${date}`)
      }
      assert.ok(
        value(fw.name, backfillDates(TODAY)[11], 'releases') !== undefined,
        `${fw.name} has releases a month ago`
      )
    }
  })

  test('stars equal the stargazer timestamps at or below 40,000; above, left out and said so', () => {
    for (const fw of config.frameworks) {
      const f = fixtureOf(fw.name)
      for (const date of backfillDates(TODAY)) {
        const v = value(fw.name, date, 'stars')
        if (f.stars <= 40_000) assert.equal(v, starsBefore(f, ms(date), NOW.getTime()), `${fw.name} ${date}`)
        else assert.equal(v, undefined, `${fw.name} ${date}`)
      }
    }
    const capped = github.requests.filter((r) => r.path.endsWith('/stargazers') && r.status === 422)
    assert.ok(capped.length === 0 || capped.every((r) => Number(new URLSearchParams(r.query).get('page')) > 400))
    assert.ok(
      lines.some((l) => /Backfill TensorFlow: GitHub lists only the oldest 40,000 of 192,840 stargazers/.test(l)),
      lines.join('\n')
    )
    const note = Object.values(snapshots[11].frameworks).filter((e) => (e as { omitted?: string }).omitted)
    assert.equal(note.length, config.frameworks.filter((f) => fixtureOf(f.name).stars > 40_000).length)
  })

  test('Stack Overflow, pypistats and npm values equal the stand-ins’ series', () => {
    const dates = backfillDates(TODAY)
    for (const fw of config.frameworks) {
      for (const date of dates) {
        if (fw.stackoverflow) {
          // the stand-in's questions in [date − 30 d, date): more the further back the window ends
          const windowCount = deepLearningRegistryData.tags![fw.stackoverflow].windowCount!
          const truth = windowQuestions(windowCount, ms(date) / 1000 - 1, NOW)
          assert.equal(value(fw.name, date, 'so_questions_window'), truth, `${fw.name} ${date}`)
          if (windowCount > 20) assert.notEqual(truth, windowCount, 'each month its own count')
        }
        const sum = (monthly: number) => {
          let n = 0
          for (let d = addDays(date, -30); d < date; d = addDays(d, 1)) n += dailyDownloads(monthly, d, TODAY)
          return n
        }
        if (fw.pypi) {
          const v = value(fw.name, date, 'pypi_downloads_month')
          // pypistats keeps 180 days: a window older than that is left out.
          if (ms(addDays(date, -30)) >= ms(TODAY) - 180 * DAY)
            assert.equal(v, sum(deepLearningRegistryData.pypi![fw.pypi.toLowerCase()]), `${fw.name} ${date}`)
          else assert.equal(v, undefined)
        }
        if (fw.npm)
          assert.equal(value(fw.name, date, 'npm_downloads_month'), sum(deepLearningRegistryData.npm![fw.npm]))
      }
    }
  })

  test('the cost is printed per framework and source, and stays small', () => {
    for (const fw of config.frameworks)
      assert.ok(
        lines.some((l) => l.startsWith(`Backfill ${fw.name}: GitHub `)),
        fw.name
      )
    assert.equal(counter.total('backfill.github:graphql'), 1, 'one GraphQL document for ten repositories')
    assert.ok(counter.total('backfill.github:rest') <= 10 * 24)
    assert.equal(counter.total('backfill.pypistats'), 8)
    assert.equal(counter.total('backfill.npm'), 1)
    assert.equal(counter.total('backfill.stackoverflow'), 9 * 12)
  })
})

describe('what the report says about stars the backfill left out', () => {
  test('one sentence per reason, lists capped: 60 frameworks on a spent page budget, 3 above the cap', () => {
    const n = 63
    const names = Array.from({ length: n }, (_, i) => `F${i}`)
    const config = parseConfig(
      `frameworks:\n${names.map((name, i) => `  - { name: ${name}, github: o/r${i} }`).join('\n')}\n`,
      'c.yml'
    )
    const data = names.map((name, i) => ({
      name,
      github: `o/r${i}`,
      metrics: { stars: 1000 + i, commits_window: 10 + i },
      lowerBounds: [],
      stale: [],
      info: {}
    }))
    const ranked = rankFrameworks(data, config)
    const why = (i: number) =>
      i < 3
        ? 'GitHub lists only the oldest 40,000 of 90,000 stargazers, so stars are not backfilled'
        : 'stars are not backfilled up to 2026-05-01: the stargazer page budget (24 per framework, 600 per run) ran out'
    const backfilled = {
      date: '2026-10-24',
      backfilled: true,
      frameworks: Object.fromEntries(
        ranked.map((r) => [
          r.name,
          {
            github: r.github,
            rank: r.rank,
            score: r.score,
            metrics: { commits_window: 5 },
            info: {},
            backfilled: true,
            omitted: why(Number(r.name.slice(1)))
          }
        ])
      )
    } as unknown as Snapshot
    const history = withSnapshot({ version: 1, snapshots: [backfilled] }, snapshotOf(ranked, TODAY))
    const report = renderReport({ config, ranked, history, date: TODAY, failures: [] })
    const trends = report.slice(report.indexOf('### Trends'))
    assert.equal(trends.match(/page budget ran out/g)?.length, 1, 'one sentence for the budget')
    // in rank order (F2 has the most stars of the three)
    assert.match(trends, /Stars of F2, F1, F0 are not backfilled: GitHub lists only the oldest 40,000/)
    assert.match(trends, /…and 10 more are backfilled for the newer months only, or not at all/)
  })
})
