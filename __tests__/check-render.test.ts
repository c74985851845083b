// check:render measures what github.com would show: a wide table scrolls in the 848 px column, a
// narrow one fits, relative and commit-pinned chart links load, a missing image is reported.
// Skipped when Chromium is not installed.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { renderDocs, tokenLines } from '../scripts/check-render.js'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

test('tokenLines gives each top-level block its 1-based line', () => {
  const lines = tokenLines('# T\n\ntext\n\n| a | b |\n| - | - |\n| 1 | 2 |\n')
  assert.equal(lines.find((l) => l.token.type === 'table')?.line, 5)
})

test('a table wider than its column scrolls; charts load from relative and blob links', {
  skip: !existsSync(chromium) && `no Chromium at ${chromium}`
}, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'radar-render-'))
  mkdirSync(path.join(dir, 'x-charts'))
  writeFileSync(
    path.join(dir, 'x-charts', 'score.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40"><rect width="80" height="40" fill="#09f"/></svg>'
  )
  const wide = `| ${Array.from({ length: 20 }, (_, i) => `Column number ${i}`).join(' | ')} |\n|${' - |'.repeat(20)}\n`
  const sha = 'a'.repeat(40)
  writeFileSync(
    path.join(dir, 'doc.md'),
    `# Doc\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n${wide}\n![s](x-charts/score.svg)\n\n` +
      `![s](https://github.com/o/r/blob/${sha}/docs/x-charts/score.svg?raw=true)\n\n` +
      '![gone](x-charts/none.svg)\n\nThe **Shortlist** is here.\n'
  )
  const [r] = await renderDocs(dir, undefined, [{ name: 'doc', file: 'doc.md', width: 848, padding: 16 }])
  assert.deepEqual(
    r.tables.map((t) => [t.line, t.scrollWidth > t.boxWidth, t.boxWidth]),
    [
      [3, false, 848],
      [7, true, 848]
    ]
  )
  assert.deepEqual(
    r.images.map((i) => i.loaded),
    [true, true, false]
  )
  assert.equal(r.shortlist?.line, 16)
  assert.ok((r.shortlist?.y ?? 0) > 100)
})
