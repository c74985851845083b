// `node --import tsx scripts/test-times.ts LOG...`: writes scripts/test-times.json from the spec output of
// full `npm test` runs (the median seconds per file), which scripts/test-suite.ts fills its lanes by.
import { readFileSync, writeFileSync } from 'node:fs'

const logs = process.argv.slice(2)
if (logs.length === 0) throw new Error('name one or more logs of `npm test` (its spec output)')
const seconds = new Map<string, number[]>()
for (const log of logs)
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const m = /^ {2}[✔✖] (\S+\.test\.ts) \(([0-9.]+)ms\)$/.exec(line)
    if (m) seconds.set(m[1], [...(seconds.get(m[1]) ?? []), Number(m[2]) / 1000])
  }
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]
const times = Object.fromEntries(
  [...seconds].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, v]) => [file, Math.round(median(v) * 10) / 10])
)
writeFileSync(new URL('./test-times.json', import.meta.url), `${JSON.stringify(times, null, 2)}\n`)
console.log(`${Object.keys(times).length} files, ${logs.length} run(s)`)
