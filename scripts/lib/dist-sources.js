// What dist/index.js is built from, as one digest: rollup writes it into the bundle's last line and
// `npm test` (scripts/fresh-dist.ts) compares it with the working tree's, so a stale bundle is rebuilt
// and a fresh one — a clean clone's included, whatever the checkout's file times — is not.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/** The inputs of the bundle: its sources, its build settings, and the locked dependencies. */
export const DIST_INPUTS = ['src', 'rollup.config.js', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']

/** The line rollup appends to the bundle, naming the digest of its inputs. */
export const DIGEST_PREFIX = '// framework-radar: built from sources '

function files(root, entry) {
  const full = path.join(root, entry)
  if (!existsSync(full)) return []
  if (!statSync(full).isDirectory()) return [entry]
  return readdirSync(full)
    .sort()
    .flatMap((name) => files(root, path.join(entry, name)))
}

/** sha256 over every input's path and bytes, in a fixed order. */
export function sourcesDigest(root = process.cwd()) {
  const hash = createHash('sha256')
  for (const file of DIST_INPUTS.flatMap((entry) => files(root, entry))) {
    hash.update(`${file.split(path.sep).join('/')}\0`)
    hash.update(readFileSync(path.join(root, file)))
    hash.update('\0')
  }
  return hash.digest('hex')
}
