import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import { startGitHubStandin, type GitHubStandinOptions } from '../standins/index.js'
import { createOctokit } from '../src/publish/index.js'

const TOKEN = 'ghs_octokitFactorySecret42'

async function setup(
  t: TestContext,
  options: Partial<GitHubStandinOptions>,
  client: { retries?: number; requestTimeoutMs?: number; token?: string } = {}
) {
  const gh = await startGitHubStandin({
    token: TOKEN,
    site: { owner: 'acme', name: 'docs', files: { 'a.md': 'a\n' } },
    ...options
  })
  t.after(() => gh.close())
  const lines: string[] = []
  const log = {
    info: (m: string) => lines.push(m),
    warning: (m: string) => lines.push(`warning: ${m}`),
    debug: (m: string) => lines.push(m)
  }
  const octokit = createOctokit({
    token: client.token ?? TOKEN,
    baseUrl: gh.apiUrl,
    log,
    retryBaseMs: 1,
    writeSpacingMs: 0,
    ...client
  })
  return { gh, octokit, lines }
}

test('server errors are retried 3 times, then the error surfaces', async (t) => {
  const { gh, octokit } = await setup(t, { faults: { seed: 1, rate: 1, kinds: ['502'], maxPerRequestKey: 100 } })
  await assert.rejects(
    octokit.rest.repos.get({ owner: 'acme', repo: 'docs' }),
    (e: { status?: number }) => e.status === 502
  )
  assert.equal(gh.requests.length, 4)
})

test('secondary rate limits are retried after retry-after, at most 3 times', async (t) => {
  const { gh, octokit, lines } = await setup(t, {
    faults: { seed: 1, rate: 1, kinds: ['secondary-403'], maxPerRequestKey: 100 }
  })
  await assert.rejects(
    octokit.rest.git.createBlob({ owner: 'acme', repo: 'docs', content: 'x' }),
    (e: { status?: number }) => e.status === 403
  )
  assert.equal(gh.requests.length, 4)
  assert.ok(lines.some((l) => l.startsWith('warning: ') && l.includes('giving up after 3 retries')))
  assert.deepEqual(gh.state.branches(), ['main'])
})

test('a request that fails twice in a row (resets, 429, 503) succeeds on retry', async (t) => {
  for (const kind of ['reset', '429', '503', 'timeout'] as const) {
    const { gh, octokit } = await setup(t, { faults: { seed: 5, rate: 1, kinds: [kind], timeoutMs: 10 } })
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'docs' })
    assert.equal(data.default_branch, 'main', kind)
    assert.equal(gh.faults.injected, 2, kind)
  }
})

test('a hung request is aborted by the client timeout and fails instead of stalling', async (t) => {
  const { octokit } = await setup(t, { latencyMs: 400 }, { retries: 1, requestTimeoutMs: 40 })
  await assert.rejects(octokit.rest.repos.get({ owner: 'acme', repo: 'docs' }))
})

test('the token never appears in errors or logs', async (t) => {
  const { octokit, lines } = await setup(
    t,
    { faults: { seed: 2, rate: 0.5, kinds: ['502', 'secondary-403'] } },
    { token: 'ghs_wrongTokenValue' }
  )
  const error = await octokit.rest.repos.get({ owner: 'acme', repo: 'docs' }).then(
    () => assert.fail('expected 401'),
    (e: { status?: number; message: string; request?: unknown }) => e
  )
  assert.equal(error.status, 401)
  const everything = JSON.stringify({ message: error.message, request: error.request }) + lines.join('\n')
  assert.ok(!everything.includes('ghs_wrongTokenValue'))
  assert.ok(!everything.includes(TOKEN))
})
