import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { test, type TestContext } from 'node:test'
import { HUMAN, startGitHubStandin, type GitHubStandinOptions } from '../standins/index.js'

const TOKEN = 'ghs_standinTestToken'

async function setup(t: TestContext, options: Partial<GitHubStandinOptions> = {}) {
  const gh = await startGitHubStandin({
    token: TOKEN,
    site: {
      owner: 'acme',
      name: 'docs',
      files: { 'README.md': '# Docs\n', 'docs/a.md': 'a\n', 'docs/deep/b.md': 'b\n' }
    },
    ...options
  })
  t.after(() => gh.close())
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(gh.apiUrl + path, {
      method,
      headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body)
    })
    const text = await res.text()
    let json: any
    try {
      json = JSON.parse(text)
    } catch {
      json = text
    }
    return { status: res.status, headers: res.headers, json }
  }
  return { gh, call }
}

test('authentication: token and Bearer accepted, anything else is 401 Bad credentials', async (t) => {
  const { gh, call } = await setup(t)
  assert.equal((await call('GET', '/repos/acme/docs')).status, 200)
  assert.equal((await call('GET', '/repos/acme/docs', undefined, { authorization: `Bearer ${TOKEN}` })).status, 200)
  const bad = await call('GET', '/repos/acme/docs', undefined, { authorization: 'token nope' })
  assert.equal(bad.status, 401)
  assert.equal(bad.json.message, 'Bad credentials')
  const none = await fetch(`${gh.apiUrl}/repos/acme/docs`)
  assert.equal(none.status, 401)
})

test('answers carry GitHub headers, gzip on request, and 404 for other repositories', async (t) => {
  const { call } = await setup(t)
  const res = await call('GET', '/repos/ACME/Docs', undefined, { 'accept-encoding': 'gzip' })
  assert.equal(res.status, 200)
  assert.equal(res.json.default_branch, 'main')
  assert.equal(res.json.full_name, 'acme/docs')
  assert.equal(res.headers.get('content-encoding'), 'gzip')
  assert.match(res.headers.get('content-type')!, /^application\/json/)
  assert.equal(res.headers.get('x-ratelimit-limit'), '5000')
  assert.equal(res.headers.get('x-ratelimit-resource'), 'core')
  assert.ok(Number(res.headers.get('x-ratelimit-remaining')) < 5000)
  assert.ok(res.headers.get('x-github-request-id'))
  const other = await call('GET', '/repos/acme/other')
  assert.equal(other.status, 404)
  assert.equal(other.json.message, 'Not Found')
})

