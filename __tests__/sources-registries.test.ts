// The six registry sources against the stand-ins of standins/registries.ts.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { FrameworkConfig } from '../src/config/schema.js'
import type { SourceValues } from '../src/model.js'
import { condaSource } from '../src/sources/conda/index.js'
import { dockerHubSource } from '../src/sources/dockerhub/index.js'
import { npmSource } from '../src/sources/npm/index.js'
import { pypiSource } from '../src/sources/pypi/index.js'
import { loadSources } from '../src/sources/index.js'
import { semanticScholarSource } from '../src/sources/semanticscholar/index.js'
import { createStackOverflowSource, stackOverflowSource } from '../src/sources/stackexchange/index.js'
import type { Source, SourceContext, SourceOutcome } from '../src/sources/types.js'
import { registryEndpoints, sourceContext } from './helpers/source-context.js'
import { normalizePypiName } from '../standins/packages.js'
import {
  deepLearningRegistryData,
  startRegistryStandins,
  syntheticRegistryData,
  syntheticRegistryKeys,
  type RegistryStandinOptions,
  type RegistryStandins
} from '../standins/registries.js'

// Every source but GitHub, loaded the way a run loads them (src/sources/index.ts).
// The six registry sources of metrics (the package-metadata sources have their own test, package-facts.test.ts).
const registrySources: Source[] = (await loadSources()).filter((s) => s.id !== 'github' && s.metrics.length > 0)

const NOW = new Date('2026-11-23T06:17:00Z')
const TOKEN = 'ghs_0123456789abcdefSECRET'
const SE_KEY = 'se-key-U4DMV*8nvpm3EOpvf69Rxw(('

/** The registry keys of the ten frameworks of examples/deep-learning.yml. */
const TEN: FrameworkConfig[] = [
  {
    name: 'TensorFlow',
    github: 'tensorflow/tensorflow',
    stackoverflow: 'tensorflow',
    pypi: 'tensorflow',
    npm: '@tensorflow/tfjs',
    conda: 'conda-forge/tensorflow',
    dockerhub: 'tensorflow/tensorflow',
    paper: 'arXiv:1603.04467'
  },
  {
    name: 'PyTorch',
    github: 'pytorch/pytorch',
    stackoverflow: 'pytorch',
    pypi: 'torch',
    conda: 'pytorch/pytorch',
    dockerhub: 'pytorch/pytorch',
    paper: 'arXiv:1912.01703'
  },
  { name: 'Keras', github: 'keras-team/keras', stackoverflow: 'keras', pypi: 'keras', conda: 'conda-forge/keras' },
  { name: 'JAX', github: 'google/jax', stackoverflow: 'jax', pypi: 'jax', conda: 'conda-forge/jax' },
  { name: 'MXNet', github: 'apache/incubator-mxnet', stackoverflow: 'mxnet', pypi: 'mxnet', paper: 'arXiv:1512.01274' },
  { name: 'Caffe', github: 'BVLC/caffe', stackoverflow: 'caffe', dockerhub: 'bvlc/caffe', paper: 'arXiv:1408.5093' },
  { name: 'CNTK', github: 'microsoft/CNTK', stackoverflow: 'cntk', pypi: 'cntk' },
  { name: 'Theano', github: 'Theano/Theano', stackoverflow: 'theano', pypi: 'theano', paper: 'arXiv:1605.02688' },
  { name: 'Deeplearning4j', github: 'deeplearning4j/deeplearning4j', stackoverflow: 'deeplearning4j' },
  { name: 'neon', github: 'NervanaSystems/neon', pypi: 'nervananeon' }
]

const _silent = { info() {}, warning() {}, debug() {} }

function context(standins: RegistryStandins, overrides: Partial<SourceContext> = {}): SourceContext {
  const endpoints = registryEndpoints(standins.urls)
  return sourceContext({ now: NOW, endpoints, token: TOKEN, maxWaitMs: 20, ...overrides })
}

