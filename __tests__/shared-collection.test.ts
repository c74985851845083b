// Several configs collected in one pass: every source asks once per repository or package, and each
// config gets its own records, failures and notes back, under its own names.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseConfigList } from '../src/config-files.js'
import type { FrameworkConfig } from '../src/config/schema.js'
import { collectMetrics } from '../src/sources/collect.js'
import { collectShared } from '../src/sources/shared.js'
import { RequestCounter, type Source, type SourceContext } from '../src/sources/types.js'

/** A GitHub-like source that records every repository it was asked for. */
function recordingSource(asked: string[][], opts: { failFor?: string; noteFor?: string } = {}): Source {
  return {
    id: 'github',
    metrics: ['stars'],
    appliesTo: () => true,
    async collect(frameworks) {
      asked.push(frameworks.map((f) => f.github))
      const values = new Map()
      const failures = []
      const notes = []
      for (const fw of frameworks) {
        if (fw.github === opts.failFor)
          failures.push({ source: 'github' as const, framework: fw.name, message: 'HTTP 502' })
        else values.set(fw.name, { metrics: { stars: fw.github.length * 100 }, info: { license: 'MIT' } })
        if (fw.github === opts.noteFor) notes.push(`${fw.name}: GitHub repository ${fw.github} was renamed`)
      }
      return { source: 'github' as const, values, failures, notes }
    }
  }
}

const ctx: SourceContext = {
  now: new Date('2026-11-23T06:17:00Z'),
  windowDays: 30,
  endpoints: {} as SourceContext['endpoints'],
  token: 't',
  log: { info() {}, warning() {}, debug() {} },
  counter: new RequestCounter()
}

const fw = (name: string, github: string): FrameworkConfig => ({ name, github })

test('a repository listed in two configs is asked for once; each config gets it under its own name', async () => {
  const asked: string[][] = []
  const a = [fw('TensorFlow', 'tensorflow/tensorflow'), fw('PyTorch', 'pytorch/pytorch')]
  const b = [fw('TF', 'TensorFlow/TensorFlow'), fw('Keras', 'keras-team/keras')]
  const [ca, cb] = await collectShared([a, b], [recordingSource(asked)], ctx)
  assert.deepEqual(asked, [['tensorflow/tensorflow', 'pytorch/pytorch', 'keras-team/keras']])
  assert.deepEqual(
    ca.data.map((d) => [d.name, d.metrics.stars]),
    [
      ['TensorFlow', 2100],
      ['PyTorch', 1500]
    ]
  )
  assert.deepEqual(
    cb.data.map((d) => [d.name, d.github, d.metrics.stars]),
    [
      ['TF', 'TensorFlow/TensorFlow', 2100],
      ['Keras', 'keras-team/keras', 1600]
    ]
  )
  // The records are copies: changing one config's does not change the other's.
  ca.data[0].info.license = 'changed'
  assert.equal(cb.data[0].info.license, 'MIT')
})

test('one list alone gives what collectMetrics gives', async () => {
  const list = [fw('A', 'a/a'), fw('B', 'b/b'), fw('C', 'c/c')]
  const [shared] = await collectShared([list], [recordingSource([], { failFor: 'b/b', noteFor: 'c/c' })], ctx)
  const plain = await collectMetrics(list, [recordingSource([], { failFor: 'b/b', noteFor: 'c/c' })], ctx)
  assert.deepEqual(shared, plain)
})

test('failures and notes about a shared repository reach every config that lists it, under its names', async () => {
  const asked: string[][] = []
  const source = recordingSource(asked, { failFor: 'x/shared', noteFor: 'x/shared' })
  const [ca, cb] = await collectShared(
    [[fw('Shared', 'x/shared'), fw('Own', 'x/own')], [fw('Also shared', 'x/shared')]],
    [source],
    ctx
  )
  assert.equal(asked.flat().filter((g) => g === 'x/shared').length, 1)
  assert.deepEqual(ca.failures, [{ source: 'github', framework: 'Shared', message: 'HTTP 502' }])
  assert.deepEqual(cb.failures, [{ source: 'github', framework: 'Also shared', message: 'HTTP 502' }])
  assert.deepEqual(ca.failedMetrics.get('Shared'), ['stars'])
  assert.deepEqual(ca.notes, ['Shared: GitHub repository x/shared was renamed'])
  assert.deepEqual(cb.notes, ['Also shared: GitHub repository x/shared was renamed'])
})

test('the same name for different repositories in two configs: a second pass, never a mix-up', async () => {
  const asked: string[][] = []
  const [ca, cb] = await collectShared(
    [[fw('Serve', 'pytorch/serve')], [fw('Serve', 'tensorflow/serving')]],
    [recordingSource(asked)],
    ctx
  )
  assert.deepEqual(asked, [['pytorch/serve'], ['tensorflow/serving']])
  assert.equal(ca.data[0].metrics.stars, 'pytorch/serve'.length * 100)
  assert.equal(cb.data[0].metrics.stars, 'tensorflow/serving'.length * 100)
})

test('the config input: one a line or comma-separated, braces of a glob kept whole', () => {
  assert.deepEqual(parseConfigList('.github/a.yml\n .github/b.yml ,c.yml\n\n'), [
    '.github/a.yml',
    '.github/b.yml',
    'c.yml'
  ])
  assert.deepEqual(parseConfigList('.github/radar/{web,ml}.yml, other.yml'), [
    '.github/radar/{web,ml}.yml',
    'other.yml'
  ])
  assert.deepEqual(parseConfigList('a.yml\na.yml'), ['a.yml'])
})

test('a source without a known key is asked once only for entries that are the same in every key', async () => {
  const asked: string[][] = []
  const unknown = { ...recordingSource(asked), id: 'newsource' as Source['id'] }
  await collectShared(
    [
      [fw('A', 'x/a'), { ...fw('B', 'x/b'), npm: 'b' }],
      [fw('A2', 'x/a'), { ...fw('B2', 'x/b'), npm: 'other' }]
    ],
    [unknown],
    ctx
  )
  assert.deepEqual(asked, [['x/a', 'x/b', 'x/b']])
})
