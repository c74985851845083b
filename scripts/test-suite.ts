// How `npm test` runs __tests__/*.test.ts: three processes side by side (`node --test
// --test-concurrency=3` on scripts/test-action.ts, test-in-process-1.ts and test-in-process-2.ts), each
// importing its share of the test files, each file a suite named after it so its hooks stay within it.
// Why: a process per file paid Node's start, tsx and the import of the same modules 36 times over. The
// files that start dist/index.js (through the stand-in world or the demo) mostly wait on that child, so
// their process runs three of them at once, the largest files first (a long one started last would end
// the run alone); the in-process files are halved between two processes (every other file).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { describe } from 'node:test'

const DIR = new URL('../__tests__/', import.meta.url)
/** A file that imports the stand-in world or the demo starts the bundled action (or the whole pipeline). */
const STARTS_THE_ACTION = /from '\.\.\/(standins\/world|scripts\/demo-run)\.js'/

type Lane = 'action' | 'in-process-1' | 'in-process-2'

export function testFiles(lane: Lane): string[] {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
  const action = files.filter((f) => STARTS_THE_ACTION.test(readFileSync(new URL(f, DIR), 'utf8')))
  const size = (f: string) => statSync(new URL(f, DIR)).size
  if (lane === 'action') return action.sort((a, b) => size(b) - size(a) || a.localeCompare(b))
  const half = lane === 'in-process-1' ? 0 : 1
  return files.filter((f) => !action.includes(f)).filter((_, i) => i % 2 === half)
}

/** Registers every file of the lane as one suite whose tests run one at a time, as they did alone. */
export function registerLane(lane: Lane): void {
  describe(lane, { concurrency: lane === 'action' ? 3 : 1 }, () => {
    for (const file of testFiles(lane))
      describe(file, { concurrency: 1 }, async () => {
        await import(new URL(file, DIR).href)
      })
  })
}