async function withStandins<T>(options: RegistryStandinOptions, run: (s: RegistryStandins) => Promise<T>): Promise<T> {
  const standins = await startRegistryStandins(options)
  try {
    return await run(standins)
  } finally {
    await standins.close()
  }
}

async function runAll(sources: Source[], frameworks: FrameworkConfig[], ctx: SourceContext): Promise<SourceOutcome[]> {
  return Promise.all(
    sources.map((s) =>
      s.collect(
        frameworks.filter((fw) => s.appliesTo(fw)),
        ctx
      )
    )
  )
}

/** What each framework should get, read straight from the stand-in data. */
function expectedValues(
  frameworks: FrameworkConfig[],
  data = deepLearningRegistryData
): Map<string, Record<string, SourceValues['metrics']>> {
  const out = new Map<string, Record<string, SourceValues['metrics']>>()
  for (const fw of frameworks) {
    const bySource: Record<string, SourceValues['metrics']> = {}
    if (fw.stackoverflow) {
      const tag = data.tags![fw.stackoverflow]
      bySource.stackoverflow = { so_questions: tag.count, so_questions_window: tag.windowCount }
    }
    if (fw.pypi) bySource.pypi = { pypi_downloads_month: data.pypi![normalizePypiName(fw.pypi)] }
    if (fw.npm) bySource.npm = { npm_downloads_month: data.npm![fw.npm] }
    if (fw.conda) bySource.conda = { conda_downloads_total: data.conda![fw.conda].reduce((a, b) => a + b, 0) }
    if (fw.dockerhub) bySource.dockerhub = { docker_pulls_total: data.docker![fw.dockerhub] }
    if (fw.paper) bySource.semanticscholar = { citations: data.papers![fw.paper] }
    out.set(fw.name, bySource)
  }
  return out
}

function actualValues(outcomes: SourceOutcome[]): Map<string, Record<string, SourceValues['metrics']>> {
  const out = new Map<string, Record<string, SourceValues['metrics']>>()
  for (const outcome of outcomes) {
    for (const [name, values] of outcome.values)
      out.set(name, { ...(out.get(name) ?? {}), [outcome.source]: values.metrics })
  }
  return out
}

function sorted<T>(map: Map<string, T>): Array<[string, T]> {
  return [...map].sort(([a], [b]) => a.localeCompare(b))
}

describe('registry sources on the ten deep learning frameworks', () => {
  let standins: RegistryStandins
  let ctx: SourceContext
  let outcomes: SourceOutcome[]
  before(async () => {
    standins = await startRegistryStandins({ data: deepLearningRegistryData, now: NOW })
    ctx = context(standins)
    outcomes = await runAll(registrySources, TEN, ctx)
  })
  after(() => standins.close())

  test('every value equals the stand-in data, with no failures', () => {
    assert.deepEqual(
      outcomes.flatMap((o) => o.failures),
      []
    )
    assert.deepEqual(sorted(actualValues(outcomes)), sorted(expectedValues(TEN)))
  })

  test('the sources list names the six registry sources in report order, after GitHub', () => {
    assert.deepEqual(
      registrySources.map((s) => s.id),
      ['stackoverflow', 'pypi', 'npm', 'conda', 'dockerhub', 'semanticscholar']
    )
  })

  test('nine tags take one tag-info request; the window takes one request per tag', () => {
    const tagRequests = standins.requests.filter((r) => r.service === 'stackexchange' && r.path.startsWith('/tags/'))
    assert.equal(tagRequests.length, 1)
    assert.equal(tagRequests[0].path.split(';').length, 9)
    assert.match(tagRequests[0].query, /site=stackoverflow/)
    assert.match(tagRequests[0].query, /pagesize=100/)
    const windowRequests = standins.requests.filter((r) => r.service === 'stackexchange' && r.path === '/questions')
    assert.equal(windowRequests.length, 9)
    const to = Math.floor(NOW.getTime() / 1000)
    for (const r of windowRequests) {
      assert.match(r.query, /filter=total/)
      assert.match(r.query, new RegExp(`fromdate=${to - 30 * 86400}&todate=${to}`))
    }
    assert.deepEqual(ctx.counter.toJSON(), {
      conda: 4,
      dockerhub: 3,
      'npm.point': 1,
      pypi: 8,
      'semanticscholar.batch': 1,
      'stackoverflow.questions': 9,
      'stackoverflow.tags': 1
    })
  })

  test('Stack Exchange responses really are gzipped, and the source parses them', () => {
    const se = standins.requests.filter((r) => r.service === 'stackexchange')
    assert.ok(se.length > 0)
    for (const r of se) assert.equal(r.contentEncoding, 'gzip', `${r.path} not gzipped`)
    assert.equal(outcomes.find((o) => o.source === 'stackoverflow')!.values.size, 9)
  })

  test('the Semantic Scholar batch is one POST with every paper id', () => {
    const s2 = standins.requests.filter((r) => r.service === 'semanticscholar')
    assert.deepEqual(
      s2.map((r) => [r.method, r.path, r.query]),
      [['POST', '/paper/batch', '?fields=citationCount']]
    )
  })
})

