import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { test } from 'node:test'
import { ConfigError, parseConfig } from '../src/config/load.js'
import { DEFAULT_WEIGHTS, GROUP_METRICS } from '../src/config/schema.js'

const ok = `frameworks:\n  - name: A\n    github: a/b\n`

// The corpus of broken configs. Each must fail with file:line:column, the key, and a message a user can act on.
export const BROKEN_CONFIGS: Array<{ name: string; yaml: string; expect: string }> = [
  { name: 'yaml syntax: unclosed flow sequence', yaml: 'frameworks: [\n', expect: 'cfg.yml:2:1: frameworks: ' },
  { name: 'yaml syntax: bad indentation', yaml: 'frameworks:\n  - name: A\n   github: a/b\n', expect: 'cfg.yml:3:' },
  { name: 'yaml syntax: tab indentation', yaml: 'frameworks:\n\t- name: A\n', expect: 'cfg.yml:2:' },
  {
    name: 'duplicate yaml key',
    yaml: `title: a\ntitle: b\n${ok}`,
    expect: 'cfg.yml:2:1: title: Map keys must be unique'
  },
  { name: 'empty file', yaml: '', expect: 'cfg.yml:1:1: the file is empty' },
  { name: 'comments only', yaml: '# nothing\n', expect: 'cfg.yml:1:1: the file is empty' },
  { name: 'top level is a list', yaml: '- a\n- b\n', expect: 'cfg.yml:1:1: must be an object, got a list' },
  { name: 'missing frameworks', yaml: 'title: x\n', expect: 'cfg.yml:1:1: frameworks: is required' },
  {
    name: 'empty frameworks list',
    yaml: 'frameworks: []\n',
    expect: 'cfg.yml:1:13: frameworks: needs at least 1 item(s)'
  },
  {
    name: 'frameworks is a mapping',
    yaml: 'frameworks:\n  a: 1\n',
    expect: 'cfg.yml:2:3: frameworks: must be an array, got a mapping'
  },
  {
    name: 'unknown top-level key',
    yaml: `${ok}windows_days: 30\n`,
    expect: 'cfg.yml:4:1: windows_days: unknown key "windows_days" (did you mean "window_days"?)'
  },
  {
    name: 'unknown framework key',
    yaml: 'frameworks:\n  - name: A\n    github: a/b\n    pipy: a\n',
    expect: 'cfg.yml:4:5: frameworks[0].pipy: unknown key "pipy" (did you mean "pypi"?)'
  },
  {
    name: 'metric as a framework key',
    yaml: 'frameworks:\n  - name: A\n    github: a/b\n    stars: 5\n',
    expect: 'frameworks[0].stars: unknown key "stars": metrics are collected, not configured'
  },
  {
    name: 'missing github',
    yaml: 'frameworks:\n  - name: A\n',
    expect: 'cfg.yml:2:5: frameworks[0].github: is required'
  },
  {
    name: 'missing name',
    yaml: 'frameworks:\n  - github: a/b\n',
    expect: 'cfg.yml:2:5: frameworks[0].name: is required'
  },
  {
    name: 'bad owner/name',
    yaml: 'frameworks:\n  - name: A\n    github: tensorflow\n',
    expect: 'cfg.yml:3:13: frameworks[0].github: must be "owner/name"'
  },
  {
    name: 'github URL instead of owner/name',
    yaml: 'frameworks:\n  - name: A\n    github: https://github.com/a/b\n',
    expect: 'frameworks[0].github: must be "owner/name"'
  },
  {
    name: 'github ends with .git',
    yaml: 'frameworks:\n  - name: A\n    github: a/b.git\n',
    expect: 'frameworks[0].github: must not end with ".git"'
  },
  {
    name: 'duplicate names',
    yaml: 'frameworks:\n  - name: A\n    github: a/b\n  - name: a\n    github: a/c\n',
    expect: 'cfg.yml:4:11: frameworks[1].name: duplicate name "a" (first used by frameworks[0])'
  },
  {
    name: 'empty name',
    yaml: 'frameworks:\n  - name: ""\n    github: a/b\n',
    expect: 'frameworks[0].name: must not be empty'
  },
  {
    name: 'name is a number',
    yaml: 'frameworks:\n  - name: 42\n    github: a/b\n',
    expect: 'frameworks[0].name: must be a string, got number 42'
  },
  {
    name: 'bad stack overflow tag',
    yaml: 'frameworks:\n  - name: A\n    github: a/b\n    stackoverflow: Tensor Flow\n',
    expect: 'frameworks[0].stackoverflow: must be a Stack Overflow tag'
  },
  {
    name: 'bad conda id',
    yaml: 'frameworks:\n  - name: A\n    github: a/b\n    conda: numpy\n',
    expect: 'frameworks[0].conda: must be "channel/package"'
  },
  {
    name: 'bad paper id',
    yaml: 'frameworks:\n  - name: A\n    github: a/b\n    paper: "1603.04467"\n',
    expect: 'frameworks[0].paper: must be a paper id'
  },
  {
    name: 'facts not a mapping',
    yaml: 'frameworks:\n  - name: A\n    github: a/b\n    facts: [a]\n',
    expect: 'frameworks[0].facts: must be a record, got a list'
  },
  {
    name: 'window_days a string',
    yaml: `${ok}window_days: thirty\n`,
    expect: 'cfg.yml:4:14: window_days: must be a number, got the string "thirty"'
  },
  { name: 'window_days zero', yaml: `${ok}window_days: 0\n`, expect: 'cfg.yml:4:14: window_days: must be >=1' },
  {
    name: 'window_days fractional',
    yaml: `${ok}window_days: 7.5\n`,
    expect: 'cfg.yml:4:14: window_days: must be a whole number, got number 7.5'
  },
  {
    name: 'report not markdown',
    yaml: `${ok}report: docs/report.html\n`,
    expect: 'cfg.yml:4:9: report: must be a relative path of a markdown file'
  },
  {
    name: 'report escapes the repo',
    yaml: `${ok}report: ../x.md\n`,
    expect: 'report: must stay inside the repository'
  },
  {
    name: 'history absolute',
    yaml: `${ok}history: /tmp/h.json\n`,
    expect: 'history: must be a relative path of a JSON file'
  },
  {
    name: 'negative weight',
    yaml: `${ok}weights:\n  popularity: { stars: -1 }\n`,
    expect: 'cfg.yml:5:24: weights.popularity.stars: must be 0 or more'
  },
  {
    name: 'weight in the wrong group',
    yaml: `${ok}weights:\n  popularity: { commits_window: 2 }\n`,
    expect: 'weights.popularity.commits_window: "commits_window" belongs to the activity group'
  },
  {
    name: 'weight of an unknown metric',
    yaml: `${ok}weights:\n  activity: { commitz: 2 }\n`,
    expect: 'weights.activity.commitz:'
  },
  {
    name: 'weight a string',
    yaml: `${ok}weights:\n  groups: { activity: high }\n`,
    expect: 'weights.groups.activity: must be a number, got the string "high"'
  },
  {
    name: 'funnel stage without require',
    yaml: `${ok}funnel:\n  - stage: Python\n`,
    expect: 'cfg.yml:5:5: funnel[0].require: is required'
  },
  {
    name: 'requirement with unknown operator',
    yaml: `${ok}funnel:\n  - stage: Python\n    require: { fact: languages, has: Python }\n`,
    expect: 'funnel[0].require.has: unknown key "has"'
  },
  {
    name: 'requirement with two operators',
    yaml: `${ok}funnel:\n  - stage: S\n    require: { fact: languages, contains: Python, equals: x }\n`,
    expect: 'funnel[0].require: a fact requirement needs exactly one of equals, contains, in, exists'
  },
  {
    name: 'requirement on unknown metric',
    yaml: `${ok}funnel:\n  - stage: S\n    require: { metric: starz, min: 3 }\n`,
    expect: 'funnel[0].require.metric: must be one of "stars"'
  },
  {
    name: 'metric requirement without bound',
    yaml: `${ok}funnel:\n  - stage: S\n    require: { metric: stars }\n`,
    expect: 'funnel[0].require: a metric requirement needs min or max'
  },
  {
    name: 'requirement is a string',
    yaml: `${ok}funnel:\n  - stage: S\n    require: has python\n`,
    expect: 'funnel[0].require: must be a requirement such as'
  },
  {
    name: 'nested requirement wrong type',
    yaml: `${ok}funnel:\n  - stage: S\n    require: { all: [ { archived: "no" } ] }\n`,
    expect: 'funnel[0].require.all[0].archived: must be a boolean, got the string "no"'
  },
  {
    name: 'criteria item unknown key',
    yaml: `${ok}criteria:\n  - { key: license, lable: L }\n`,
    expect: 'criteria[0].lable: unknown key "lable" (did you mean "label"?)'
  }
]

