// How `npm test` runs __tests__/*.test.ts: five processes side by side (`node --test
// --test-concurrency=5` on scripts/test-action-{1,2}.ts and test-in-process-{1,2,3}.ts), each importing
// its share of the test files, each file a suite named after it so its hooks stay within it. Why: a
// process per file paid Node's start, tsx and the import of the same modules 36 times over; one process
// for every file that starts dist/index.js made its event loop — serving the stand-ins of three running
// children — the bottleneck of the run. The files that start the action mostly wait on their child, so
// each of their two processes runs two at once; the in-process files run one at a time in three. Lanes
// are filled longest first, each file to the lane with the least so far, by the seconds each took
// (scripts/test-times.json), so they end together.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { describe } from 'node:test'

const DIR = new URL('../__tests__/', import.meta.url)
/** A file that starts the bundled action: a stand-in world's run, the demo, or the faults script's dry-run. */
const STARTS_THE_ACTION = /\.run\(|\brunDemo\(|\bdryRun\(/

/** A process of npm test: a share of the files that start the action, or of those that run in process. */
type Lane = `${'action' | 'in-process'}-${number}`
/** How many processes each kind of file is split in. */
const LANES = { action: 2, 'in-process': 3 }
/** Files of a lane that run at once: those that start the action mostly wait on their child. */
const CONCURRENCY = { action: 2, 'in-process': 1 }

const size = (file: string): number => statSync(new URL(file, DIR)).size

/**
 * Seconds each file took in a full `npm test` (the median of three runs, from the spec reporter's
 * per-file lines): lanes are filled by these, so they end together. A file not listed yet counts by
 * its size (about 2 KB a second). Refresh: `npm test > t.log; node --import tsx scripts/test-times.ts t.log`.
 */
const TIMES: Record<string, number> = JSON.parse(readFileSync(new URL('./test-times.json', import.meta.url), 'utf8'))
const weight = (file: string): number => TIMES[file] ?? size(file) / 2000

export function testFiles(lane: Lane): string[] {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.test.ts'))
    .sort((a, b) => weight(b) - weight(a) || a.localeCompare(b))
  const action = files.filter((f) => STARTS_THE_ACTION.test(readFileSync(new URL(f, DIR), 'utf8')))
  const kind = kindOf(lane)
  const mine = kind === 'action' ? action : files.filter((f) => !action.includes(f))
  // longest first, each to the lane with the least so far
  const parts: string[][] = Array.from({ length: LANES[kind] }, () => [])
  const load: number[] = parts.map(() => 0)
  for (const file of mine) {
    const part = load.indexOf(Math.min(...load))
    parts[part].push(file)
    load[part] += weight(file)
  }
  return parts[Number(lane.slice(kind.length + 1)) - 1]
}

function kindOf(lane: Lane): keyof typeof LANES {
  return lane.startsWith('action-') ? 'action' : 'in-process'
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
  describe(lane, { concurrency: CONCURRENCY[kindOf(lane)] }, () => {
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
