// Package facts (PyPI JSON API, npm registry): the metadata rules, both sources against the
// stand-ins, the stale fallback, and how the criteria matrix and the funnel use them.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { parseConfig } from '../src/config/load.js'
import type { FrameworkConfig } from '../src/config/schema.js'
import { carryPackageFacts } from '../src/history/carry-facts.js'
import { snapshotOf } from '../src/history/index.js'
import type { FrameworkData, PackageMeta } from '../src/model.js'
import { rankFrameworks } from '../src/rank/index.js'
import { evaluateFunnel, renderReport } from '../src/report/index.js'
import { packageFact, sameLicense } from '../src/rank/package-facts.js'
import { npmRegistrySource, registryPath } from '../src/sources/npm-registry/index.js'
import {
  platformsOf,
  pythonVersionsOf,
  readPlatformTag,
  runtimeDependencies
} from '../src/sources/pypi-json/metadata.js'
import { pypiJsonSource } from '../src/sources/pypi-json/index.js'
import { RequestCounter, type SourceContext, type SourceOutcome } from '../src/sources/types.js'
import { registryEndpoints, sourceContext } from './helpers/source-context.js'
import { deepLearningPackageData } from '../standins/packages.js'
import { deepLearningRegistryData, startRegistryStandins, type RegistryStandins } from '../standins/registries.js'

const NOW = new Date('2026-11-23T06:17:00Z')
const _silent = { info() {}, warning() {}, debug() {} }

const PYPI_FRAMEWORKS: FrameworkConfig[] = [
  { name: 'TensorFlow', github: 'tensorflow/tensorflow', pypi: 'tensorflow', npm: '@tensorflow/tfjs' },
  { name: 'PyTorch', github: 'pytorch/pytorch', pypi: 'torch' },
  { name: 'Keras', github: 'keras-team/keras', pypi: 'keras' },
  { name: 'MXNet', github: 'apache/incubator-mxnet', pypi: 'mxnet' },
  { name: 'Theano', github: 'Theano/Theano', pypi: 'Theano' },
  { name: 'CNTK', github: 'microsoft/CNTK', pypi: 'cntk' },
  { name: 'Ghost', github: 'ghost/ghost', pypi: 'no-such-project', npm: '@ghost/nothing' }
]

function context(standins: RegistryStandins, counter = new RequestCounter()): SourceContext {
  return sourceContext({ endpoints: registryEndpoints(standins.urls), token: 'ghs_unused', counter, maxWaitMs: 20 })
}

describe('PyPI metadata rules', () => {
  test('wheel platform tags name the operating system and architecture', () => {
    assert.deepEqual(readPlatformTag('manylinux_2_17_x86_64'), { os: ['Linux'], arch: ['x86_64'] })
    assert.deepEqual(readPlatformTag('manylinux2014_aarch64'), { os: ['Linux'], arch: ['arm64'] })
    assert.deepEqual(readPlatformTag('musllinux_1_2_x86_64'), { os: ['Linux'], arch: ['x86_64'] })
    assert.deepEqual(readPlatformTag('macosx_11_0_arm64'), { os: ['macOS'], arch: ['arm64'] })
    assert.deepEqual(readPlatformTag('macosx_10_9_universal2'), { os: ['macOS'], arch: ['x86_64', 'arm64'] })
    assert.deepEqual(readPlatformTag('win_amd64'), { os: ['Windows'], arch: ['x86_64'] })
    assert.deepEqual(readPlatformTag('win32'), { os: ['Windows'], arch: ['x86'] })
    assert.deepEqual(readPlatformTag('any'), { os: ['Linux', 'macOS', 'Windows'], arch: [] })
  })

  test('platforms over all files: compressed tag sets count, an sdist says nothing', () => {
    assert.deepEqual(
      platformsOf([
        'x-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
        'x-1.0-1build-cp312-cp312-win_arm64.whl',
        'x-1.0.tar.gz'
      ]),
      { platforms: ['Linux', 'Windows'], architectures: ['arm64', 'x86_64'] }
    )
    assert.deepEqual(platformsOf(['x-1.0.tar.gz']), { platforms: [], architectures: [] })
  })

  test('runtime dependencies leave out extras but keep environment markers', () => {
    assert.deepEqual(
      runtimeDependencies([
        'numpy>=1.26',
        'setuptools; python_version >= "3.12"',
        'triton==3.5; platform_system == "Linux"',
        'pytest; extra == "test"',
        'Typing_Extensions (>=4)',
        'typing-extensions>=4.1; python_version < "3.11"'
      ]),
      ['numpy', 'setuptools', 'triton', 'typing-extensions']
    )
  })

  test('Python versions from classifiers, in version order', () => {
    assert.deepEqual(
      pythonVersionsOf([
        'Programming Language :: Python :: 3.10',
        'Programming Language :: Python :: 3',
        'Programming Language :: Python :: 3.9',
        'Programming Language :: Python :: Implementation :: CPython'
      ]),
      ['3.9', '3.10']
    )
  })

  test('license names GitHub and packages write differently are the same license', () => {
    assert.ok(sameLicense('Apache 2.0', 'Apache-2.0'))
    assert.ok(sameLicense('Apache License 2.0', 'Apache-2.0'))
    assert.ok(sameLicense('BSD', 'BSD-3-Clause'))
    assert.ok(!sameLicense('BSD-3-Clause', 'Other'))
    assert.ok(!sameLicense('MIT', 'Apache-2.0'))
  })

  test('a scoped npm name is one path segment', () => {
    assert.equal(registryPath('@tensorflow/tfjs'), '@tensorflow%2Ftfjs')
    assert.equal(registryPath('react'), 'react')
  })
})