describe('Stack Overflow', () => {
  test('window questions are counted from question dates between fromdate and todate', async () => {
    const day = 86_400_000
    const dates = [1, 5, 29, 31, 90].map((d) => new Date(NOW.getTime() - d * day).toISOString())
    await withStandins({ data: { tags: { rust: { count: 1000, questionDates: dates } } } }, async (s) => {
      const outcome = await stackOverflowSource.collect(
        [{ name: 'Rust', github: 'rust-lang/rust', stackoverflow: 'rust' }],
        context(s)
      )
      assert.deepEqual(outcome.values.get('Rust')?.metrics, { so_questions: 1000, so_questions_window: 3 })
    })
  })

  test('a tag missing from the items is a failure for that framework only', async () => {
    await withStandins({}, async (s) => {
      const frameworks: FrameworkConfig[] = [
        { name: 'Keras', github: 'keras-team/keras', stackoverflow: 'keras' },
        { name: 'Ghost', github: 'ghost/ghost', stackoverflow: 'no-such-tag' }
      ]
      const outcome = await stackOverflowSource.collect(frameworks, context(s))
      assert.deepEqual([...outcome.values.keys()], ['Keras'])
      assert.deepEqual(outcome.failures, [
        { source: 'stackoverflow', framework: 'Ghost', message: 'tag "no-such-tag" not found on Stack Overflow' }
      ])
      assert.equal(
        s.requests.filter((r) => r.path === '/questions').length,
        1,
        'no window request for a tag that does not exist'
      )
    })
  })

  test('250 tags take three tag-info requests of at most 100 tags', async () => {
    const data = syntheticRegistryData(250, 7)
    const frameworks = syntheticRegistryKeys(250).map((k, i) => ({ name: `F${i}`, github: `o/f${i}`, ...k }))
    await withStandins({ data }, async (s) => {
      const outcome = await createStackOverflowSource({ concurrency: 8 }).collect(
        frameworks.filter((f) => f.stackoverflow),
        context(s, { stackexchangeKey: SE_KEY })
      )
      assert.deepEqual(outcome.failures, [])
      const tagRequests = s.requests.filter((r) => r.path.startsWith('/tags/'))
      assert.deepEqual(
        tagRequests.map((r) => r.path.split(';').length),
        [100, 100, 25]
      )
      for (const fw of frameworks.filter((f) => f.stackoverflow)) {
        assert.equal(outcome.values.get(fw.name)?.metrics.so_questions, data.tags![fw.stackoverflow!].count)
      }
    })
  })

  test('tags with + and # are url-encoded and still found', async () => {
    await withStandins(
      {
        data: { tags: { 'c++': { count: 800_000, windowCount: 900 }, 'c#': { count: 1_600_000, windowCount: 1200 } } }
      },
      async (s) => {
        const frameworks: FrameworkConfig[] = [
          { name: 'C++', github: 'a/b', stackoverflow: 'c++' },
          { name: 'C#', github: 'a/c', stackoverflow: 'c#' }
        ]
        const outcome = await stackOverflowSource.collect(frameworks, context(s))
        assert.deepEqual(outcome.failures, [])
        assert.equal(outcome.values.get('C++')?.metrics.so_questions, 800_000)
        assert.equal(outcome.values.get('C#')?.metrics.so_questions_window, 1200)
      }
    )
  })

  test('the backoff field delays the next request to the same method', async () => {
    // Every Stack Exchange answer carries backoff: 0.15 s. With one request at a time, each
    // /questions request must arrive at least 150 ms after the previous /questions answer.
    const faults = { seed: 1, rate: 1, kinds: ['se-backoff' as const], backoffSeconds: 0.15 }
    await withStandins({ faults }, async (s) => {
      const frameworks = TEN.filter((f) => f.stackoverflow).slice(0, 4)
      const outcome = await createStackOverflowSource({ concurrency: 1 }).collect(
        frameworks,
        context(s, { maxWaitMs: 10_000 })
      )
      assert.deepEqual(outcome.failures, [])
      const questions = s.requests.filter((r) => r.path === '/questions')
      assert.equal(questions.length, 4)
      assert.ok(questions.every((r) => r.backoff === 0.15))
      for (let i = 1; i < questions.length; i++) {
        const gap = questions[i].receivedAt - questions[i - 1].respondedAt
        assert.ok(gap >= 150, `request ${i} came ${gap.toFixed(1)} ms after a backoff of 150 ms`)
      }
      // The tag-info answer's backoff does not hold back /questions (another method):
      const tagInfo = s.requests.find((r) => r.path.startsWith('/tags/'))!
      assert.ok(tagInfo.backoff === 0.15)
    })
  })

  test('a backoff longer than maxWaitMs is capped to maxWaitMs', async () => {
    const faults = { seed: 1, rate: 1, kinds: ['se-backoff' as const], backoffSeconds: 3600 }
    await withStandins({ faults }, async (s) => {
      const frameworks = TEN.filter((f) => f.stackoverflow).slice(0, 3)
      const outcome = await createStackOverflowSource({ concurrency: 1 }).collect(
        frameworks,
        context(s, { maxWaitMs: 30 })
      )
      assert.deepEqual(outcome.failures, [])
      const questions = s.requests.filter((r) => r.path === '/questions')
      for (let i = 1; i < questions.length; i++) assert.ok(questions[i].receivedAt - questions[i - 1].respondedAt >= 30)
    })
  })

  test('the key is sent on every request and never appears in failure messages', async () => {
    await withStandins({ failServices: ['stackexchange'] }, async (s) => {
      const outcome = await stackOverflowSource.collect(
        TEN.filter((f) => f.stackoverflow),
        context(s, { stackexchangeKey: SE_KEY })
      )
      const se = s.requests.filter((r) => r.service === 'stackexchange')
      assert.ok(se.length > 0)
      for (const r of se) assert.ok(new URLSearchParams(r.query).get('key') === SE_KEY, 'key param sent')
      assert.equal(outcome.failures.length, 9)
      assert.equal(outcome.values.size, 0)
      const text = JSON.stringify(outcome.failures)
      assert.ok(!text.includes(SE_KEY) && !text.includes(encodeURIComponent(SE_KEY)), text)
      assert.ok(!text.includes('key='), text)
      assert.match(outcome.failures[0].message, /HTTP 500/)
    })
  })

  test('a throttle_violation (HTTP 400, error_id 502) is retried after the wait it names', async () => {
    const faults = { seed: 3, rate: 1, kinds: ['502' as const], retryAfterSeconds: 0.2 }
    await withStandins({ faults }, async (s) => {
      const outcome = await stackOverflowSource.collect([TEN[0]], context(s, { maxWaitMs: 2000 }))
      assert.deepEqual(outcome.failures, [])
      assert.deepEqual(outcome.values.get('TensorFlow')?.metrics, { so_questions: 79_412, so_questions_window: 412 })
      const tags = s.requests.filter((r) => r.path.startsWith('/tags/'))
      assert.deepEqual(
        tags.map((r) => r.status),
        [400, 400, 200]
      )
      assert.ok(tags[1].receivedAt - tags[0].respondedAt >= 200, 'waited the 0.2 s the error message asked for')
    })
  })

  test('a throttle asking for a day is not retried and fails the frameworks', async () => {
    await withStandins({ seQuotaMax: 0 }, async (s) => {
      const outcome = await stackOverflowSource.collect(
        TEN.filter((f) => f.stackoverflow).slice(0, 2),
        context(s, { maxWaitMs: 1000 })
      )
      assert.equal(outcome.values.size, 0)
      assert.equal(outcome.failures.length, 2)
      assert.match(
        outcome.failures[0].message,
        /HTTP 400: throttle_violation: too many requests from this IP, more requests available in 86400 seconds/
      )
      assert.equal(s.requests.length, 1)
    })
  })

  test('when quota_remaining reaches 0 no further request is sent', async () => {
    await withStandins({ seQuotaMax: 1 }, async (s) => {
      const outcome = await stackOverflowSource.collect(
        TEN.filter((f) => f.stackoverflow).slice(0, 2),
        context(s, { maxWaitMs: 1000 })
      )
      // The tag-info request used the only request of the quota; the API said so (quota_remaining 0).
      assert.equal(outcome.values.size, 0)
      assert.equal(outcome.failures.length, 2)
      assert.match(outcome.failures[0].message, /quota used up/)
      assert.equal(s.requests.length, 1)
    })
  })
})

