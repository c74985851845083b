import assert from 'node:assert/strict'
import { test, type TestContext } from 'node:test'
import { startGitHubStandin, type GitHubStandinOptions } from '../standins/index.js'
import {
  createOctokit,
  openBase,
  publish,
  readBotBranchFile,
  PublishError,
  RaceLostError,
  type PublishRequest
} from '../src/publish/index.js'
import { gitHubMessage } from '../src/publish/errors.js'

const TOKEN = 'ghs_publishTestSecret0123456789'
const repo = { owner: 'acme', repo: 'docs' }
const BRANCH = 'framework-radar/report'
const REPORT = 'docs/frameworks.md'
const HISTORY = 'docs/frameworks-history.json'

async function setup(t: TestContext, options: Partial<GitHubStandinOptions> = {}) {
  const gh = await startGitHubStandin({
    token: TOKEN,
    site: { owner: 'acme', name: 'docs', files: { 'README.md': '# Docs\n', [REPORT]: 'old report\n' } },
    ...options
  })
  t.after(() => gh.close())
  const lines: string[] = []
  const log = {
    info: (m: string) => lines.push(m),
    warning: (m: string) => lines.push(m),
    debug: (m: string) => lines.push(m)
  }
  // 10 s: the stand-in parses GitHub's GraphQL schema on the first mutation (~1.5 s on a busy machine).
  // A 1 s pacing window: injected secondary limits halve the pace, and publishing is not what is
  // under test there (__tests__/github-limits.test.ts tests the pacing).
  const client = () =>
    createOctokit({
      token: TOKEN,
      baseUrl: gh.apiUrl,
      log,
      retryBaseMs: 1,
      writeSpacingMs: 0,
      requestTimeoutMs: 10_000,
      limits: { windowMs: 1000 }
    })
  const octokit = client()
  const request = async (
    files: Record<string, string>,
    over: Partial<PublishRequest> = {}
  ): Promise<PublishRequest> => ({
    repo,
    base: await openBase(octokit, repo),
    branch: BRANCH,
    files,
    title: 'Update framework popularity report',
    body: 'Rank changes: none',
    labels: [],
    reviewers: [],
    assignees: [],
    draft: false,
    commitMessage: 'Update framework popularity report',
    ...over
  })
  const run = async (files: Record<string, string>, over: Partial<PublishRequest> = {}) =>
    publish(octokit, await request(files, over), log)
  return { gh, octokit, client, log, lines, request, run }
}

const files1 = { [REPORT]: 'report v1\n', [HISTORY]: '{"snapshots":[1]}\n' }
const files2 = { [REPORT]: 'report v2\n', [HISTORY]: '{"snapshots":[1,2]}\n' }

test('first run creates one signed commit on top of base and opens the PR', async (t) => {
  const { gh, run } = await setup(t)
  const baseSha = gh.state.branchSha('main')!
  gh.resetLog()
  const result = await run(files1, {
    labels: ['report', 'automated'],
    reviewers: ['mona'],
    assignees: ['hubot'],
    draft: true
  })
  assert.equal(result.operation, 'created')
  assert.equal(result.changed, true)
  assert.equal(result.number, 1)
  assert.match(result.url!, /\/acme\/docs\/pull\/1$/)
  // tree, commit, ref, pull + labels, reviewers, assignees
  assert.equal(result.writes, 7)
  assert.equal(gh.writes().length, 7)
  assert.deepEqual(
    gh.writes().map((w) => `${w.method} ${w.path.replace('/repos/acme/docs', '')}`),
    [
      'POST /git/trees',
      'POST /git/commits',
      'POST /git/refs',
      'POST /pulls',
      'POST /issues/1/labels',
      'POST /pulls/1/requested_reviewers',
      'POST /issues/1/assignees'
    ]
  )
  assert.equal(gh.requests.filter((r) => r.kind === 'graphql').length, 0)
  assert.equal(gh.state.fileAt(BRANCH, REPORT), 'report v1\n')
  assert.equal(gh.state.fileAt(BRANCH, HISTORY), '{"snapshots":[1]}\n')
  assert.equal(gh.state.fileAt(BRANCH, 'README.md'), '# Docs\n')
  const head = gh.state.commit(gh.state.branchSha(BRANCH)!)!
  assert.deepEqual(head.parents, [baseSha])
  assert.equal(head.verified, true)
  const [pr] = gh.state.pulls()
  assert.equal(pr.state, 'open')
  assert.equal(pr.draft, true)
  assert.equal(pr.baseRef, 'main')
  assert.deepEqual(pr.labels, ['report', 'automated'])
  assert.deepEqual(pr.requestedReviewers, ['mona'])
  assert.deepEqual(pr.assignees, ['hubot'])
})

