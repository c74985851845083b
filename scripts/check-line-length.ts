// Lines ≤ 120 columns in every committed TypeScript and JavaScript file but the bundle (issue 12).
// Biome's formatter wraps code at 120 but cannot split a long string, template or comment; this
// finds those. Part of `npm run lint`; prints file:line and exits 1 when a line is longer.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { runWhenMain } from './lib/cli.js'

const MAX_COLUMNS = 120

/** file:line: columns of every line over the limit, in the files git tracks. */
function longLines(root = '.'): string[] {
  const files = execFileSync('git', ['ls-files', '*.ts', '*.js', '*.mjs', '*.cjs'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f !== '' && !f.startsWith('dist/'))
  const out: string[] = []
  for (const file of files) {
    const lines = readFileSync(`${root}/${file}`, 'utf8').split('\n')
    lines.forEach((line, i) => {
      const columns = [...line].length
      if (columns > MAX_COLUMNS) out.push(`${file}:${i + 1}: ${columns} columns`)
    })
  }
  return out
}

async function main(): Promise<number> {
  const long = longLines()
  for (const line of long) console.error(line)
  if (long.length > 0) console.error(`${long.length} line(s) over ${MAX_COLUMNS} columns: split the string or comment`)
  return long.length > 0 ? 1 : 0
}

runWhenMain(import.meta.url, main)
