// Reads the action's inputs and the runner's environment. The only place that knows INPUT_* and env names;
// the runner's own variables (repository, URLs, run id) come through @actions/github's context.
import * as core from '@actions/core'
import { context } from '@actions/github'
import { declaredEndpoints } from './sources/declare.js'
import { SOURCES } from './sources/index.js'
import type { RepoRef } from './model.js'
import type { Endpoints } from './sources/types.js'

export interface Inputs {
  config: string
  token: string
  stackexchangeKey: string
  branch: string
  base: string
  title: string
  labels: string[]
  reviewers: string[]
  assignees: string[]
  draft: boolean
  dryRun: boolean
}

export interface Settings {
  endpoints: Endpoints
  now: Date
  repository: RepoRef
  workspace: string
  /** GITHUB_SERVER_URL: where report links point (GHES: https://ghe.example). */
  serverUrl: string
  runUrl?: string
  /** FRAMEWORK_RADAR_RETRY_BASE_MS: the unit of every retry wait (default 1000). */
  retryBaseMs: number
  /** FRAMEWORK_RADAR_WRITE_SPACING_MS: spacing between GitHub writes when a run makes many (default 1000). */
  writeSpacingMs: number
}

type RunnerContext = Pick<typeof context, 'apiUrl' | 'graphqlUrl' | 'serverUrl' | 'runId' | 'repo'>

/** Splits a comma- or newline-separated input into trimmed, non-empty, unique items. */
export function parseList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean)
    )
  ]
}

export function readInputs(): Inputs {
  const token = core.getInput('token')
  const stackexchangeKey = core.getInput('stackexchange-key')
  // Mask first, before anything can print it. The local CLI has no runner to consume `::add-mask::`
  // (it would only echo the secret to the terminal), so it opts out.
  if (process.env.FRAMEWORK_RADAR_CLI !== '1') {
    if (token) core.setSecret(token)
    if (stackexchangeKey) core.setSecret(stackexchangeKey)
  }
  const branch = core.getInput('branch') || 'framework-radar/report'
  if (!/^[A-Za-z0-9._/-]+$/.test(branch) || branch.startsWith('/') || branch.includes('..')) {
    throw new Error(`Input "branch" is not a valid branch name: ${JSON.stringify(branch)}`)
  }
  return {
    config: core.getInput('config') || '.github/framework-radar.yml',
    token,
    stackexchangeKey,
    branch,
    base: core.getInput('base'),
    title: core.getInput('title') || 'Update framework popularity report',
    labels: parseList(core.getInput('labels')),
    reviewers: parseList(core.getInput('reviewers')),
    assignees: parseList(core.getInput('assignees')),
    draft: booleanInput('draft'),
    dryRun: booleanInput('dry-run')
  }
}

function booleanInput(name: string): boolean {
  const raw = core.getInput(name).trim().toLowerCase()
  if (raw === '' || raw === 'false') return false
  if (raw === 'true') return true
  throw new Error(`Input "${name}" must be "true" or "false", got ${JSON.stringify(core.getInput(name))}`)
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '')
}

export function readSettings(runner: RunnerContext = context, env: NodeJS.ProcessEnv = process.env): Settings {
  const githubApi = trimSlash(runner.apiUrl)
  const endpoints = {
    githubApi,
    // The runner always sets GITHUB_GRAPHQL_URL; the CLI pointed at a GHES API may not.
    githubGraphql: trimSlash(env.GITHUB_GRAPHQL_URL ? runner.graphqlUrl : graphqlUrlFor(githubApi)),
    ...sourceEndpoints(env)
  } as Endpoints
  let now = new Date()
  if (env.FRAMEWORK_RADAR_NOW) {
    now = new Date(env.FRAMEWORK_RADAR_NOW)
    if (Number.isNaN(now.getTime())) {
      throw new Error(
        `FRAMEWORK_RADAR_NOW must be an ISO-8601 time such as 2026-11-23T06:17:00Z, got ` +
          `${JSON.stringify(env.FRAMEWORK_RADAR_NOW)}`
      )
    }
  }
  let repository: RepoRef
  try {
    repository = runner.repo
  } catch {
    repository = { owner: '', repo: '' }
  }
  const { owner, repo } = repository
  if (!owner || !repo) throw new Error('GITHUB_REPOSITORY must be set to "owner/name" (the Actions runner sets it).')
  const serverUrl = trimSlash(runner.serverUrl)
  const runUrl = Number.isInteger(runner.runId)
    ? `${serverUrl}/${owner}/${repo}/actions/runs/${runner.runId}`
    : undefined
  return {
    endpoints,
    now,
    repository: { owner, repo },
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    serverUrl,
    runUrl,
    retryBaseMs: msKnob(env, 'FRAMEWORK_RADAR_RETRY_BASE_MS', 1000),
    writeSpacingMs: msKnob(env, 'FRAMEWORK_RADAR_WRITE_SPACING_MS', 1000)
  }
}

function msKnob(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim()
  if (!raw) return fallback
  if (!/^\d+(\.\d+)?$/.test(raw))
    throw new Error(`${name} must be a number of milliseconds, got ${JSON.stringify(raw)}`)
  return Number(raw)
}

/** Each source's endpoint: FRAMEWORK_RADAR_<NAME>_URL when set, else the default its declaration gives. */
function sourceEndpoints(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(declaredEndpoints(SOURCES).map((e) => [e.name, trimSlash(env[e.env] || e.default)]))
}

/** GitHub Enterprise Server serves GraphQL at /api/graphql next to REST at /api/v3. */
export function graphqlUrlFor(apiUrl: string): string {
  return apiUrl.endsWith('/api/v3') ? `${apiUrl.slice(0, -'/v3'.length)}/graphql` : `${apiUrl}/graphql`
}
