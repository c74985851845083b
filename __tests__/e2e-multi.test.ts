// End to end, several configs in one run (dist/index.js under Node 24, against the stand-ins): a glob
// over two configs, one of them with three categories, gives one commit and one pull request with
// both reports; a repository both configs list is fetched once; a broken config stops the run first.
import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { deepLearningRepos } from '../standins/github/metrics.js'
import { deepLearningRegistryData, type RegistryService } from '../standins/registries.js'
import { mergeRegistryData, stackRegistryData, stackRepos } from '../standins/stack.js'
import type { ActionRun } from '../standins/runner.js'
import { exampleConfig, startWorld, type World } from '../standins/world.js'

const BRANCH = 'framework-radar/report'
const NOW = '2026-11-23T06:17:00Z'
const GLOB = '.github/radar/*.yml'
const DL = exampleConfig('deep-learning.yml')
const STACK = exampleConfig('deep-learning-stack.yml')

function multiWorld(files: Record<string, string>, failServices: RegistryService[] = []): Promise<World> {
  const [first, ...rest] = Object.entries(files)
  return startWorld({
    now: new Date(NOW),
    configPath: first[0],
    configText: first[1],
    siteFiles: Object.fromEntries(rest),
    repos: structuredClone([...deepLearningRepos, ...stackRepos]),
    registries: { data: mergeRegistryData(deepLearningRegistryData, stackRegistryData), failServices }
  })
}

const BOTH = { '.github/radar/deep-learning.yml': DL, '.github/radar/stack.yml': STACK }
const FILES = [
  'docs/frameworks.md',
  'docs/frameworks-history.json',
  'docs/deep-learning-stack.md',
  'docs/deep-learning-stack-history.json'
]

/** A fresh world's first run on the glob. */
async function firstRun(failServices: RegistryService[] = []): Promise<{ world: World; run: ActionRun }> {
  const world = await multiWorld(BOTH, failServices)
  try {
    return { world, run: await world.run({ now: NOW, inputs: { config: GLOB } }) }
  } catch (error) {
    await world.close()
    throw error
  }
}