describe('package sources against the stand-ins', () => {
  let standins: RegistryStandins
  let pypi: SourceOutcome
  let npm: SourceOutcome
  const counter = new RequestCounter()
  before(async () => {
    standins = await startRegistryStandins({
      data: deepLearningRegistryData,
      now: NOW,
      faults: { seed: 7, rate: 0.4, kinds: ['502', '503', '429-retry-after', 'reset'], retryAfterSeconds: 0.01 }
    })
    const ctx = context(standins, counter)
    pypi = await pypiJsonSource.collect(PYPI_FRAMEWORKS.filter(pypiJsonSource.appliesTo), ctx)
    npm = await npmRegistrySource.collect(PYPI_FRAMEWORKS.filter(npmRegistrySource.appliesTo), ctx)
  })
  after(() => standins.close())

  test('every PyPI project gets the facts its files and metadata state, despite faults', () => {
    assert.ok(standins.injected > 0, 'faults were injected')
    for (const fw of PYPI_FRAMEWORKS.filter((f) => f.name !== 'Ghost')) {
      const fixture = deepLearningPackageData.pypiProjects![fw.pypi!.toLowerCase()]
      const meta = pypi.values.get(fw.name)?.info?.pypiPackage as PackageMeta
      assert.ok(meta, `${fw.name} has facts`)
      assert.equal(meta.version, fixture.version)
      assert.equal(meta.releasedAt, fixture.uploaded)
      const runtime = (fixture.requires_dist ?? []).filter((r) => !r.includes('extra =='))
      assert.equal(meta.dependencies, runtime.length, `${fw.name} dependencies`)
      const wheels = fixture.files.filter((f) => f.endsWith('.whl'))
      const has = (pattern: RegExp) => wheels.some((f) => pattern.test(f) || f.endsWith('-any.whl'))
      const expected = [
        has(/linux/) ? 'Linux' : undefined,
        has(/macosx/) ? 'macOS' : undefined,
        has(/win/) ? 'Windows' : undefined
      ].filter(Boolean)
      assert.deepEqual(meta.platforms ?? [], expected, `${fw.name} platforms`)
    }
    const torch = pypi.values.get('PyTorch')?.info?.pypiPackage
    assert.equal(torch?.license, 'BSD-3-Clause', 'license_expression wins')
    assert.deepEqual(torch?.architectures, ['arm64', 'x86_64'])
    assert.deepEqual(torch?.pythonVersions, ['3.10', '3.11', '3.12', '3.13', '3.14'])
    assert.equal(pypi.values.get('Theano')?.info?.pypiPackage?.platforms, undefined, 'an sdist names no platform')
  })

  test('the npm package document: latest version, its date, its dependencies, scoped name encoded', () => {
    const tfjs = npm.values.get('TensorFlow')?.info?.npmPackage
    const fixture = deepLearningPackageData.npmPackages!['@tensorflow/tfjs']
    assert.equal(tfjs?.version, fixture.latest)
    assert.equal(tfjs?.releasedAt, fixture.time[fixture.latest])
    assert.equal(tfjs?.dependencies, Object.keys(fixture.dependencies).length)
    assert.equal(tfjs?.license, 'Apache-2.0')
    const paths = standins.requests.filter((r) => r.service === 'npm_registry').map((r) => r.path)
    assert.ok(paths.includes('/@tensorflow%2Ftfjs'), paths.join(' '))
  })

  test('an unknown package is a failure for that framework only', () => {
    assert.deepEqual(pypi.failures, [
      { source: 'pypi-json', framework: 'Ghost', message: 'PyPI project "no-such-project" not found on PyPI' }
    ])
    assert.deepEqual(
      npm.failures.map((f) => f.framework),
      ['Ghost']
    )
    assert.ok(counter.total('pypi-json') >= 7, 'one request per project at least')
  })
})