describe('npm', () => {
  test('unscoped packages share bulk requests of at most 128; scoped ones go one per request', async () => {
    const npm: Record<string, number> = {}
    const frameworks: FrameworkConfig[] = []
    for (let i = 0; i < 200; i++) {
      npm[`pkg-${i}`] = i * 10
      frameworks.push({ name: `P${i}`, github: 'o/r', npm: `pkg-${i}` })
    }
    for (let i = 0; i < 3; i++) {
      npm[`@scope/pkg-${i}`] = 1000 + i
      frameworks.push({ name: `S${i}`, github: 'o/r', npm: `@scope/pkg-${i}` })
    }
    frameworks.push({ name: 'Unknown', github: 'o/r', npm: 'no-such-package' })
    await withStandins({ data: { npm } }, async (s) => {
      const ctx = context(s)
      const outcome = await npmSource.collect(frameworks, ctx)
      assert.deepEqual(outcome.failures, [
        { source: 'npm', framework: 'Unknown', message: 'npm package "no-such-package" not found' }
      ])
      assert.equal(outcome.values.get('P7')?.metrics.npm_downloads_month, 70)
      assert.equal(outcome.values.get('S2')?.metrics.npm_downloads_month, 1002)
      assert.equal(outcome.values.size, 203)
      const bulk = s.requests.filter((r) => r.path.includes(','))
      assert.deepEqual(
        bulk.map((r) => r.path.split(',').length).sort((a, b) => a - b),
        [73, 128]
      )
      assert.ok(
        bulk.every((r) => !r.path.includes('@')),
        'no scoped name in a bulk request'
      )
      assert.deepEqual(
        s.requests
          .filter((r) => r.path.includes('@'))
          .map((r) => r.path)
          .sort(),
        [
          '/downloads/point/last-month/@scope/pkg-0',
          '/downloads/point/last-month/@scope/pkg-1',
          '/downloads/point/last-month/@scope/pkg-2'
        ]
      )
      assert.deepEqual(ctx.counter.toJSON(), { 'npm.bulk': 2, 'npm.point': 3 })
    })
  })

  test('the stand-in refuses scoped names in bulk, as the real API does', async () => {
    await withStandins({}, async (s) => {
      const response = await fetch(`${s.urls.npm}/downloads/point/last-month/react,@tensorflow/tfjs`)
      assert.equal(response.status, 400)
      assert.match(((await response.json()) as { error: string }).error, /[Ss]coped/)
    })
  })
})