test('objects hash exactly as git hashes them', async (t) => {
  const { gh } = await setup(t)
  const dir = mkdtempSync(join(tmpdir(), 'standin-git-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const git = (args: string[], input?: string, env: Record<string, string> = {}) =>
    execFileSync('git', args, { cwd: dir, input, env: { ...process.env, ...env }, encoding: 'utf8' }).trim()
  git(['init', '-q'])
  for (const [path, content] of Object.entries({
    'README.md': '# Docs\n',
    'docs/a.md': 'a\n',
    'docs/deep/b.md': 'b\n'
  })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  git(['add', '.'])
  const tree = git(['write-tree'])
  const root = gh.state.commit(gh.state.branchSha('main')!)!
  assert.equal(root.tree, tree)

  const when = `${Math.floor(Date.parse('2025-01-06T06:17:00Z') / 1000)} +0000`
  const identity = {
    GIT_AUTHOR_NAME: HUMAN.name,
    GIT_AUTHOR_EMAIL: HUMAN.email,
    GIT_AUTHOR_DATE: when,
    GIT_COMMITTER_NAME: HUMAN.name,
    GIT_COMMITTER_EMAIL: HUMAN.email,
    GIT_COMMITTER_DATE: when
  }
  const rootSha = git(['commit-tree', tree, '-F', '-'], 'Initial commit', identity)
  assert.equal(gh.state.branchSha('main'), rootSha)

  const sha = gh.state.commitToBranch('main', { 'docs/a.md': 'a, edited\n', 'README.md': null }, 'Edit a\n')
  writeFileSync(join(dir, 'docs/a.md'), 'a, edited\n')
  git(['rm', '-q', '-f', 'README.md'])
  git(['add', '.'])
  const expected = git(['commit-tree', git(['write-tree']), '-p', rootSha, '-F', '-'], 'Edit a\n', identity)
  assert.equal(sha, expected)
})

test('git data API: blobs, trees with base_tree and deletions, signed API commits, refs', async (t) => {
  const { gh, call } = await setup(t)
  const repo = '/repos/acme/docs'
  const blob = await call('POST', `${repo}/git/blobs`, {
    content: Buffer.from('hello\n').toString('base64'),
    encoding: 'base64'
  })
  assert.equal(blob.status, 201)
  assert.equal(blob.json.sha, 'ce013625030ba8dba906f756967f9e9ca394464a') // git hash-object of "hello\n"
  const readBack = await call('GET', `${repo}/git/blobs/${blob.json.sha}`)
  assert.equal(Buffer.from(readBack.json.content, 'base64').toString(), 'hello\n')

  const main = await call('GET', `${repo}/git/ref/heads/main`)
  const baseSha = main.json.object.sha
  const baseCommit = await call('GET', `${repo}/git/commits/${baseSha}`)
  assert.equal(baseCommit.json.verification.verified, false)
  const tree = await call('POST', `${repo}/git/trees`, {
    base_tree: baseCommit.json.tree.sha,
    tree: [
      { path: 'docs/new.md', mode: '100644', type: 'blob', content: 'new\n' },
      { path: 'hello.txt', mode: '100644', type: 'blob', sha: blob.json.sha },
      { path: 'docs/deep', mode: '040000', type: 'tree', sha: null }
    ]
  })
  assert.equal(tree.status, 201)
  const full = await call('GET', `${repo}/git/trees/${tree.json.sha}?recursive=1`)
  assert.deepEqual(
    full.json.tree.filter((e: any) => e.type === 'blob').map((e: any) => e.path),
    ['README.md', 'docs/a.md', 'docs/new.md', 'hello.txt']
  )
  const bad = await call('POST', `${repo}/git/trees`, {
    tree: [{ path: 'x', mode: '100644', type: 'blob', sha: '0'.repeat(40) }]
  })
  assert.equal(bad.status, 422)

  const commit = await call('POST', `${repo}/git/commits`, {
    message: 'API commit',
    tree: tree.json.sha,
    parents: [baseSha]
  })
  assert.equal(commit.status, 201)
  assert.equal(commit.json.verification.verified, true)
  assert.equal(commit.json.author.name, 'github-actions[bot]')
  const authored = await call('POST', `${repo}/git/commits`, {
    message: 'x',
    tree: tree.json.sha,
    parents: [baseSha],
    author: { name: 'A', email: 'a@example.com' }
  })
  assert.equal(authored.json.verification.verified, false)

  assert.equal(
    (await call('POST', `${repo}/git/refs`, { ref: 'refs/heads/topic/x', sha: commit.json.sha })).status,
    201
  )
  const dup = await call('POST', `${repo}/git/refs`, { ref: 'refs/heads/topic/x', sha: commit.json.sha })
  assert.deepEqual([dup.status, dup.json.message], [422, 'Reference already exists'])
  assert.equal(gh.state.fileAt('topic/x', 'hello.txt'), 'hello\n')
  assert.equal(gh.state.fileAt('topic/x', 'docs/deep/b.md'), undefined)

  // Encoded slashes are accepted, as on GitHub.
  assert.equal((await call('GET', `${repo}/git/ref/heads%2Ftopic%2Fx`)).json.object.sha, commit.json.sha)
  const notFf = await call('PATCH', `${repo}/git/refs/heads/topic/x`, { sha: authored.json.sha })
  assert.deepEqual([notFf.status, notFf.json.message], [422, 'Update is not a fast forward'])
  assert.equal(
    (await call('PATCH', `${repo}/git/refs/heads/topic/x`, { sha: authored.json.sha, force: true })).status,
    200
  )
  assert.equal(gh.state.branchSha('topic/x'), authored.json.sha)
  assert.equal((await call('DELETE', `${repo}/git/refs/heads/topic/x`)).status, 204)
  assert.equal((await call('DELETE', `${repo}/git/refs/heads/topic/x`)).status, 422)
  assert.equal((await call('GET', `${repo}/git/ref/heads/topic/x`)).status, 404)
  assert.deepEqual(gh.state.branches(), ['main'])
})

test('contents, branches and compare', async (t) => {
  const { gh, call } = await setup(t, { protectedBranches: ['main'] })
  const repo = '/repos/acme/docs'
  const file = await call('GET', `${repo}/contents/docs/a.md`)
  assert.equal(file.json.type, 'file')
  assert.equal(file.json.encoding, 'base64')
  assert.equal(Buffer.from(file.json.content, 'base64').toString(), 'a\n')
  assert.equal((await call('GET', `${repo}/contents/docs/missing.md`)).status, 404)
  const dir = await call('GET', `${repo}/contents/docs`)
  assert.deepEqual(
    dir.json.map((e: any) => [e.type, e.name]),
    [
      ['file', 'a.md'],
      ['dir', 'deep']
    ]
  )
  const raw = await call('GET', `${repo}/contents/README.md`, undefined, { accept: 'application/vnd.github.raw+json' })
  assert.equal(raw.json, '# Docs\n')

  gh.state.commitToBranch('topic', { 'docs/a.md': 'a2\n', 'c.md': 'c\n' }, 'topic work')
  gh.state.commitToBranch('main', { 'README.md': '# Docs!\n' }, 'main work')
  assert.equal(
    Buffer.from((await call('GET', `${repo}/contents/docs/a.md?ref=topic`)).json.content, 'base64').toString(),
    'a2\n'
  )
  assert.equal((await call('GET', `${repo}/contents/docs/a.md?ref=nope`)).status, 404)
  const cmp = await call('GET', `${repo}/compare/main...topic`)
  assert.equal(cmp.json.status, 'diverged')
  assert.equal(cmp.json.ahead_by, 1)
  assert.equal(cmp.json.behind_by, 1)
  assert.deepEqual(
    cmp.json.files.map((f: any) => [f.filename, f.status, f.additions, f.deletions]),
    [
      ['c.md', 'added', 1, 0],
      ['docs/a.md', 'modified', 1, 1]
    ]
  )

  const branch = await call('GET', `${repo}/branches/main`)
  assert.equal(branch.json.protected, true)
  assert.equal((await call('GET', `${repo}/branches/topic`)).json.protected, false)
  const missing = await call('GET', `${repo}/branches/nope`)
  assert.deepEqual([missing.status, missing.json.message], [404, 'Branch not found'])
  const refused = await call('PATCH', `${repo}/git/refs/heads/main`, { sha: gh.state.branchSha('topic'), force: true })
  assert.equal(refused.status, 422)
  assert.match(refused.json.message, /Protected branch/)
})

test('pull requests: create, one per head, list with pagination, edit, reviewers, labels, assignees', async (t) => {
  const { gh, call } = await setup(t)
  const repo = '/repos/acme/docs'
  for (const b of ['b1', 'b2', 'b3']) gh.state.commitToBranch(b, { [`${b}.md`]: `${b}\n` })
  for (const b of ['b1', 'b2', 'b3'])
    assert.equal((await call('POST', `${repo}/pulls`, { title: b, head: b, base: 'main' })).status, 201)
  const dup = await call('POST', `${repo}/pulls`, { title: 'again', head: 'acme:b1', base: 'main' })
  assert.equal(dup.status, 422)
  assert.equal(dup.json.message, 'Validation Failed')
  assert.equal(dup.json.errors[0].message, 'A pull request already exists for acme:b1.')
  assert.equal((await call('POST', `${repo}/pulls`, { title: 'x', head: 'nope', base: 'main' })).status, 422)

  const page1 = await call('GET', `${repo}/pulls?state=open&per_page=2`)
  assert.deepEqual(
    page1.json.map((p: any) => p.number),
    [3, 2]
  )
  assert.match(page1.headers.get('link')!, /page=2>; rel="next"/)
  const page2 = await call('GET', `${repo}/pulls?state=open&per_page=2&page=2`)
  assert.deepEqual(
    page2.json.map((p: any) => p.number),
    [1]
  )
  const byHead = await call('GET', `${repo}/pulls?head=acme:b2&state=open`)
  assert.deepEqual(
    byHead.json.map((p: any) => [p.number, p.head.ref, p.head.label]),
    [[2, 'b2', 'acme:b2']]
  )

  const edited = await call('PATCH', `${repo}/pulls/2`, { title: 'T', body: 'B' })
  assert.deepEqual([edited.json.title, edited.json.body], ['T', 'B'])
  assert.equal((await call('POST', `${repo}/pulls/2/requested_reviewers`, { reviewers: ['mona'] })).status, 201)
  const labels = await call('POST', `${repo}/issues/2/labels`, { labels: ['report'] })
  assert.deepEqual(
    labels.json.map((l: any) => l.name),
    ['report']
  )
  assert.equal((await call('POST', `${repo}/issues/2/assignees`, { assignees: ['hubot'] })).status, 201)
  const pr = (await call('GET', `${repo}/pulls/2`)).json
  assert.deepEqual(
    [pr.requested_reviewers[0].login, pr.labels[0].name, pr.assignees[0].login],
    ['mona', 'report', 'hubot']
  )

  // Deleting the head branch closes the PR, as on GitHub.
  await call('DELETE', `${repo}/git/refs/heads/b3`)
  assert.equal((await call('GET', `${repo}/pulls/3`)).json.state, 'closed')
  assert.equal((await call('PATCH', `${repo}/pulls/3`, { state: 'open' })).status, 422)
  assert.equal((await call('PATCH', `${repo}/pulls/1`, { state: 'closed' })).json.state, 'closed')
})

test('pull request permissions: read-only tokens and the Actions setting', async (t) => {
  const { gh, call } = await setup(t, { permissions: { actionsCanCreatePRs: false, contents: 'read' } })
  gh.state.commitToBranch('b1', { 'x.md': 'x\n' })
  const res = await call('POST', '/repos/acme/docs/pulls', { title: 't', head: 'b1', base: 'main' })
  assert.deepEqual(
    [res.status, res.json.message],
    [403, 'GitHub Actions is not permitted to create or approve pull requests.']
  )
  const write = await call('POST', '/repos/acme/docs/git/blobs', { content: 'x' })
  assert.deepEqual([write.status, write.json.message], [403, 'Resource not accessible by integration'])
  const { call: call2, gh: gh2 } = await setup(t, { permissions: { pullRequests: 'read' } })
  gh2.state.commitToBranch('b1', { 'x.md': 'x\n' })
  assert.equal(
    (await call2('POST', '/repos/acme/docs/pulls', { title: 't', head: 'b1', base: 'main' })).json.message,
    'Resource not accessible by integration'
  )
})

test('mergePull fast-forwards when it can, else makes a merge commit', async (t) => {
  const { gh } = await setup(t)
  gh.state.commitToBranch('ff', { 'f.md': 'f\n' })
  const ff = gh.state.createPull({ title: 'ff', body: null, head: 'ff', base: 'main', draft: false, user: 'mona' })
  assert.equal(gh.state.mergePull(ff.number), gh.state.branchSha('ff'))
  gh.state.commitToBranch('side', { 's.md': 's\n' })
  gh.state.commitToBranch('main', { 'm.md': 'm\n' })
  const side = gh.state.createPull({
    title: 'side',
    body: null,
    head: 'side',
    base: 'main',
    draft: false,
    user: 'mona'
  })
  const merge = gh.state.mergePull(side.number, { deleteBranch: true })
  assert.equal(gh.state.commit(merge)!.parents.length, 2)
  assert.deepEqual(
    [gh.state.fileAt('main', 's.md'), gh.state.fileAt('main', 'm.md'), gh.state.fileAt('main', 'f.md')],
    ['s\n', 'm\n', 'f\n']
  )
  const merged = gh.state.pulls().find((p) => p.number === side.number)!
  assert.deepEqual([merged.state, merged.merged], ['closed', true])
  assert.ok(!gh.state.branches().includes('side'))
})

test('faults: seeded, bounded per request, and a faulted write does not happen', async (t) => {
  const { gh, call } = await setup(t, { faults: { seed: 1, rate: 1, kinds: ['502'] } })
  const statuses: number[] = []
  for (let i = 0; i < 6; i++) statuses.push((await call('GET', '/repos/acme/docs')).status)
  assert.deepEqual(statuses, [502, 502, 200, 502, 502, 200])
  const sha = gh.state.branchSha('main')
  assert.equal((await call('POST', '/repos/acme/docs/git/refs', { ref: 'refs/heads/x', sha })).status, 502)
  assert.deepEqual(gh.state.branches(), ['main'])
  assert.equal(gh.faults.injected, 5)
  assert.deepEqual(
    gh.requests.slice(0, 3).map((r) => r.fault),
    ['502', '502', undefined]
  )

  const sequence = async (seed: number) => {
    const { call: c, gh: g } = await setup(t, {
      faults: { seed, rate: 0.5, kinds: ['502', '503', 'secondary-403', '429'] }
    })
    for (let i = 0; i < 12; i++) await c('GET', `/repos/acme/docs/contents/README.md?i=${i % 3}`)
    return g.requests.map((r) => r.status).join(',')
  }
  assert.equal(await sequence(42), await sequence(42))
  assert.notEqual(await sequence(42), await sequence(43))
})

test('faults: secondary rate limit, 429, reset and timeout look like GitHub', async (t) => {
  const { call, gh } = await setup(t, { faults: { seed: 3, rate: 1, kinds: ['secondary-403'], maxPerRequestKey: 1 } })
  const limited = await call('GET', '/repos/acme/docs')
  assert.equal(limited.status, 403)
  assert.match(limited.json.message, /secondary rate limit/)
  assert.equal(limited.headers.get('retry-after'), '1')
  assert.equal((await call('GET', '/repos/acme/docs')).status, 200)
  assert.equal(gh.faults.injectedByKind.get('secondary-403'), 1)

  const { call: c429 } = await setup(t, { faults: { seed: 3, rate: 1, kinds: ['429'] } })
  const tooMany = await c429('GET', '/repos/acme/docs')
  assert.deepEqual([tooMany.status, tooMany.headers.get('retry-after')], [429, '1'])

  const { call: cReset, gh: gReset } = await setup(t, { faults: { seed: 3, rate: 1, kinds: ['reset'] } })
  await assert.rejects(cReset('GET', '/repos/acme/docs'))
  assert.equal(gReset.requests[0].status, 0)

  const { call: cTimeout } = await setup(t, { faults: { seed: 3, rate: 1, kinds: ['timeout'], timeoutMs: 30 } })
  await assert.rejects(cTimeout('GET', '/repos/acme/docs'))
})

test('GHES layout: REST under /api/v3, GraphQL at /api/graphql; mutations count as writes', async (t) => {
  const { gh } = await setup(t, { prefix: '/api/v3', faults: { seed: 9, rate: 1, kinds: ['graphql-rate-limited'] } })
  assert.equal(gh.apiUrl, `http://127.0.0.1:${gh.port}/api/v3`)
  assert.equal(gh.graphqlUrl, `http://127.0.0.1:${gh.port}/api/graphql`)
  const headers = { authorization: `bearer ${TOKEN}`, 'content-type': 'application/json' }
  assert.equal((await fetch(`${gh.apiUrl}/repos/acme/docs`, { headers })).status, 200)
  assert.equal((await fetch(`http://127.0.0.1:${gh.port}/repos/acme/docs`, { headers })).status, 404)
  const post = (query: string) => fetch(gh.graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query }) })
  const limited = await post('query { viewer { login } }')
  assert.equal(limited.status, 200)
  assert.equal(((await limited.json()) as any).errors[0].type, 'RATE_LIMITED')
  await post('mutation { addStar(input: { starrableId: "x" }) { clientMutationId } }')
  assert.deepEqual(
    gh.requests.map((r) => [r.kind, r.path, r.write]),
    [
      ['rest', '/repos/acme/docs', false],
      ['rest', '/repos/acme/docs', false],
      ['graphql', '/graphql', false],
      ['graphql', '/graphql', true]
    ]
  )
  assert.equal(gh.faults.injectedByKind.get('graphql-rate-limited'), 2)
})