describe('package facts in the report', () => {
  const yaml = `title: T
criteria: [platforms, python_versions, dependencies, package_license, license]
funnel:
  - { stage: Runs on Windows, require: { fact: platforms, contains: Windows } }
frameworks:
  - { name: A, github: o/a, pypi: a }
  - { name: B, github: o/b, pypi: b, facts: { platforms: [Linux, Windows] } }
  - { name: C, github: o/c, pypi: c }
  - { name: D, github: o/d }
`
  const config = parseConfig(yaml, 'test.yml')
  const meta = (platforms: string[] | undefined, license: string): PackageMeta => ({
    name: 'x',
    version: '1.0',
    dependencies: 3,
    license,
    ...(platforms ? { platforms } : {}),
    pythonVersions: ['3.11', '3.12']
  })
  const data: FrameworkData[] = [
    { name: 'A', info: { license: 'Other', pypiPackage: meta(['Linux', 'macOS', 'Windows'], 'BSD-3-Clause') } },
    { name: 'B', info: { license: 'MIT', pypiPackage: meta(['Linux'], 'MIT') } },
    { name: 'C', info: { license: 'MIT', pypiPackage: meta(['Linux', 'macOS'], 'MIT License') } },
    { name: 'D', info: { license: 'MIT' } }
  ].map((d, i) => ({
    ...d,
    github: `o/${d.name.toLowerCase()}`,
    metrics: { stars: 100 * (4 - i) },
    lowerBounds: [],
    stale: []
  }))
  const ranked = rankFrameworks(data, config)
  const report = renderReport({
    config,
    ranked,
    history: { version: 1, snapshots: [snapshotOf(ranked, '2026-11-23')] },
    date: '2026-11-23',
    failures: [],
    notes: []
  })
  // The matrix is split into narrow tables: a framework's cells, table after table.
  const row = (name: string) =>
    report
      .split('\n')
      .filter((l) => l.startsWith(`| ${name} |`))
      .map((l) => l.slice(`| ${name} |`.length))
      .join('')

  test('automatic values carry the mark, the config overrides them, the legend explains', () => {
    assert.match(
      row('A') ?? '',
      / Linux, macOS, Windows ᵖ \| 3\.11, 3\.12 ᵖ \| 3 ᵖ \| BSD-3-Clause ᵖ ⚠ GitHub: Other \| Other \|/
    )
    assert.match(row('B') ?? '', / Linux, Windows \| 3\.11, 3\.12 ᵖ \|/, 'the config fact, without a mark')
    assert.match(row('C') ?? '', / MIT License ᵖ \| MIT \|/, 'the same license written differently is no mismatch')
    assert.ok(report.includes('ᵖ filled in automatically from package metadata'))
  })

  test('the funnel requires a platform from package metadata', () => {
    const funnel = evaluateFunnel(config, ranked, '2026-11-23')
    assert.deepEqual(funnel.stages[0].promote, ['A', 'B'])
    assert.deepEqual(
      funnel.stages[0].pass.map((p) => [p.name, p.reason]),
      [
        ['C', 'platforms Linux, macOS, required: contains Windows'],
        ['D', 'unknown: platforms is not set']
      ]
    )
    assert.equal(packageFact(data[3], 'platforms'), undefined)
  })

  test("a failed package source keeps the last snapshot's facts", () => {
    const last = snapshotOf(ranked, '2026-11-16')
    const today = data.map((d) => ({ ...d, info: { license: d.info.license } }))
    const carried = carryPackageFacts(
      today,
      config.frameworks,
      [{ source: 'pypi-json', framework: 'A', message: 'HTTP 502' }],
      last
    )
    assert.deepEqual(carried[0].info.pypiPackage, data[0].info.pypiPackage)
    assert.equal(carried[1].info.pypiPackage, undefined, 'only the framework that failed')
    const whole = carryPackageFacts(today, config.frameworks, [{ source: 'pypi-json', message: 'down' }], last)
    assert.deepEqual(
      whole.map((d) => d.info.pypiPackage?.platforms),
      data.map((d) => d.info.pypiPackage?.platforms)
    )
  })
})
