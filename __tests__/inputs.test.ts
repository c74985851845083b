// The action's inputs (INPUT_*) and the runner's environment, read in process.
import assert from 'node:assert/strict'
import { afterEach, test } from 'node:test'
import { graphqlUrlFor, parseList, readInputs, readSettings } from '../src/inputs.js'

const saved = { ...process.env }
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
  Object.assign(process.env, saved)
})

/** Sets INPUT_* as the runner does: every declared input, upper-cased, dashes kept. */
function setInputs(values: Record<string, string>): void {
  process.env.FRAMEWORK_RADAR_CLI = '1' // no ::add-mask:: lines in this test's output
  for (const [name, value] of Object.entries(values)) process.env[`INPUT_${name.toUpperCase()}`] = value
}

test('lists split on commas and newlines, trimmed, without blanks or repeats', () => {
  assert.deepEqual(parseList(' report, automated\nreport ,,\n'), ['report', 'automated'])
  assert.deepEqual(parseList(''), [])
})

test('readInputs: defaults, lists and booleans', () => {
  setInputs({ token: 'ghs_x', labels: 'a, b', reviewers: 'mona\nhubot', draft: 'true', 'dry-run': '' })
  const inputs = readInputs()
  assert.equal(inputs.config, '.github/framework-radar.yml')
  assert.equal(inputs.branch, 'framework-radar/report')
  assert.equal(inputs.title, 'Update framework popularity report')
  assert.deepEqual(inputs.labels, ['a', 'b'])
  assert.deepEqual(inputs.reviewers, ['mona', 'hubot'])
  assert.deepEqual(inputs.assignees, [])
  assert.equal(inputs.draft, true)
  assert.equal(inputs.dryRun, false)
})

test('readInputs refuses a boolean that is not true/false and a branch name git would refuse', () => {
  setInputs({ draft: 'yes' })
  assert.throws(() => readInputs(), /Input "draft" must be "true" or "false", got "yes"/)
  setInputs({ draft: 'false', branch: 'a..b' })
  assert.throws(() => readInputs(), /Input "branch" is not a valid branch name/)
})

/** What @actions/github's context gives readSettings (it reads the runner's GITHUB_* variables). */
const runner = (over: Partial<Parameters<typeof readSettings>[0]> = {}): Parameters<typeof readSettings>[0] => ({
  apiUrl: 'https://ghe.example/api/v3/',
  graphqlUrl: 'https://ghe.example/api/graphql',
  serverUrl: 'https://ghe.example',
  runId: 42,
  repo: { owner: 'acme', repo: 'site' },
  ...over
})

test('readSettings: endpoints, clock, repository and run URL from the runner environment', () => {
  const settings = readSettings(runner(), { GITHUB_WORKSPACE: '/ws', FRAMEWORK_RADAR_NOW: '2026-11-23T06:17:00Z' })
  assert.equal(settings.endpoints.githubApi, 'https://ghe.example/api/v3')
  assert.equal(settings.endpoints.githubGraphql, 'https://ghe.example/api/graphql')
  assert.deepEqual(settings.repository, { owner: 'acme', repo: 'site' })
  assert.equal(settings.now.toISOString(), '2026-11-23T06:17:00.000Z')
  assert.equal(settings.runUrl, 'https://ghe.example/acme/site/actions/runs/42')
  assert.equal(settings.workspace, '/ws')
  assert.equal(graphqlUrlFor('https://api.github.com'), 'https://api.github.com/graphql')
})

test('readSettings refuses a missing repository and an unreadable clock', () => {
  assert.throws(() => readSettings(runner({ repo: { owner: '', repo: '' } }), {}), /GITHUB_REPOSITORY must be set/)
  assert.throws(
    () => readSettings(runner(), { FRAMEWORK_RADAR_NOW: 'next monday' }),
    /FRAMEWORK_RADAR_NOW must be an ISO-8601 time/
  )
})

test('wait knobs: GitHub-friendly defaults, overridable, and refused when not a number of ms', () => {
  const defaults = readSettings(runner(), {})
  assert.equal(defaults.retryBaseMs, 1000)
  assert.equal(defaults.writeSpacingMs, 1000)
  const fast = readSettings(runner(), { FRAMEWORK_RADAR_RETRY_BASE_MS: '1', FRAMEWORK_RADAR_WRITE_SPACING_MS: '0' })
  assert.equal(fast.retryBaseMs, 1)
  assert.equal(fast.writeSpacingMs, 0)
  assert.throws(
    () => readSettings(runner(), { FRAMEWORK_RADAR_RETRY_BASE_MS: 'fast' }),
    /FRAMEWORK_RADAR_RETRY_BASE_MS must be a number of milliseconds/
  )
  assert.throws(() => readSettings(runner(), { FRAMEWORK_RADAR_WRITE_SPACING_MS: '-5' }), /must be a number/)
})
