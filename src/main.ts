// The product's story, step by step: read the config, collect the metrics, rank, extend the
// history, render the report, and publish it as one pull request (or, in dry-run, to the workspace).
import * as core from '@actions/core'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { RequestError } from '@octokit/request-error'
import { notice, warning } from './annotations.js'
import { parseConfig } from './config/load.js'
import type { Config } from './config/schema.js'
import {
  carryForward,
  mergeHistories,
  parseHistory,
  previousSnapshot,
  serializeHistory,
  snapshotOf,
  withSnapshot,
  type History
} from './history/index.js'
import { readInputs, readSettings, type Inputs, type Settings } from './inputs.js'
import type { SourceFailure } from './model.js'
import { createGitHubClient, type GitHubClient } from './github/client.js'
import { openBase, publish, readBotBranchFile, type BaseFiles, type PublishResult } from './publish/index.js'
import { rankFrameworks } from './rank/index.js'
import { rankingText, renderPrBody, renderReport, renderSummary, spliceReport } from './report/index.js'
import { collectMetrics } from './sources/collect.js'
import { allSources } from './sources/index.js'
import { RequestCounter, TokenRejectedError, type Logger } from './sources/types.js'

type Octokit = GitHubClient

export interface RunResult {
  operation: PublishResult['operation']
  changed: boolean
  reportPath: string
  ranking: Array<{ name: string; rank: number; score: number }>
  requests: Record<string, number>
}

/** More missing repositories than this are named in one warning instead of one each. */
const MISSING_GROUP_AFTER = 10

const log: Logger = {
  info: (m) => core.info(m),
  warning: (m) => warning(m),
  debug: (m) => core.debug(m)
}

export async function run(): Promise<RunResult | undefined> {
  try {
    return await radar(readInputs(), readSettings())
  } catch (error) {
    core.setFailed(failureMessage(error))
    return undefined
  }
}

/** The message the run fails with; GitHub's bare "Bad credentials" does not say what to change. */
export function failureMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if ((error instanceof RequestError && error.status === 401) || error instanceof TokenRejectedError) {
    return (
      `GitHub rejected the token (${error instanceof TokenRejectedError ? message : `HTTP 401: ${message}`}). Check the \`token\` input: leave it at its default ` +
      '`${{ github.token }}`, or pass a GitHub App / personal access token that is valid, not expired and not revoked (a secret such as `${{ secrets.RADAR_TOKEN }}`).'
    )
  }
  return message
}

export async function radar(inputs: Inputs, settings: Settings): Promise<RunResult> {
  if (!inputs.token)
    throw new Error(
      'The "token" input is empty. Pass `token: ${{ github.token }}` (the default) or a GitHub App / personal access token.'
    )
  const octokit = createGitHubClient({
    token: inputs.token,
    baseUrl: settings.endpoints.githubApi,
    log,
    retryBaseMs: settings.retryBaseMs,
    writeSpacingMs: settings.writeSpacingMs
  })
  const repo = settings.repository
  const date = settings.now.toISOString().slice(0, 10)

  // 1. The config, validated before anything is collected or written.
  const workspaceConfig = inputs.dryRun ? await readWorkspaceFile(settings, inputs.config) : undefined
  const base = workspaceConfig === undefined ? await openBase(octokit, repo, inputs.base || undefined) : undefined
  const configText = workspaceConfig ?? (await base!.read(inputs.config))
  if (configText === undefined) {
    throw new Error(
      `Config file ${inputs.config} not found on branch ${base?.baseBranch ?? '(workspace)'} of ${repo.owner}/${repo.repo}. ` +
        'Create it (see examples/deep-learning.yml) or point the `config` input at it.'
    )
  }
  const config = parseConfig(configText, inputs.config)
  core.info(
    `Config ${inputs.config}: ${config.frameworks.length} frameworks, report ${config.report}, history ${config.history}`
  )

  // 2. What the repository holds now: the report, and the history (the bot's unmerged snapshots included).
  const existing = await readExisting(octokit, inputs, settings, config, base)

  // 3. Collect every source at once; failed sources carry their last values forward, marked stale.
  const counter = new RequestCounter()
  const collected = await collectMetrics(config.frameworks, allSources(), {
    now: settings.now,
    windowDays: config.window_days,
    endpoints: settings.endpoints,
    token: inputs.token,
    stackexchangeKey: inputs.stackexchangeKey || undefined,
    log,
    counter,
    github: octokit,
    history: existing.history,
    retryBaseMs: settings.retryBaseMs
  })
  failIfGitHubIsDown(collected.failures, config)
  const data = carryForward(
    collected.data,
    collected.failedMetrics,
    previousSnapshot(existing.history, date) ?? undefined
  )

  // 4. Rank, extend the history, render.
  const ranked = rankFrameworks(data, config)
  core.info(rankingText(ranked))
  const history = withSnapshot(existing.history, snapshotOf(ranked, date))
  const reportInput = {
    config,
    ranked,
    history,
    date,
    failures: collected.failures,
    notes: collected.notes,
    warnings: collected.warnings,
    serverUrl: settings.serverUrl
  }
  const files = {
    [config.report]: spliceReport(existing.report, renderReport(reportInput)),
    [config.history]: serializeHistory(history)
  }
  const reportUrl = inputs.dryRun ? undefined : botReportUrl(settings, inputs.branch, config.report)
  const body = renderPrBody({ ...reportInput, runUrl: settings.runUrl, reportPath: config.report, reportUrl })

  // Advice for the config owner: annotations, the PR body and the summary — never the report.
  for (const failure of collected.failures)
    warning(
      `${failure.source}${failure.framework ? ` (${failure.framework})` : ''}: ${failure.message}; last known values are shown, marked stale.`
    )
  warnMissing(ranked, inputs.config)
  for (const line of collected.warnings) warning(line)
  for (const note of collected.notes) notice(note)

  // 5. Publish: one pull request, created or updated in place — or, in dry-run, files in the workspace.
  let result: PublishResult
  if (inputs.dryRun) {
    result = await writeDryRun(settings, config, files, body, existing)
  } else {
    result = await publish(
      octokit,
      {
        repo,
        base: base!,
        branch: inputs.branch,
        files,
        title: inputs.title,
        body,
        labels: inputs.labels,
        reviewers: inputs.reviewers,
        assignees: inputs.assignees,
        draft: inputs.draft,
        commitMessage: `${inputs.title} (${date})`
      },
      log
    )
  }

  // 6. Outputs and the job summary.
  const ranking = ranked.map((r) => ({ name: r.name, rank: r.rank, score: r.score }))
  core.setOutput('pull-request-number', result.number !== undefined ? String(result.number) : '')
  core.setOutput('pull-request-url', result.url ?? '')
  core.setOutput('pull-request-operation', result.operation)
  core.setOutput('changed', String(result.changed))
  core.setOutput('report-path', config.report)
  core.setOutput('ranking', JSON.stringify(ranking))
  const requests = counter.toJSON()
  core.info(
    `Requests by kind: ${
      Object.entries(requests)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || 'none'
    }; GraphQL points ${counter.graphqlPoints}`
  )
  core.info(`Pull request: ${result.operation}${result.url ? ` ${result.url}` : ''}`)
  core.summary.addRaw(renderSummary(reportInput)).addRaw(summaryFooter(result), true)
  if (inputs.dryRun) core.summary.addHeading('Pull request body (dry-run)', 2).addRaw(body, true)
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.write()
  return { operation: result.operation, changed: result.changed, reportPath: config.report, ranking, requests }
}