describe('pypi, conda, Docker Hub, Semantic Scholar', () => {
  test('pypi names are normalised and an unknown project is a failure (404)', async () => {
    await withStandins({ data: { pypi: { 'scikit-learn': 123 } } }, async (s) => {
      const outcome = await pypiSource.collect(
        [
          { name: 'sklearn', github: 'a/b', pypi: 'Scikit_Learn' },
          { name: 'Ghost', github: 'a/c', pypi: 'no-such-project' }
        ],
        context(s)
      )
      assert.equal(outcome.values.get('sklearn')?.metrics.pypi_downloads_month, 123)
      assert.deepEqual(outcome.failures, [
        { source: 'pypi', framework: 'Ghost', message: 'PyPI project "no-such-project" not found on pypistats.org' }
      ])
      assert.equal(
        s.requests.filter((r) => r.path === '/packages/no-such-project/recent').length,
        1,
        '404 is not retried'
      )
    })
  })

  test('official Docker images live in the library namespace', async () => {
    await withStandins({ data: { docker: { 'library/python': 9_000_000_000 } } }, async (s) => {
      const outcome = await dockerHubSource.collect(
        [{ name: 'Python', github: 'python/cpython', dockerhub: 'python' }],
        context(s)
      )
      assert.equal(outcome.values.get('Python')?.metrics.docker_pulls_total, 9_000_000_000)
      assert.deepEqual(
        s.requests.map((r) => r.path),
        ['/repositories/library/python']
      )
    })
  })

  test('conda sums ndownloads over every file', async () => {
    await withStandins({ data: { conda: { 'conda-forge/numpy': [5, 10, 20] } } }, async (s) => {
      const outcome = await condaSource.collect(
        [{ name: 'NumPy', github: 'numpy/numpy', conda: 'conda-forge/numpy' }],
        context(s)
      )
      assert.equal(outcome.values.get('NumPy')?.metrics.conda_downloads_total, 35)
    })
  })

  test('unknown papers get null in the batch and fail on their own', async () => {
    await withStandins({}, async (s) => {
      const outcome = await semanticScholarSource.collect(
        [
          { name: 'TensorFlow', github: 'a/b', paper: 'arXiv:1603.04467' },
          { name: 'Ghost', github: 'a/c', paper: 'DOI:10.0000/none' }
        ],
        context(s)
      )
      assert.equal(outcome.values.get('TensorFlow')?.metrics.citations, 16_412)
      assert.deepEqual(outcome.failures, [
        {
          source: 'semanticscholar',
          framework: 'Ghost',
          message: 'paper "DOI:10.0000/none" not found on Semantic Scholar'
        }
      ])
    })
  })

  test('a 429 without retry-after from Semantic Scholar is retried with backoff', async () => {
    const faults = { seed: 5, rate: 1, kinds: ['429-retry-after' as const] }
    await withStandins({ faults }, async (s) => {
      const outcome = await semanticScholarSource.collect([TEN[0]], context(s))
      assert.equal(outcome.values.get('TensorFlow')?.metrics.citations, 16_412)
      assert.deepEqual(
        s.requests.map((r) => r.status),
        [429, 429, 200]
      )
      assert.equal(s.injected, 2)
    })
  })
})

