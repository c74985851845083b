// npm test's pretest: the bundle is rebuilt exactly when its sources differ from those it names.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { staleBecause } from '../scripts/fresh-dist.js'
import { DIGEST_PREFIX, sourcesDigest } from '../scripts/lib/dist-sources.js'

function project(): { root: string; dist: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'radar-fresh-'))
  mkdirSync(path.join(root, 'src'))
  mkdirSync(path.join(root, 'dist'))
  writeFileSync(path.join(root, 'src', 'index.ts'), 'export const a = 1\n')
  writeFileSync(path.join(root, 'package-lock.json'), '{}\n')
  const dist = path.join(root, 'dist', 'index.js')
  writeFileSync(dist, `const a = 1\n${DIGEST_PREFIX}${sourcesDigest(root)}\n`)
  return { root, dist }
}

test('a bundle built from the sources as they are is fresh, whatever the file times', () => {
  const { root, dist } = project()
  assert.equal(staleBecause(root, dist), undefined)
  // a checkout may write src/ after dist/: a newer source file with the same bytes is not a change
  const later = new Date(Date.now() + 60_000)
  utimesSync(path.join(root, 'src', 'index.ts'), later, later)
  assert.equal(staleBecause(root, dist), undefined)
})

test('a changed, added or removed source, or a bundle naming no digest, is stale', () => {
  const { root, dist } = project()
  writeFileSync(path.join(root, 'src', 'index.ts'), 'export const a = 2\n')
  assert.match(staleBecause(root, dist) ?? '', /sources changed/)
  const other = project()
  writeFileSync(path.join(other.root, 'src', 'extra.ts'), '')
  assert.match(staleBecause(other.root, other.dist) ?? '', /sources changed/)
  const lock = project()
  writeFileSync(path.join(lock.root, 'package-lock.json'), '{"lockfileVersion":3}\n')
  assert.match(staleBecause(lock.root, lock.dist) ?? '', /sources changed/)
  const bare = project()
  writeFileSync(bare.dist, readFileSync(bare.dist, 'utf8').split('\n')[0])
  assert.match(staleBecause(bare.root, bare.dist) ?? '', /names no sources digest/)
})

test('the committed bundle names the digest of the committed sources', () => {
  assert.equal(staleBecause(), undefined, 'run npm run bundle and commit dist/')
})