test('an unchanged re-run writes nothing; new content updates the same PR', async (t) => {
  const { gh, run } = await setup(t)
  const first = await run(files1)
  assert.equal(first.writes, 4)

  gh.resetLog()
  const again = await run(files1)
  assert.deepEqual(again, { operation: 'none', changed: true, number: first.number, url: first.url, writes: 0 })
  assert.equal(gh.writes().length, 0)
  // The REST budget of an unchanged run: repository, base branch, 2 contents reads, PR list,
  // bot branch, compare — and no GraphQL.
  assert.deepEqual(
    gh.requests.map((r) => `${r.method} ${r.path.replace('/repos/acme/docs', '')}`),
    [
      'GET ',
      'GET /branches/main',
      'GET /contents/docs/frameworks-history.json',
      'GET /contents/docs/frameworks.md',
      'GET /pulls',
      'GET /branches/framework-radar/report',
      `GET /compare/${gh.state.branchSha('main')}...${gh.state.branchSha(BRANCH)}`
    ]
  )

  gh.resetLog()
  const headBefore = gh.state.branchSha(BRANCH)
  const updated = await run(files2, { body: 'Rank changes: PyTorch ↑1' })
  assert.equal(updated.operation, 'updated')
  assert.equal(updated.number, first.number)
  assert.equal(updated.writes, 4) // tree, commit, ref (force), PR body
  assert.equal(gh.writes().length, 4)
  assert.notEqual(gh.state.branchSha(BRANCH), headBefore)
  assert.equal(gh.state.fileAt(BRANCH, REPORT), 'report v2\n')
  const pulls = gh.state.pulls()
  assert.equal(pulls.length, 1)
  assert.equal(pulls[0].body, 'Rank changes: PyTorch ↑1')
  // Still one commit on top of base.
  assert.deepEqual(gh.state.commit(gh.state.branchSha(BRANCH)!)!.parents, [gh.state.branchSha('main')])
})

test('a changed title alone edits the PR without a new commit', async (t) => {
  const { gh, run } = await setup(t)
  await run(files1, { labels: ['report'] })
  const head = gh.state.branchSha(BRANCH)
  gh.resetLog()
  const result = await run(files1, { title: 'New title', labels: ['report', 'radar'] })
  assert.equal(result.operation, 'updated')
  assert.equal(result.writes, 2) // PATCH pull + missing label
  assert.deepEqual(
    gh.writes().map((w) => `${w.method} ${w.path.replace('/repos/acme/docs', '')}`),
    ['PATCH /pulls/1', 'POST /issues/1/labels']
  )
  assert.equal(gh.state.branchSha(BRANCH), head)
  assert.equal(gh.state.pulls()[0].title, 'New title')
  assert.deepEqual(gh.state.pulls()[0].labels, ['report', 'radar'])
})

test('when base moves on, the branch is rebuilt on the new base head', async (t) => {
  const { gh, run } = await setup(t)
  await run(files1)
  const humanSha = gh.state.commitToBranch('main', { 'README.md': '# Docs, edited\n' }, 'Edit README')
  gh.resetLog()
  const result = await run(files1)
  assert.equal(result.operation, 'updated')
  assert.equal(result.writes, 3) // tree, commit, ref; title/body unchanged
  const head = gh.state.commit(gh.state.branchSha(BRANCH)!)!
  assert.deepEqual(head.parents, [humanSha])
  assert.equal(gh.state.fileAt(BRANCH, 'README.md'), '# Docs, edited\n')
})

test('after the PR was merged, new content opens a new PR', async (t) => {
  const { gh, run } = await setup(t)
  const first = await run(files1)
  gh.state.commitToBranch('main', { 'README.md': '# Docs, edited\n' }) // forces a merge commit
  gh.state.mergePull(first.number!)
  assert.equal(gh.state.fileAt('main', REPORT), 'report v1\n')

  gh.resetLog()
  const same = await run(files1)
  assert.equal(same.operation, 'none')
  assert.equal(same.changed, false)
  assert.equal(gh.writes().length, 0)

  const next = await run(files2)
  assert.equal(next.operation, 'created')
  assert.notEqual(next.number, first.number)
  assert.equal(gh.state.pulls().filter((p) => p.state === 'open').length, 1)
  assert.equal(gh.state.fileAt(BRANCH, REPORT), 'report v2\n')
})

test('when base already holds the files, the open PR is closed and the branch deleted', async (t) => {
  const { gh, run } = await setup(t)
  const first = await run(files1)
  gh.state.commitToBranch('main', files1, 'Someone landed the report by hand')
  gh.resetLog()
  const result = await run(files1)
  assert.deepEqual(result, { operation: 'closed', changed: false, number: first.number, url: first.url, writes: 2 })
  assert.equal(gh.writes().length, 2)
  assert.equal(gh.state.pulls()[0].state, 'closed')
  assert.equal(gh.state.pulls()[0].merged, false)
  assert.deepEqual(gh.state.branches(), ['main'])
})

