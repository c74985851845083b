// plan(): what a publishing run does, decided from what it read — no server, no I/O.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  type BaseView,
  type BotBranchView,
  gitBlobSha,
  MAX_BODY_CHARS,
  needsComparison,
  type OpenPull,
  plan,
  pullBody,
  PublishError,
  type Wanted
} from '../src/publish/plan.js'

const REPORT = 'docs/frameworks.md'
const HISTORY = 'docs/frameworks-history.json'
const BASE_SHA = 'b'.repeat(40)
const BOT_SHA = 'c'.repeat(40)
const files = { [REPORT]: 'report v2\n', [HISTORY]: '{"snapshots":[1,2]}\n' }

const base = (held: Record<string, string | undefined> = { [REPORT]: 'report v1\n' }): BaseView => ({
  branch: 'main',
  sha: BASE_SHA,
  files: held
})
const wanted = (over: Partial<Wanted> = {}): Wanted => ({
  repo: { owner: 'acme', repo: 'docs' },
  branch: 'framework-radar/report',
  files,
  title: 'Update framework popularity report',
  body: 'Rank changes: none',
  ...over
})
const pull = (over: Partial<OpenPull> = {}): OpenPull => ({
  number: 7,
  url: 'https://github.com/acme/docs/pull/7',
  title: 'Update framework popularity report',
  body: 'Rank changes: none',
  baseRef: 'main',
  labels: [],
  ...over
})
/** The bot's one commit on top of base, holding `held` at each path. */
const botBranch = (held: Record<string, string>, over: Partial<BotBranchView> = {}): BotBranchView => ({
  sha: BOT_SHA,
  protected: false,
  comparison: {
    aheadBy: 1,
    behindBy: 0,
    singleParent: true,
    files: Object.entries(held).map(([path, text]) => ({ path, status: 'modified', sha: gitBlobSha(text) }))
  },
  ...over
})

test('nothing changed and no PR: none, and the bot branch is not even compared', () => {
  const same = base(files)
  assert.deepEqual(plan(same, undefined, undefined, wanted()), { kind: 'none', changed: false })
  assert.equal(needsComparison(false, botBranch({}), false), false)
  assert.equal(needsComparison(true, botBranch({}, { protected: true }), true), false)
  assert.equal(needsComparison(true, botBranch({}), false), true)
})

test('changed with no branch and no PR: create, pushing the changed paths on the base head', () => {
  const result = plan(base(), undefined, undefined, wanted())
  assert.deepEqual(result, {
    kind: 'create',
    changed: true,
    push: { paths: [HISTORY, REPORT], parent: BASE_SHA, replaces: undefined }
  })
})

test('only the paths that differ from base are pushed', () => {
  const result = plan(base({ [REPORT]: files[REPORT] }), undefined, undefined, wanted())
  assert.equal(result.kind, 'create')
  assert.deepEqual(result.kind === 'create' && result.push?.paths, [HISTORY])
})

test('an open PR whose branch is already right: none, or a PR edit when the title or body changed', () => {
  const right = botBranch(files)
  assert.deepEqual(plan(base(), right, pull(), wanted()), { kind: 'none', changed: true, pull: pull() })
  const retitled = plan(base(), right, pull(), wanted({ title: 'New title' }))
  assert.equal(retitled.kind, 'update')
  assert.equal(retitled.kind === 'update' && retitled.push, undefined)
  assert.equal(retitled.kind === 'update' && retitled.branchSha, BOT_SHA)
})

test('new content on an open PR: update, swapping the branch from the head that was read', () => {
  const result = plan(base(), botBranch({ [REPORT]: 'report v1.5\n' }), pull(), wanted())
  assert.equal(result.kind, 'update')
  assert.deepEqual(result.kind === 'update' && result.push, {
    paths: [HISTORY, REPORT],
    parent: BASE_SHA,
    replaces: BOT_SHA
  })
})

test('base moved on under the branch: rebuilt even though the files are the same', () => {
  const behind = botBranch(files)
  behind.comparison!.behindBy = 1
  assert.equal(plan(base(), behind, pull(), wanted()).kind, 'update')
})

test('base already holds the files and a PR is open: close it and delete the branch at the head read', () => {
  const result = plan(base(files), botBranch(files), pull(), wanted())
  assert.deepEqual(result, { kind: 'close', changed: false, pull: pull(), branchSha: BOT_SHA })
})

test('a body that depends on the commit is rendered for the branch head', () => {
  const body = (sha: string) => `![chart](https://github.com/acme/docs/raw/${sha}/docs/chart.svg)`
  const right = botBranch(files)
  const stale = pull({ body: body('0'.repeat(40)) })
  const result = plan(base(), right, stale, wanted({ body }))
  assert.equal(result.kind, 'update')
  assert.equal(plan(base(), right, pull({ body: body(BOT_SHA) }), wanted({ body })).kind, 'none')
  assert.equal(pullBody(body, BOT_SHA), body(BOT_SHA))
})

test('an overlong body is cut to GitHub limit', () => {
  const text = pullBody('x'.repeat(MAX_BODY_CHARS + 10), BOT_SHA)
  assert.ok(text.length <= MAX_BODY_CHARS)
  assert.match(text, /truncated to fit GitHub's limit\)$/)
})

test('refuses a protected bot branch and commits that are not the bot’s', () => {
  assert.throws(
    () => plan(base(), botBranch(files, { protected: true }), undefined, wanted()),
    (e: Error) => e instanceof PublishError && /is protected/.test(e.message)
  )
  const human = botBranch({ ...files, 'notes.md': 'mine\n' })
  assert.throws(() => plan(base(), human, pull(), wanted()), /did not make .*touching notes\.md/)
  const twoCommits = botBranch(files)
  twoCommits.comparison!.aheadBy = 2
  assert.throws(() => plan(base(), twoCommits, pull(), wanted()), /2 commit\(s\) not on main/)
})

test('paths the bot wrote in earlier runs (owned prefixes) are its own, not a human’s', () => {
  const earlier = botBranch({ ...files, 'docs/charts/old.svg': '<svg/>' })
  assert.throws(() => plan(base(), earlier, pull(), wanted()), /touching docs\/charts\/old\.svg/)
  const result = plan(base(), earlier, pull(), wanted({ ownedPrefixes: ['docs/charts/'] }))
  assert.equal(result.kind, 'update')
})
