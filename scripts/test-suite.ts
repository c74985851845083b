// How `npm test` runs __tests__/*.test.ts: three processes side by side (`node --test
// --test-concurrency=3` on scripts/test-action.ts, test-in-process-1.ts and test-in-process-2.ts), each
// importing its share of the test files, each file a suite named after it so its hooks stay within it.
// Why: a process per file paid Node's start, tsx and the import of the same modules 36 times over. The
// files that start dist/index.js mostly wait on that child, so their process runs three of them at once,
// the largest files first (a long one started last would end the run alone); the in-process files are
// split in two halves of about equal size (largest first, each to the smaller half).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { describe } from 'node:test'

const DIR = new URL('../__tests__/', import.meta.url)
/** A file that starts the bundled action: a stand-in world's run, the demo, or the faults script's dry-run. */
const STARTS_THE_ACTION = /\.run\(|\brunDemo\(|\bdryRun\(/

type Lane = 'action' | 'in-process-1' | 'in-process-2' | 'in-process-3'
/** The in-process files are split in this many processes. */
const IN_PROCESS_LANES = 3

const size = (file: string): number => statSync(new URL(file, DIR)).size

export function testFiles(lane: Lane): string[] {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.test.ts'))
    .sort((a, b) => size(b) - size(a) || a.localeCompare(b))
  const action = files.filter((f) => STARTS_THE_ACTION.test(readFileSync(new URL(f, DIR), 'utf8')))
  if (lane === 'action') return action
  const parts: string[][] = Array.from({ length: IN_PROCESS_LANES }, () => [])
  const bytes: number[] = parts.map(() => 0)
  for (const file of files.filter((f) => !action.includes(f))) {
    const part = bytes.indexOf(Math.min(...bytes))
    parts[part].push(file)
    bytes[part] += size(file)
  }
  return parts[Number(lane.slice('in-process-'.length)) - 1]
}

/**
 * Registers every file of the lane as one suite whose tests run one at a time, as they did alone. No
 * test starts before every file of the process is imported: a module evaluated meanwhile would hold up
 * the stand-ins that a running test's requests wait on (its 2 s timeouts fired under load).
 */
export function registerLane(lane: Lane): void {
  const files = testFiles(lane)
  let pending = files.length
  let allImported: () => void = () => {}
  const imported = new Promise<void>((resolve) => {
    allImported = resolve
  })
  describe(lane, { concurrency: lane === 'action' ? 3 : 1 }, () => {
    for (const file of files)
      describe(file, { concurrency: 1 }, async () => {
        try {
          await import(new URL(file, DIR).href)
        } finally {
          pending -= 1
          if (pending === 0) allImported()
        }
        await imported
      })
  })
}
