// The README shows the real thing: "What the report looks like" is the demo's report (excerpted by
// scripts/readme-report.ts), every YAML snippet parses, the config snippets are valid configs, and the
// workflow snippets are workflows GitHub would load (checked with GitHub's own @actions/workflow-parser):
// a user who copies one gets something that works.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parseDocument } from 'yaml'
import { parseConfig } from '../src/config/load.js'
import { runDemo } from '../scripts/demo-run.js'
import { EXAMPLE_DIR, exampleCharts, withReadmeExcerpt } from '../scripts/readme-report.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

interface Snippet {
  line: number
  code: string
}

/** Fenced ```yaml blocks (also indented inside lists), dedented. */
function yamlSnippets(md: string): Snippet[] {
  const out: Snippet[] = []
  const lines = md.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```ya?ml\s*$/.exec(lines[i])
    if (!open) continue
    const body: string[] = []
    let j = i + 1
    while (j < lines.length && !/^\s*```\s*$/.test(lines[j])) body.push(lines[j++])
    const indent = Math.min(...body.filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0))
    out.push({ line: i + 1, code: body.map((l) => l.slice(indent)).join('\n') })
    i = j
  }
  return out
}

/** A workflow fragment (steps only) inside the smallest workflow that can hold it. */
function asWorkflow(code: string): string {
  if (/^jobs:/m.test(code)) return code
  const steps = code.split('\n').map((l) => `    ${l}`)
  return ['on: workflow_dispatch', 'jobs:', '  radar:', '    runs-on: ubuntu-latest', ...steps].join('\n')
}

async function workflowErrors(content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name: 'README.yml', content }, new NoOperationTraceWriter())
  const errors = parsed.context.errors.getErrors().map((e) => e.message)
  if (errors.length === 0 && parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value)
    errors.push(...(template.errors ?? []).map((e) => e.Message))
  }
  return errors
}

test('every README YAML snippet parses; config snippets are valid configs, workflow ones valid workflows', async () => {
  const snippets = yamlSnippets(readme)
  assert.ok(snippets.length >= 3, 'the README has its config and workflow snippets')
  let workflows = 0
  for (const s of snippets) {
    const doc = parseDocument(s.code)
    assert.deepEqual(
      doc.errors.map((e) => e.message),
      [],
      `README.md line ${s.line}: the YAML does not parse`
    )
    if (/^\s*(- )?uses:|^jobs:|^on:/m.test(s.code)) {
      workflows++
      assert.deepEqual(await workflowErrors(asWorkflow(s.code)), [], `README.md line ${s.line}: not a valid workflow`)
    } else if (/^frameworks:/m.test(s.code)) {
      assert.doesNotThrow(() => parseConfig(s.code, `README.md line ${s.line}`))
    }
  }
  assert.ok(workflows >= 2, 'the quick-start workflow and the FAQ example are checked')
})

test('the workflow check catches the mistake it is there for: ${{ }} unquoted in a flow mapping', async () => {
  const broken = 'steps:\n  - uses: OWNER/framework-radar@v1\n    with: { token: ${{ steps.app.outputs.token }} }\n'
  const parses = parseDocument(broken).errors.length === 0
  const errors = parses ? await workflowErrors(asWorkflow(broken)) : ['YAML error']
  assert.ok(errors.length > 0, 'an unquoted expression inside { } is rejected')
  const fixed = "steps:\n  - uses: OWNER/framework-radar@v1\n    with: { token: '${{ steps.app.outputs.token }}' }\n"
  assert.equal(parseDocument(fixed).errors.length, 0)
  assert.deepEqual(await workflowErrors(asWorkflow(fixed)), [])
})

test('"What the report looks like" is the demo\'s report (npm run docs:report)', async () => {
  const demo = await runDemo()
  assert.equal(withReadmeExcerpt(readme, demo.report), readme, 'run `npm run bundle && npm run docs:report`')
  const excerpt = readme.slice(readme.indexOf('<!-- demo-report:start -->'), readme.indexOf('<!-- demo-report:end -->'))
  assert.match(excerpt, /^### At a glance\n\n- \*\*Shortlist\*\* \(\d+\): /m, 'the answer first')
  assert.match(excerpt, /<details><summary>#1 /, 'a breakdown')
  // the README shows the real SVG charts: docs/example/ holds the demo's files, byte for byte
  const charts = exampleCharts(demo)
  assert.ok(Object.keys(charts).length >= 2, 'the demo has charts')
  for (const [file, svg] of Object.entries(charts))
    assert.equal(
      readFileSync(new URL(`../${EXAMPLE_DIR}/${file}`, import.meta.url), 'utf8'),
      svg,
      `${EXAMPLE_DIR}/${file} is stale`
    )
  assert.deepEqual(
    readdirSync(new URL(`../${EXAMPLE_DIR}/`, import.meta.url), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) =>
        path.relative(fileURLToPath(new URL(`../${EXAMPLE_DIR}/`, import.meta.url)), path.join(e.parentPath, e.name))
      )
      .sort(),
    Object.keys(charts).sort(),
    'no leftover file in docs/example'
  )
  assert.match(excerpt, new RegExp(`\\]\\(${EXAMPLE_DIR}/frameworks-charts/score\\.svg\\)`), 'the score chart')
})
