// `npm test` runs this first (pretest): the end-to-end tests spawn dist/index.js, so a bundle older
// than its sources would test old code. The bundle's last line names the digest of the sources it was
// built from (scripts/lib/dist-sources.js); it is rebuilt only when that differs from the working
// tree's. A clean clone (whose committed bundle CI holds to its sources) and repeated runs pay nothing;
// file times are not used, since a checkout writes dist/ before src/ in no particular order.
import { spawnSync } from 'node:child_process'
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DIGEST_PREFIX, sourcesDigest } from './lib/dist-sources.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIST = path.join(ROOT, 'dist', 'index.js')

/** The digest named on the bundle's last line, if any. */
function builtFrom(dist: string): string | undefined {
  if (!existsSync(dist)) return undefined
  const size = statSync(dist).size
  const tail = Buffer.alloc(Math.min(size, 512))
  const fd = openSync(dist, 'r')
  try {
    readSync(fd, tail, 0, tail.length, size - tail.length)
  } finally {
    closeSync(fd)
  }
  const line = tail.toString('utf8').trimEnd().split('\n').at(-1) ?? ''
  return line.startsWith(DIGEST_PREFIX) ? line.slice(DIGEST_PREFIX.length).trim() : undefined
}

/** Why the bundle must be rebuilt, or undefined when it was built from the sources as they are. */
export function staleBecause(root = ROOT, dist = DIST): string | undefined {
  const built = builtFrom(dist)
  if (built === undefined) return `${path.relative(root, dist)} is missing or names no sources digest`
  if (built !== sourcesDigest(root)) return `the sources changed since ${path.relative(root, dist)} was built`
  return undefined
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reason = staleBecause()
  if (reason) {
    console.log(`dist/ is stale (${reason}): npm run bundle`)
    const { status } = spawnSync('npm', ['run', '-s', 'bundle'], { cwd: ROOT, stdio: 'inherit' })
    process.exit(status ?? 1)
  }
}
