// How `npm test` runs __tests__/*.test.ts: two processes (scripts/test-action.ts and
// scripts/test-in-process.ts, run side by side by `node --test --test-concurrency=2`), each importing
// its share of the test files, each file a suite named after it so its hooks stay within it.
// Why: a process per file paid Node's start, tsx and the import of the same modules 36 times over;
// and the files that start dist/index.js (through the stand-in world or the demo) mostly wait on
// that child, so they run beside the in-process files and the machine's two cores are both used.
import { readdirSync, readFileSync } from 'node:fs'
import { describe } from 'node:test'

const DIR = new URL('../__tests__/', import.meta.url)
/** A file that imports the stand-in world or the demo starts the bundled action (or the whole pipeline). */
const STARTS_THE_ACTION = /from '\.\.\/(standins\/world|scripts\/demo-run)\.js'/

export function testFiles(lane: 'action' | 'in-process'): string[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.test.ts'))
    .filter((f) => STARTS_THE_ACTION.test(readFileSync(new URL(f, DIR), 'utf8')) === (lane === 'action'))
    .sort()
}

/**
 * Registers every file of the lane as one suite whose tests run one at a time, as they did alone. The
 * action's files mostly wait on their child process, so that lane runs two files at once.
 */
export function registerLane(lane: 'action' | 'in-process'): void {
  describe(lane, { concurrency: lane === 'action' ? 2 : 1 }, () => {
    for (const file of testFiles(lane))
      describe(file, { concurrency: 1 }, async () => {
        await import(new URL(file, DIR).href)
      })
  })
}
