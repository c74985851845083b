// `npm test` runs this first (pretest): the end-to-end tests spawn dist/index.js, so a bundle older
// than its sources would test old code. Rebuilds only when something the bundle is made of is newer
// than dist/index.js, so CI (which has just bundled) and repeated local runs pay nothing.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const DIST = path.join(ROOT, 'dist', 'index.js')
const INPUTS = ['src', 'rollup.config.js', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']

function newestMtimeMs(target: string): number {
  let stat: ReturnType<typeof statSync>
  try {
    stat = statSync(target)
  } catch {
    return 0
  }
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtimeMs(path.join(target, entry)))
  return newest
}

/** The first input newer than the bundle, or undefined when the bundle is fresh. */
function staleBecause(root = ROOT, dist = DIST): string | undefined {
  const built = newestMtimeMs(dist)
  if (built === 0) return `${path.relative(root, dist)} is missing`
  for (const input of INPUTS) {
    if (newestMtimeMs(path.join(root, input)) > built) return `${input} changed after ${path.relative(root, dist)}`
  }
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