for (const c of BROKEN_CONFIGS) {
  test(`broken config is rejected with file, line and key: ${c.name}`, () => {
    assert.throws(
      () => parseConfig(c.yaml, 'cfg.yml'),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`)
        assert.ok(error.message.includes(c.expect), `message:\n${error.message}\nshould include:\n${c.expect}`)
        assert.match(error.message, /cfg\.yml:\d+:\d+: /)
        return true
      }
    )
  })
}

test('a config over 1 MiB is refused before parsing', () => {
  const huge = `${ok}# ${'x'.repeat(1024 * 1024)}\n`
  assert.throws(
    () => parseConfig(huge, 'big.yml'),
    /big\.yml:1:1: the file is 1,048,\d+ bytes; the limit is 1,048,576 bytes/
  )
})

test('defaults: report FRAMEWORKS.md, history beside it, window 30 days, auto criteria', () => {
  const config = parseConfig(ok, 'cfg.yml')
  assert.equal(config.report, 'FRAMEWORKS.md')
  assert.equal(config.history, 'FRAMEWORKS-history.json')
  assert.equal(config.window_days, 30)
  assert.deepEqual(
    config.criteria.map((c) => c.key),
    ['license', 'language', 'latest_release', 'last_push', 'archived']
  )
  assert.equal(config.weights.metrics.popularity.stars, 3)
})

// Issue 10 changed this deliberately: a group the config lists is complete (so_questions weighed 2 here before).
test('a group whose weights the config lists takes exactly that list; unlisted groups keep the defaults', () => {
  const config = parseConfig(
    `${ok}weights:\n  groups: { activity: 0 }\n  popularity: { stars: 1, forks: 0 }\n`,
    'cfg.yml'
  )
  assert.equal(config.weights.groups.activity, 0)
  assert.equal(config.weights.groups.popularity, 1)
  assert.equal(config.weights.metrics.popularity.stars, 1)
  assert.equal(config.weights.metrics.popularity.forks, 0)
  // Not listed: weighs 0, whatever its default.
  for (const m of GROUP_METRICS.popularity.filter((m) => m !== 'stars' && m !== 'forks'))
    assert.equal(config.weights.metrics.popularity[m], 0, m)
  // The activity group was left out: every default applies.
  assert.deepEqual(config.weights.metrics.activity, DEFAULT_WEIGHTS.activity)
  assert.deepEqual(config.weights.configured, { popularity: true, activity: false })
})

test('an empty group list turns the whole group off; no weights at all means every default', () => {
  const off = parseConfig(`${ok}weights:\n  activity: {}\n`, 'cfg.yml')
  assert.ok(GROUP_METRICS.activity.length > 0)
  for (const m of GROUP_METRICS.activity) assert.equal(off.weights.metrics.activity[m], 0, m)
  assert.deepEqual(off.weights.metrics.popularity, DEFAULT_WEIGHTS.popularity)
  const defaults = parseConfig(ok, 'cfg.yml')
  assert.deepEqual(defaults.weights.metrics, DEFAULT_WEIGHTS)
  assert.deepEqual(defaults.weights.configured, { popularity: false, activity: false })
})

test('every example config is valid and has the frameworks it promises', () => {
  const files = readdirSync(new URL('../examples/', import.meta.url)).filter((f) => f.endsWith('.yml'))
  assert.ok(files.length >= 3, `expected at least 3 examples, found ${files.join(', ')}`)
  for (const file of files) {
    const config = parseConfig(
      readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8'),
      `examples/${file}`
    )
    assert.ok(config.frameworks.length >= 3, file)
  }
  const dl = parseConfig(
    readFileSync(new URL('../examples/deep-learning.yml', import.meta.url), 'utf8'),
    'examples/deep-learning.yml'
  )
  assert.deepEqual(
    dl.frameworks.map((f) => f.github),
    [
      'tensorflow/tensorflow',
      'pytorch/pytorch',
      'keras-team/keras',
      'google/jax',
      'apache/incubator-mxnet',
      'BVLC/caffe',
      'microsoft/CNTK',
      'Theano/Theano',
      'deeplearning4j/deeplearning4j',
      'NervanaSystems/neon'
    ]
  )
  assert.ok(dl.frameworks.filter((f) => f.stackoverflow).length >= 9)
})
