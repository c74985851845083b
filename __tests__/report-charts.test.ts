// Renders mermaid charts with the real mermaid library in headless Chromium (the check-charts
// script). Skipped when Chromium is not installed.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { addDays, emptyHistory, snapshotOf, withSnapshot, type History } from '../src/history/index.js'
import type { FrameworkData, Ranked } from '../src/model.js'
import { rankFrameworks } from '../src/rank/index.js'
import { mermaidLabel, renderReport } from '../src/report/index.js'
import { extractMermaid, renderCharts } from '../scripts/check-charts.js'
import { configNamed } from './helpers/config.js'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

test('extractMermaid finds fenced mermaid blocks with their line', () => {
  const md = 'a\n```mermaid\nxychart-beta\n```\n~~~mermaid\r\npie\r\n~~~\n```js\nx\n```\n'
  assert.deepEqual(extractMermaid(md, 'f.md'), [
    { file: 'f.md', line: 2, code: 'xychart-beta' },
    { file: 'f.md', line: 5, code: 'pie' }
  ])
})

// issue 10: the report's trend charts are SVG files now (charts.test.ts); mermaid stays allowed
// only for one-line charts, and check:charts still renders any mermaid block of a markdown file.
test('a rendered report has no mermaid block; check:charts renders a one-line chart and reports a parse error', {
  skip: !existsSync(chromium) && `no Chromium at ${chromium}`
}, async () => {
  const names = ['Tensor"Flow', 'Py|Torch', 'Ke`ras', '<script>x</script>', '"]\nline [1]', 'JAX;%%{init}%%']
  const config = configNamed(names)
  let history: History = emptyHistory()
  let ranked: Ranked[] = []
  let date = ''
  for (let round = 0; round < 4; round++) {
    date = addDays('2024-01-01', round * 30)
    const data: FrameworkData[] = config.frameworks
      .filter((_, i) => i !== 2 || round > 1)
      .map((f, i) => ({
        name: f.name,
        github: f.github,
        metrics: { stars: 1000 * (i + 1) + round * 50, commits_window: 10 * i },
        lowerBounds: [],
        stale: [],
        info: {}
      }))
    ranked = rankFrameworks(data, config)
    history = withSnapshot(history, snapshotOf(ranked, date))
  }
  const report = renderReport({ config, ranked, history, date, failures: [] })
  assert.deepEqual(extractMermaid(report, 'report.md'), [])
  const oneLine =
    `\`\`\`mermaid\nxychart-beta\n  title ${mermaidLabel(names[4])}\n  x-axis ` +
    `[${history.snapshots.map((s) => mermaidLabel(s.date)).join(', ')}]\n  line [1, 2, 3, 4]\n\`\`\`\n`
  const charts = extractMermaid(`${oneLine}\n\`\`\`mermaid\nxychart-beta\n  line [1, oops]\n\`\`\`\n`, 'doc.md')
  assert.equal(charts.length, 2)
  const results = await renderCharts(charts)
  assert.equal(results[0].error, undefined)
  assert.match(results[1].error ?? '', /Parse error/)
})