describe('several configs, one pull request', () => {
  let world: World
  // Two more worlds' first runs, started with the file's own (separate processes, mostly waiting on
  // their stand-ins): the tests that read them await them; a failure is reported there.
  let again: ReturnType<typeof firstRun>
  let failing: ReturnType<typeof firstRun>
  before(async () => {
    again = firstRun()
    failing = firstRun(['pypistats'])
    for (const started of [again, failing]) started.catch(() => {})
    world = await multiWorld({ '.github/radar/deep-learning.yml': DL, '.github/radar/stack.yml': STACK })
  })
  after(async () => {
    await world?.close()
    for (const started of [again, failing])
      await started?.then(
        ({ world: w }) => w.close(),
        () => {}
      )
  })

  test('a glob publishes both reports and histories in one commit and one pull request', async () => {
    const run = await world.run({ now: NOW, inputs: { config: GLOB } })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(run.outputs['pull-request-operation'], 'created')
    assert.deepEqual(run.outputs['report-path'].split('\n'), ['docs/frameworks.md', 'docs/deep-learning-stack.md'])
    const commits = world.github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/git/commits'))
    assert.equal(commits.length, 1, 'one commit')
    assert.equal(world.github.state.pulls().length, 1, 'one pull request')
    for (const file of [
      'docs/frameworks.md',
      'docs/frameworks-history.json',
      'docs/deep-learning-stack.md',
      'docs/deep-learning-stack-history.json'
    ])
      assert.ok(world.github.state.fileAt(BRANCH, file), file)
    const stack = world.github.state.fileAt(BRANCH, 'docs/deep-learning-stack.md') ?? ''
    assert.match(stack, /### Contents\n\n- \[Training frameworks\]\(#training-frameworks\) \(4 frameworks\)/)
    for (const title of ['Training frameworks', 'High-level APIs', 'Serving'])
      assert.ok(stack.includes(`\n### ${title}\n`), title)
    assert.ok(Buffer.byteLength(stack) < 400 * 1024)
    const history = JSON.parse(world.github.state.fileAt(BRANCH, 'docs/deep-learning-stack-history.json') ?? '{}')
    // One measured snapshot after the twelve backfilled points of the first run (issue 13).
    const measured = history.snapshots.filter((s: { backfilled?: boolean }) => s.backfilled !== true)
    assert.equal(measured.length, 1)
    assert.equal(history.snapshots.length - measured.length, 12)
    assert.equal(measured[0].frameworks['Triton Inference Server'].category, 'serving')
    const body = world.github.state.pulls()[0].body ?? ''
    // issue 10: the first line is the run's verdict, config by config
    assert.match(body, /^\*\*(Safe to merge|Needs a look)\*\* — .+\n\nUpdates 2 reports for 2026-11-23:/)
    assert.ok(body.indexOf('## Deep learning frameworks') < body.indexOf('## Deep learning stack'))
    const ranking = JSON.parse(run.outputs.ranking) as Array<{ name: string; category?: string; report?: string }>
    assert.equal(ranking.length, 23)
    assert.deepEqual(ranking.at(-1), { ...ranking.at(-1), category: 'serving', report: 'docs/deep-learning-stack.md' })
  })

  test('a repository or package both configs list is fetched once', () => {
    const contributors = (slug: string) =>
      world.github.requests.filter((r) => r.path.toLowerCase() === `/repos/${slug}/contributors`).length
    const pypi = (name: string) =>
      world.registries.requests.filter((r) => r.service === 'pypistats' && r.path === `/packages/${name}/recent`).length
    const stargazers = (slug: string) =>
      world.github.requests.filter((r) => r.path.toLowerCase() === `/repos/${slug}/stargazers`).length
    const overall = (name: string) =>
      world.registries.requests.filter((r) => r.service === 'pypistats' && r.path === `/packages/${name}/overall`)
        .length
    for (const slug of ['tensorflow/tensorflow', 'pytorch/pytorch', 'keras-team/keras']) {
      assert.equal(world.github.repositoryFields.get(slug), 1, `${slug} asked for in GraphQL once`)
      assert.equal(contributors(slug), 1, `${slug} contributors counted once`)
      // The first run's backfill too: one backfill document field and one stargazer search per repository.
      assert.equal(world.github.backfillRepositoryFields.get(slug), 1, `${slug} backfilled once`)
      assert.ok(stargazers(slug) <= 24, `${slug}: ${stargazers(slug)} stargazer pages`)
    }
    for (const name of ['tensorflow', 'torch', 'keras']) {
      assert.equal(pypi(name), 1, name)
      assert.equal(overall(name), 1, `${name} downloads backfilled once`)
    }
  })

  test('a broken config among several fails the run before anything is collected or written', async () => {
    const broken = await multiWorld({
      ...BOTH,
      '.github/radar/stack.yml': STACK.replace('github: fastai/fastai', 'github: fastai')
    })
    try {
      const run = await broken.run({ now: NOW, inputs: { config: GLOB } })
      assert.notEqual(run.code, 0)
      assert.match(
        run.stdout + run.stderr,
        /\.github\/radar\/stack\.yml:\d+:\d+: categories\[1\]\.frameworks\[2\]\.github/
      )
      assert.equal(broken.github.writes().length, 0)
      assert.equal(broken.registries.requests.length, 0, 'nothing was collected')
    } finally {
      await broken.close()
    }
  })

  test('dry-run matches the glob in the workspace and writes both reports there', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'radar-multi-'))
    mkdirSync(path.join(workspace, '.github/radar'), { recursive: true })
    // backfill off: the subject is where the glob matches and the reports go (a first run's backfill
    // of both configs is the other tests' subject)
    writeFileSync(path.join(workspace, '.github/radar/a.yml'), `backfill: false\n${DL}`)
    writeFileSync(path.join(workspace, '.github/radar/b.yml'), `backfill: false\n${STACK}`)
    const run = await world.run({ now: NOW, workspace, inputs: { config: GLOB, 'dry-run': 'true' } })
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.equal(run.outputs['pull-request-operation'], 'none')
    const stack = readFileSync(path.join(workspace, 'docs/deep-learning-stack.md'), 'utf8')
    assert.match(stack, /### Contents/)
    assert.ok(readFileSync(path.join(workspace, 'docs/frameworks.md'), 'utf8').includes('TensorFlow'))
  })

  test('the same data and clock give byte-identical reports and histories in both configs', async () => {
    const { world: other, run } = await again
    assert.equal(run.code, 0, run.stdout + run.stderr)
    for (const file of FILES)
      assert.equal(other.github.state.fileAt(BRANCH, file), world.github.state.fileAt(BRANCH, file), file)
  })

  test('a failing source is carried over and marked stale in every config that uses it, none disappears', async () => {
    const { world: other, run } = await failing
    assert.equal(run.code, 0, run.stdout + run.stderr)
    assert.match(run.stdout + run.stderr, /::warning::pypi/)
    const body = other.github.state.pulls()[0].body ?? ''
    assert.equal(body.match(/pypi failed/g)?.length, 2, 'each config says it once')
    const stack = other.github.state.fileAt(BRANCH, 'docs/deep-learning-stack.md') ?? ''
    for (const name of ['TensorFlow', 'Keras', 'Triton Inference Server', 'KServe'])
      assert.ok(stack.includes(name), name)
    const history = JSON.parse(other.github.state.fileAt(BRANCH, 'docs/deep-learning-stack-history.json') ?? '{}')
    // the measured snapshot: the backfilled points before it are reconstructed, not carried over
    assert.deepEqual(history.snapshots.at(-1).frameworks.BentoML.stale, ['pypi_downloads_month'])
  })
})