interface Existing {
  report?: string
  history: History
}

async function readExisting(
  octokit: Octokit,
  inputs: Inputs,
  settings: Settings,
  config: Config,
  base: BaseFiles | undefined
): Promise<Existing> {
  if (!base) {
    // Dry-run with a workspace config: the workspace is the repository.
    const report = await readWorkspaceFile(settings, config.report)
    const history = parseHistory(await readWorkspaceFile(settings, config.history), config.history)
    return { report, history }
  }
  const [report, baseHistory, botHistory] = await Promise.all([
    base.read(config.report),
    base.read(config.history),
    readBotBranchFile(octokit, settings.repository, inputs.branch, config.history)
  ])
  // The bot branch is rebuilt from base each run: keep the snapshots of a PR nobody merged yet.
  const history = mergeHistories(
    parseHistory(baseHistory, config.history),
    parseHistory(botHistory, `${config.history} (branch ${inputs.branch})`)
  )
  return { report, history }
}

function failIfGitHubIsDown(failures: SourceFailure[], config: Config): void {
  const githubFailed = new Set(failures.filter((f) => f.source === 'github').map((f) => f.framework))
  const all = githubFailed.has(undefined) || config.frameworks.every((fw) => githubFailed.has(fw.name))
  if (all) {
    const reason = failures.find((f) => f.source === 'github')?.message ?? 'no answer'
    throw new Error(`GitHub failed for every framework (${reason}). Nothing was written; the next run will try again.`)
  }
}

async function readWorkspaceFile(settings: Settings, file: string): Promise<string | undefined> {
  const full = path.resolve(settings.workspace, file)
  return existsSync(full) ? readFile(full, 'utf8') : undefined
}

async function writeDryRun(
  settings: Settings,
  config: Config,
  files: Record<string, string>,
  body: string,
  existing: Existing
): Promise<PublishResult> {
  for (const [file, content] of Object.entries(files)) {
    const full = path.resolve(settings.workspace, file)
    await mkdir(path.dirname(full), { recursive: true })
    await writeFile(full, content)
    core.info(`dry-run: wrote ${file}`)
  }
  const bodyFile = path.resolve(settings.workspace, path.dirname(config.report), 'framework-radar-pr-body.md')
  await writeFile(bodyFile, body)
  core.info(`dry-run: wrote the pull request body to ${path.relative(settings.workspace, bodyFile)}`)
  const changed =
    files[config.report] !== existing.report || files[config.history] !== serializeHistory(existing.history)
  return { operation: 'none', changed, writes: 0 }
}

/** One warning per missing repository, or one naming them all when there are many. */
function warnMissing(ranked: Array<{ name: string; github: string; info: { missing?: boolean } }>, configPath: string) {
  const missing = ranked.filter((r) => r.info.missing)
  const fix = `fix its github key in ${configPath} or remove it`
  if (missing.length > MISSING_GROUP_AFTER) {
    const list = missing.map((r) => `${r.name} (${r.github})`).join(', ')
    warning(`${missing.length} GitHub repositories were not found (or the token cannot see them); ${fix}: ${list}`)
    return
  }
  for (const r of missing)
    warning(`${r.name}: GitHub repository ${r.github} was not found (or the token cannot see it); ${fix}.`)
}

/** The rendered report on the bot branch: <server>/<owner>/<repo>/blob/<branch>/<path>. */
function botReportUrl(settings: Settings, branch: string, reportPath: string): string {
  const { owner, repo } = settings.repository
  const server = settings.serverUrl ?? 'https://github.com'
  const encode = (p: string) => p.split('/').map(encodeURIComponent).join('/')
  return `${server}/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/blob/${encode(branch)}/${encode(reportPath)}`
}

function summaryFooter(result: PublishResult): string {
  if (result.url) return `\n\nPull request ${result.operation}: ${result.url}\n`
  return `\n\nPull request: ${result.operation}\n`
}