test('two concurrent runs end with one PR', async (t) => {
  const { gh, client, log, request } = await setup(t)
  const [a, b] = await Promise.all([
    request(files1).then((req) => publish(client(), req, log)),
    request(files1).then((req) => publish(client(), req, log))
  ])
  assert.deepEqual([a.operation, b.operation].sort(), ['created', 'updated'])
  // Both raced past the lookups: one lost the ref creation and the PR creation with a 422.
  assert.deepEqual(
    gh.requests
      .filter((r) => r.status === 422)
      .map((r) => `${r.method} ${r.path.replace('/repos/acme/docs', '')}`)
      .sort(),
    ['POST /git/refs', 'POST /pulls']
  )
  assert.equal(a.number, b.number)
  assert.equal(gh.state.pulls().length, 1)
  assert.equal(gh.state.fileAt(BRANCH, REPORT), 'report v1\n')
})

test('refuses a protected bot branch before any write', async (t) => {
  const { gh, run } = await setup(t, { protectedBranches: [BRANCH] })
  gh.state.commitToBranch(BRANCH, {}, 'placeholder')
  gh.state.setRef(`heads/${BRANCH}`, gh.state.branchSha('main')!)
  gh.resetLog()
  await assert.rejects(
    run(files1),
    (e: Error) =>
      e instanceof PublishError && /is protected/.test(e.message) && /branch protection rule/.test(e.message)
  )
  assert.equal(gh.writes().length, 0)
})

test("refuses a bot branch that holds someone else's commits, and says how to fix it", async (t) => {
  const { gh, run } = await setup(t)
  await run(files1)
  gh.state.commitToBranch(BRANCH, { 'notes.md': 'my notes\n' }, 'Human fix on the bot branch')
  gh.resetLog()
  await assert.rejects(
    run(files2),
    (e: Error) =>
      e instanceof PublishError && /did not make/.test(e.message) && /delete "framework-radar\/report"/.test(e.message)
  )
  assert.equal(gh.writes().length, 0)
  // A single human commit touching another file is refused as well.
  const { gh: gh2, run: run2 } = await setup(t)
  gh2.state.commitToBranch(BRANCH, { 'notes.md': 'x\n' }, 'Human branch')
  gh2.resetLog()
  await assert.rejects(run2(files1), /touching notes\.md/)
  assert.equal(gh2.writes().length, 0)
})

test('refuses paths under .github/workflows without a single request', async (t) => {
  const { gh, request, octokit, log } = await setup(t)
  const req = await request({ '.github/workflows/radar.yml': 'on: push\n' })
  gh.resetLog()
  await assert.rejects(publish(octokit, req, log), /never writes under \.github\/workflows/)
  assert.equal(gh.requests.length, 0)
})

test('maps "Actions may not create pull requests" to the setting to change', async (t) => {
  const { gh, run } = await setup(t, { permissions: { actionsCanCreatePRs: false } })
  await assert.rejects(
    run(files1),
    (e: Error) =>
      e instanceof PublishError &&
      e.message.includes(
        'Settings → Actions → General → Workflow permissions → ' +
          "'Allow GitHub Actions to create and approve pull requests'"
      ) &&
      e.message.includes('permissions: { contents: write, pull-requests: write }')
  )
  assert.equal(gh.state.pulls().length, 0)
})

test('maps a read-only token to the contents: write permission, with nothing written', async (t) => {
  const { gh, run } = await setup(t, { permissions: { contents: 'read' } })
  const objectsBefore = gh.state.objects.size
  await assert.rejects(run(files1), (e: Error) => e instanceof PublishError && /`contents: write`/.test(e.message))
  assert.deepEqual(gh.state.branches(), ['main'])
  assert.equal(gh.state.objects.size, objectsBefore)
  assert.equal(gh.writes().filter((w) => w.status < 400).length, 0)
})

test('a missing base branch is a clear error', async (t) => {
  const { octokit } = await setup(t)
  await assert.rejects(openBase(octokit, repo, 'release'), /base branch "release" does not exist in acme\/docs/)
  const base = await openBase(octokit, repo)
  assert.equal(base.baseBranch, 'main')
  assert.equal(await base.read(REPORT), 'old report\n')
  assert.equal(await base.read('nope.md'), undefined)
})

test('readBotBranchFile reads the unmerged history from the bot branch', async (t) => {
  const { octokit, run } = await setup(t)
  assert.equal(await readBotBranchFile(octokit, repo, BRANCH, HISTORY), undefined)
  await run(files1)
  assert.equal(await readBotBranchFile(octokit, repo, BRANCH, HISTORY), '{"snapshots":[1]}\n')
  assert.equal(await readBotBranchFile(octokit, repo, BRANCH, 'absent.json'), undefined)
})

