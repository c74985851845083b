#!/usr/bin/env node
// Local preview without a workflow: runs the bundled action with inputs from flags.
//   npx framework-radar --config .github/framework-radar.yml --dry-run
// reads GITHUB_TOKEN (or GH_TOKEN), writes the report into the current folder and prints the ranking.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

const usage = `Usage: framework-radar [--config FILE] [--dry-run] [--repo OWNER/NAME] [--branch B] [--base B]

  --config FILE   config file (default .github/framework-radar.yml); with --dry-run read from disk
  --dry-run       collect, rank and render into the current folder; no branch, commit or PR
  --repo O/N      repository to publish to (default: $GITHUB_REPOSITORY); required without --dry-run
  --branch, --base, --title, --labels, --reviewers, --assignees, --draft   as the action's inputs
  -h, --help      this text

Environment: GITHUB_TOKEN or GH_TOKEN (required), GITHUB_API_URL, GITHUB_GRAPHQL_URL,
FRAMEWORK_RADAR_*_URL to point sources elsewhere, FRAMEWORK_RADAR_NOW to pin the clock.`

let args
try {
  args = parseArgs({
    options: {
      config: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      repo: { type: 'string' },
      branch: { type: 'string' },
      base: { type: 'string' },
      title: { type: 'string' },
      labels: { type: 'string' },
      reviewers: { type: 'string' },
      assignees: { type: 'string' },
      draft: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    }
  }).values
} catch (error) {
  console.error(`${error.message}\n\n${usage}`)
  process.exit(2)
}
if (args.help) {
  console.log(usage)
  process.exit(0)
}
const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN
if (!token) {
  console.error(
    'Set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repositories, e.g. GITHUB_TOKEN=$(gh auth token).'
  )
  process.exit(2)
}
const repo = args.repo || process.env.GITHUB_REPOSITORY || (args['dry-run'] ? 'local/preview' : '')
if (!repo) {
  console.error('--repo OWNER/NAME is required to publish (or use --dry-run).')
  process.exit(2)
}

const input = (name, value) => {
  if (value !== undefined) process.env[`INPUT_${name.toUpperCase()}`] = String(value)
}
input('config', args.config ?? '.github/framework-radar.yml')
input('token', token)
input('dry-run', args['dry-run'])
input('draft', args.draft)
for (const k of ['branch', 'base', 'title', 'labels', 'reviewers', 'assignees']) input(k, args[k])
process.env.GITHUB_REPOSITORY = repo
process.env.GITHUB_WORKSPACE ||= process.cwd()
// Outputs go to a scratch file instead of workflow commands on stdout.
const scratch = mkdtempSync(path.join(tmpdir(), 'framework-radar-'))
process.env.GITHUB_OUTPUT = path.join(scratch, 'output')
process.env.GITHUB_STEP_SUMMARY = path.join(scratch, 'summary.md')
writeFileSync(process.env.GITHUB_OUTPUT, '')
writeFileSync(process.env.GITHUB_STEP_SUMMARY, '')
process.env.FRAMEWORK_RADAR_CLI = '1'
try {
  const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version
  console.log(`framework-radar ${version} — ${args['dry-run'] ? 'dry-run' : `publishing to ${repo}`}`)
  await import('../dist/index.js')
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
