// Every GraphQL document the action can send (GitHub source, publishing) must be valid against
// GitHub's published schema (@octokit/graphql-schema), checked with graphql-js itself, and cost
// what the source budgets for.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Kind, parse, validate, type OperationDefinitionNode } from 'graphql'
import type { RepoRef } from '../src/model.js'
import { buildBatchDocument, CONNECTIONS_PER_REPO, estimateCost, MAX_BATCH } from '../src/sources/github/query.js'
import { UPDATE_REFS_MUTATION } from '../src/publish/steps.js'
import { BACKFILL_BATCH, backfillCost, buildBackfillDocument } from '../src/backfill/github-query.js'
import { documentCost, githubSchema } from '../standins/github/metrics.js'

const since = new Date('2026-02-01T06:17:00Z')
const repos = (n: number): RepoRef[] =>
  Array.from({ length: n }, (_, i) => ({ owner: `owner-${i}`, repo: `repo.${i}` }))

function errorsOf(query: string): string[] {
  return validate(githubSchema(), parse(query)).map((e) => e.message)
}

for (const size of [1, 2, MAX_BATCH]) {
  test(`batch document for ${size} repositories is valid against GitHub's schema`, () => {
    const doc = buildBatchDocument(repos(size), since)
    assert.deepEqual(errorsOf(doc.query), [])
    // Every variable the document declares is provided, and nothing else.
    const operation = parse(doc.query).definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION
    )!
    const declared = (operation.variableDefinitions ?? []).map((v) => v.variable.name.value).sort()
    assert.deepEqual(declared, Object.keys(doc.variables).sort())
    assert.equal(doc.variables.since, '2026-02-01T06:17:00.000Z')
    assert.equal(
      doc.variables[`q${size - 1}`],
      `repo:owner-${size - 1}/repo.${size - 1} is:issue is:closed closed:>=2026-02-01`
    )
  })

  test(`follow-up search document for ${size} repositories is valid against GitHub's schema`, () => {
    assert.deepEqual(errorsOf(buildBatchDocument(repos(size), since, { repositories: false }).query), [])
  })

  test(`the source's cost estimate for ${size} repositories matches GitHub's cost rule`, () => {
    for (const repositories of [true, false]) {
      const doc = buildBatchDocument(repos(size), since, { repositories })
      const document = parse(doc.query)
      const operation = document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION
      )!
      const cost = documentCost(githubSchema(), document, operation, doc.variables)
      assert.equal(cost.requests, size * (repositories ? CONNECTIONS_PER_REPO : 1))
      assert.equal(estimateCost(size, { repositories }), Math.max(1, Math.round(cost.requests / 100)))
    }
  })
}

test('a typo in a field, an argument or an enum value fails validation', () => {
  const doc = buildBatchDocument(repos(2), since).query
  for (const [from, to] of [
    ['stargazerCount', 'stargazersCount'],
    ['states: [MERGED]', 'states: [MERGD]'],
    ['history(since: $since)', 'history(after: $since)'],
    ['type: ISSUE', 'type: ISSUES'],
    ['$since: GitTimestamp!', '$since: DateTime!']
  ]) {
    const broken = doc.replace(from, to)
    assert.notEqual(broken, doc, `the document contains ${from}`)
    assert.ok(errorsOf(broken).length > 0, `"${to}" must be rejected`)
  }
})

test('batches hold 1 to 50 repositories', () => {
  assert.throws(() => buildBatchDocument([], since))
  assert.throws(() => buildBatchDocument(repos(MAX_BATCH + 1), since))
})

test('repository names travel as variables, never inside the document text', () => {
  const doc = buildBatchDocument([{ owner: 'a"b', repo: 'c\\d' }], since)
  assert.ok(!doc.query.includes('a"b'), 'the name is not in the document')
  assert.equal(doc.variables.o0, 'a"b')
  assert.deepEqual(errorsOf(doc.query), [])
})

test("publishing's compare-and-swap (updateRefs with beforeOid) is valid against GitHub's schema", () => {
  assert.deepEqual(errorsOf(UPDATE_REFS_MUTATION), [])
  // beforeOid is what makes it a compare-and-swap: the schema must still have it.
  assert.ok(errorsOf(UPDATE_REFS_MUTATION.replace('beforeOid', 'expectedOid')).length > 0)
})

// The backfill's document (src/backfill/github-query.ts): monthly history aliases and release dates.
test('backfill document is valid against GitHub schema and costs what the backfill budgets', () => {
  const windows: Array<[string, string]> = Array.from({ length: 12 }, (_, k) => [
    `2026-0${(k % 9) + 1}-01`,
    `2026-0${(k % 9) + 1}-28`
  ])
  for (const size of [1, BACKFILL_BATCH]) {
    const doc = buildBackfillDocument(repos(size), windows)
    assert.deepEqual(errorsOf(doc.query), [])
    const document = parse(doc.query)
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION
    )!
    const declared = (operation.variableDefinitions ?? []).map((v) => v.variable.name.value).sort()
    assert.deepEqual(declared, Object.keys(doc.variables).sort())
    const cost = documentCost(githubSchema(), document, operation, doc.variables)
    assert.equal(cost.requests, size * 13)
    assert.equal(backfillCost(size, 12), Math.max(1, Math.round(cost.requests / 100)))
  }
  assert.equal(
    buildBackfillDocument(repos(1), windows).variables.u0,
    '2026-01-27T23:59:59Z',
    'a window ends before its last midnight'
  )
  assert.throws(() => buildBackfillDocument(repos(BACKFILL_BATCH + 1), windows))
})