test('works against GitHub Enterprise Server paths (/api/v3)', async (t) => {
  const { gh, run } = await setup(t, { prefix: '/api/v3' })
  assert.match(gh.apiUrl, /\/api\/v3$/)
  const result = await run(files1)
  assert.equal(result.operation, 'created')
  assert.ok(gh.requests.every((r) => r.status < 400 || r.status === 404))
  assert.equal((await run(files1)).operation, 'none')
})

test('transient faults are retried and give the fault-free result; the token is never logged', async (t) => {
  const { gh, run, lines } = await setup(t, {
    faults: { seed: 7, rate: 0.35, kinds: ['502', '503', 'secondary-403', '429', 'reset', 'timeout'], timeoutMs: 20 }
  })
  const first = await run(files1, { labels: ['report'] })
  const again = await run(files1, { labels: ['report'] })
  const updated = await run(files2, { labels: ['report'] })
  assert.equal(first.operation, 'created')
  assert.equal(again.operation, 'none')
  assert.equal(updated.operation, 'updated')
  assert.equal(updated.number, first.number)
  assert.ok(gh.faults.injected > 3, `expected faults, got ${gh.faults.injected}`)
  assert.equal(gh.state.pulls().length, 1)
  assert.deepEqual(gh.state.pulls()[0].labels, ['report'])
  assert.equal(gh.state.fileAt(BRANCH, REPORT), 'report v2\n')
  assert.deepEqual(gh.state.commit(gh.state.branchSha(BRANCH)!)!.parents, [gh.state.branchSha('main')])
  assert.ok(!lines.join('\n').includes(TOKEN))
})

test('racing runs: a run whose branch moved under it overwrites nothing and says so', async (t) => {
  const { gh, octokit, run, request, log } = await setup(t)
  await run(files1)
  const req = await request(files2)
  // The other run pushes its snapshot after this run read the branch, before it moves it.
  let theirs: string | undefined
  octokit.hook.before('request', (options) => {
    if (theirs === undefined && options.method === 'POST' && String(options.url).endsWith('/git/trees')) {
      theirs = gh.state.commitToBranch(BRANCH, { [HISTORY]: '{"snapshots":[1,"theirs"]}\n' }, 'the other run')
    }
  })
  gh.resetLog()
  await assert.rejects(
    publish(octokit, req, log),
    (e: Error) => e instanceof RaceLostError && /Another run changed the branch/.test(e.message)
  )
  assert.ok(theirs)
  assert.equal(gh.state.branchSha(BRANCH), theirs, "the other run's commit is still the branch head")
  assert.equal(gh.state.fileAt(BRANCH, HISTORY), '{"snapshots":[1,"theirs"]}\n')
  // The swap was refused by GitHub (compare-and-swap), not skipped by a re-read.
  const mutation = gh.requests.find((r) => r.kind === 'graphql')
  assert.equal(mutation?.write, true)
})

test('racing runs: a branch deleted meanwhile (auto-delete head branches) is not an error when closing', async (t) => {
  const { gh, octokit, run, request, log } = await setup(t)
  const first = await run(files1)
  gh.state.commitToBranch('main', files1, 'landed by hand')
  const req = await request(files1)
  octokit.hook.before('request', (options) => {
    if (options.method === 'PATCH' && String(options.url).includes('/pulls/')) gh.state.deleteBranch(BRANCH)
  })
  const result = await publish(octokit, req, log)
  assert.equal(result.operation, 'closed')
  assert.equal(result.number, first.number)
  assert.deepEqual(gh.state.branches(), ['main'])
})

test("GitHub's 422 details (resource, field, code) reach the message", async (t) => {
  const { octokit } = await setup(t)
  await assert.rejects(
    octokit.rest.pulls.create({ ...repo, title: 'x', head: 'no-such-branch', base: 'main' }),
    (e: Error) => /PullRequest\.head invalid/.test(gitHubMessage(e))
  )
})

test('racing runs: files built from an older bot branch head are not published over a newer one', async (t) => {
  const { gh, octokit, run, request, log } = await setup(t)
  await run(files1)
  const readAt = gh.state.branchSha(BRANCH)!
  await run(files2) // the other run, after this one read the history at `readAt`
  gh.resetLog()
  const req = await request({ ...files2, [HISTORY]: '{"snapshots":[1,"mine"]}\n' }, { expectedBotHead: readAt })
  await assert.rejects(publish(octokit, req, log), RaceLostError)
  assert.equal(gh.writes().length, 0)
  assert.equal(gh.state.fileAt(BRANCH, HISTORY), files2[HISTORY])
  // null = "there was no branch when I read": also refused once the branch exists.
  await assert.rejects(publish(octokit, await request(files2, { expectedBotHead: null }), log), RaceLostError)
})