describe('faults and failures', () => {
  test('with seeded faults of every kind the values equal a fault-free run', async () => {
    const faults = {
      seed: 42,
      rate: 0.5,
      kinds: ['502', '503', '429-retry-after', 'reset', 'timeout', 'se-backoff'] as const,
      timeoutHoldMs: 1500,
      backoffSeconds: 0.01,
      retryAfterSeconds: 0.01
    }
    await withStandins({ faults: { ...faults, kinds: [...faults.kinds] } }, async (s) => {
      // A timeout well above what a busy machine makes of an ordinary answer (at 150 ms, answers late
      // under load timed out too, and a request could use up its attempts); the held ones still time out.
      const ctx = context(s, { requestTimeoutMs: 600 })
      const outcomes = await runAll(registrySources, TEN, ctx)
      assert.deepEqual(
        outcomes.flatMap((o) => o.failures),
        []
      )
      assert.deepEqual(sorted(actualValues(outcomes)), sorted(expectedValues(TEN)))
      assert.ok(s.injected >= 5, `only ${s.injected} faults injected`)
      const kinds = new Set(s.requests.map((r) => r.fault).filter(Boolean))
      for (const kind of ['reset', 'timeout']) assert.ok(kinds.has(kind as never), `no ${kind} fault injected`)
      assert.ok(ctx.counter.total() > 35, 'retries are counted')
    })
  })

  test('a service that always fails gives one failure per framework and no values', async () => {
    await withStandins(
      { failServices: ['pypistats', 'anaconda', 'dockerhub', 'semanticscholar', 'npm'] },
      async (s) => {
        const ctx = context(s)
        const outcomes = await runAll(
          registrySources.filter((x) => x.id !== 'stackoverflow'),
          TEN,
          ctx
        )
        for (const outcome of outcomes) {
          const applicable = TEN.filter((fw) => registrySources.find((x) => x.id === outcome.source)!.appliesTo(fw))
          assert.equal(outcome.values.size, 0, outcome.source)
          assert.deepEqual(
            outcome.failures.map((f) => f.framework).sort(),
            applicable.map((fw) => fw.name).sort(),
            outcome.source
          )
          for (const failure of outcome.failures) assert.match(failure.message, /HTTP 500.*gave up after 4 attempts/)
        }
        assert.equal(ctx.counter.total('pypi'), 8 * 4)
        assert.equal(ctx.counter.total('semanticscholar'), 4)
      }
    )
  })

  test('nonsense numbers are failures, never values', async () => {
    await withStandins(
      { data: { docker: { 'a/b': -5 }, conda: { 'c/d': [1, Number.NaN] }, pypi: { x: 1.5 } } },
      async (s) => {
        const ctx = context(s)
        const [docker, conda, pypi] = await Promise.all([
          dockerHubSource.collect([{ name: 'A', github: 'a/b', dockerhub: 'a/b' }], ctx),
          condaSource.collect([{ name: 'C', github: 'a/b', conda: 'c/d' }], ctx),
          pypiSource.collect([{ name: 'X', github: 'a/b', pypi: 'x' }], ctx)
        ])
        for (const outcome of [docker, conda, pypi]) {
          assert.equal(outcome.values.size, 0, outcome.source)
          assert.equal(outcome.failures.length, 1, outcome.source)
          assert.match(outcome.failures[0].message, /unexpected response/)
        }
      }
    )
  })
})

describe('synthetic data', () => {
  test('1,000 synthetic frameworks: values match and requests stay few', async () => {
    const data = syntheticRegistryData(1000, 11)
    const frameworks = syntheticRegistryKeys(1000).map((k, i) => ({ name: `F${i}`, github: `o/f${i}`, ...k }))
    await withStandins({ data }, async (s) => {
      const ctx = context(s, { stackexchangeKey: SE_KEY })
      const sources = [
        createStackOverflowSource({ concurrency: 16 }),
        pypiSource,
        npmSource,
        condaSource,
        dockerHubSource,
        semanticScholarSource
      ]
      const outcomes = await runAll(sources, frameworks, ctx)
      assert.deepEqual(
        outcomes.flatMap((o) => o.failures),
        []
      )
      assert.deepEqual(sorted(actualValues(outcomes)), sorted(expectedValues(frameworks, data)))
      const counts = ctx.counter.toJSON()
      assert.equal(counts['stackoverflow.tags'], 9)
      assert.equal(counts['stackoverflow.questions'], 900)
      assert.equal(counts['npm.bulk'], 4)
      assert.equal(counts['npm.point'], 200)
      assert.equal(counts['semanticscholar.batch'], 1)
    })
  })
})
