// The product's story, step by step: read every config, collect the metrics once, rank, extend each
// history, render each report, and publish them all as one pull request (or, in dry-run, to the workspace).
import * as core from '@actions/core'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { RequestError } from '@octokit/request-error'
import { notice, warning } from './annotations.js'
import { loadConfigs, readWorkspaceFile, type LoadedConfig } from './config-files.js'
import type { Config } from './config/schema.js'
import type { MetricKey } from './model.js'
import {
  carryForward,
  mergeHistories,
  parseHistory,
  previousSnapshot,
  serializeHistory,
  snapshotOf,
  withSnapshot,
  type History,
  type Snapshot
} from './history/index.js'
import { backfillConfigs } from './backfill/index.js'
import { BACKFILL_REGISTRIES, type BackfillRegistry } from './backfill/registries.js'
import { mergeBackfill } from './backfill/plan.js'
import { comparableHistory } from './backfill/view.js'
import { carryPackageFacts } from './history/carry-facts.js'
import { readInputs, readSettings, type Inputs, type Settings } from './inputs.js'
import { createGitHubClient, type GitHubClient } from './github/client.js'
import {
  openBase,
  readBaseBranchFile,
  publish,
  PublishError,
  RaceLostError,
  readBotBranchFile,
  readBotBranchHead,
  type BaseFiles,
  type PublishResult
} from './publish/index.js'
import { rankConfig } from './rank/index.js'
import { chartLinks, chartsDir, rankingText, renderCharts, spliceReport, type ChartFile } from './report/index.js'
import {
  categoryViews,
  renderConfigReport,
  renderRunPrBody,
  renderRunSummary,
  type ConfigDocument
} from './report/document.js'
import type { Collected } from './sources/collect.js'
import { configKeyOf, loadSources, sourceOfMetric } from './sources/index.js'
import { collectShared, unionHistory } from './sources/shared.js'
import { RequestCounter, TokenRejectedError, type Logger, type SourceContext } from './sources/types.js'

type Octokit = GitHubClient

export interface RankingEntry {
  name: string
  rank: number
  score: number
  /** the category id, when the config has categories */
  category?: string
  /** the report path, when the run has several configs */
  report?: string
}

export interface RunResult {
  operation: PublishResult['operation']
  changed: boolean
  /** the first config's report */
  reportPath: string
  reportPaths: string[]
  ranking: RankingEntry[]
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
    const rejected = error instanceof TokenRejectedError ? message : `HTTP 401: ${message}`
    return (
      `GitHub rejected the token (${rejected}). Check the \`token\` input: leave it at its default ` +
      '`${{ github.token }}`, or pass a GitHub App / personal access token that is valid, not expired and ' +
      'not revoked (a secret such as `${{ secrets.RADAR_TOKEN }}`).'
    )
  }
  return message
}

export async function radar(inputs: Inputs, settings: Settings): Promise<RunResult> {
  const octokit = gitHubClientFor(inputs, settings)
  const date = settings.now.toISOString().slice(0, 10)

  // 1. Every config, validated before anything is collected or written. Opening the base also starts
  // reading the bot branch's head, which every read from the base needs next.
  let base: Promise<BaseFiles> | undefined
  let botHead: Promise<string | null> | undefined
  const readBotHeadOnce = () => (botHead ??= readBotBranchHead(octokit, settings.repository, inputs.branch))
  const openBaseOnce = () => {
    void readBotHeadOnce().catch(() => {}) // its error, if any, surfaces where the head is awaited
    base ??= openBase(octokit, settings.repository, inputs.base || undefined)
    return base
  }
  const configs = await loadConfigs(inputs.config, {
    workspace: settings.workspace,
    dryRun: inputs.dryRun,
    base: openBaseOnce,
    readBaseFile: (file) => readBaseBranchFile(octokit, settings.repository, file, inputs.base || undefined),
    octokit,
    repo: settings.repository
  })
  for (const { path: file, config } of configs) core.info(describeConfig(file, config))

  // 2. What the repository holds now: each report, and each history (the bot's unmerged snapshots included),
  // read while the sources start: only the GitHub source's branch-head check waits for the histories.
  const reading = readRepository(octokit, inputs, settings, configs, openBaseOnce, readBotHeadOnce)
  const existingLater = reading.then((r) => r.existing)
  existingLater.catch(() => {}) // awaited by the GitHub source and below; not an unhandled rejection meanwhile

  // 3. Collect every framework once, whichever configs list it; failed sources carry their last values forward.
  const counter = new RequestCounter()
  const collected = await collectEvery(configs, existingLater, octokit, inputs, settings, counter)
  const read = await reading
  const existing = read.existing
  failIfGitHubIsDown(collected, configs)

  // 3b. Frameworks new to a history (all of them on the first run): monthly points reconstructed once.
  const backfills = await backfillEvery(configs, existing, octokit, inputs, settings, counter, date, collected)

  // 4. Per config: rank (per category), extend the history, render the report.
  const render = (at: RepositoryRead): Output =>
    renderEvery(
      configs.map((c, i) => rankAndRender(c, collected[i], at.existing[i], date, inputs, settings, backfills[i])),
      at,
      settings
    )
  const rendered = render(read)
  adviseConfigOwners(rendered.docs, collected)

  // 5. Publish: one commit, one pull request, created or updated in place — or, in dry-run, files in the workspace.
  const { result, out } = inputs.dryRun
    ? { result: await writeDryRun(settings, rendered.docs, rendered.files, rendered.body(), existing), out: rendered }
    : await publishRetryingOnce(octokit, inputs, settings, await openBaseOnce(), rendered, async () => {
        const fresh = await openBase(octokit, settings.repository, inputs.base || undefined)
        return render(await readRepository(octokit, inputs, settings, configs, async () => fresh))
      })

  // 6. Outputs and the job summary.
  return finish(inputs, out.docs, result, counter, out.body())
}

function gitHubClientFor(inputs: Inputs, settings: Settings): Octokit {
  if (!inputs.token)
    throw new Error(
      'The "token" input is empty. ' +
        'Pass `token: ${{ github.token }}` (the default) or a GitHub App / personal access token.'
    )
  return createGitHubClient({
    token: inputs.token,
    baseUrl: settings.endpoints.githubApi,
    log,
    retryBaseMs: settings.retryBaseMs,
    writeSpacingMs: settings.writeSpacingMs
  })
}

/** Every config's files and the one PR body, rendered against one read of the repository. */
function renderEvery(docs: Rendered[], at: RepositoryRead, settings: Settings): Output {
  const files = Object.assign({}, ...docs.map((d) => d.files)) as Record<string, string>
  // The PR body shows the charts at the bot branch's commit, known only once it is made; in dry-run
  // the body sits next to the (first) report, so the reports' relative links serve it.
  const body = (sha?: string) =>
    renderRunPrBody(
      sha
        ? docs.map((d) => ({
            ...d,
            charts: chartLinks(d.chartFiles, { serverUrl: settings.serverUrl, repo: settings.repository, sha })
          }))
        : docs,
      settings.runUrl
    )
  return { botHead: at.botHead, base: at.base, docs, files, body }
}

/** What publishing sends: every config's files and the one PR body, from the bot branch head read. */
interface Output {
  botHead?: string | null
  base?: BaseFiles
  docs: Rendered[]
  files: Record<string, string>
  /** the PR body, made from the bot branch's commit (relative chart links without one: dry-run) */
  body: (commitSha?: string) => string
}

/**
 * Publishes; when another run moved the bot branch meanwhile (RaceLostError, nothing of theirs
 * overwritten), reads the repository again — its snapshots merge into our histories — and retries once.
 */
async function publishRetryingOnce(
  octokit: Octokit,
  inputs: Inputs,
  settings: Settings,
  base: BaseFiles,
  first: Output,
  readAndRenderAgain: () => Promise<Output>
): Promise<{ result: PublishResult; out: Output }> {
  const attempt = (at: BaseFiles, out: Output) =>
    publish(
      octokit,
      {
        repo: settings.repository,
        base: at,
        branch: inputs.branch,
        files: out.files,
        title: inputs.title,
        body: out.body,
        // chart files an earlier run wrote (e.g. a downloads chart that is no longer drawn) are the bot's own
        ownedPrefixes: out.docs.map((d) => `${chartsDir(d.config.report)}/`),
        labels: inputs.labels,
        reviewers: inputs.reviewers,
        assignees: inputs.assignees,
        draft: inputs.draft,
        commitMessage: `${inputs.title} (${settings.now.toISOString().slice(0, 10)})`,
        expectedBotHead: out.botHead
      },
      log
    )
  try {
    return { result: await attempt(base, first), out: first }
  } catch (error) {
    if (!(error instanceof RaceLostError)) throw error
    core.info(`${error.message} Reading ${inputs.branch} again to merge its history.`)
    const again = await readAndRenderAgain()
    const result = await attempt(again.base ?? base, again).catch((second: unknown) => {
      throw second instanceof RaceLostError ? raceLostTwice(second) : second
    })
    return { result, out: again }
  }
}

function raceLostTwice(error: RaceLostError): PublishError {
  return new PublishError(
    `${error.message} It happened twice in a row, so this run stops without publishing; run the workflow again ` +
      '(a `concurrency:` group in the workflow keeps runs from overlapping).'
  )
}

function describeConfig(file: string, config: Config): string {
  const categories = config.categories.length ? ` in ${config.categories.length} categories` : ''
  return (
    `Config ${file}: ${config.frameworks.length} frameworks${categories}, report ${config.report}, history ` +
    `${config.history}`
  )
}

/** One collection pass per window length (the usual case: one), each asking once per repository or package. */
async function collectEvery(
  configs: LoadedConfig[],
  existing: Promise<Existing[]>,
  octokit: Octokit,
  inputs: Inputs,
  settings: Settings,
  counter: RequestCounter
): Promise<Collected[]> {
  const out: Collected[] = new Array(configs.length)
  const windows = [...new Set(configs.map((c) => c.config.window_days))]
  for (const windowDays of windows) {
    const members = configs.flatMap((c, i) => (c.config.window_days === windowDays ? [i] : []))
    const results = await collectShared(
      members.map((i) => configs[i].config.frameworks),
      await loadSources(),
      {
        ...sourceContext(octokit, inputs, settings, counter, windowDays),
        // Sources ask only what can have changed since the last snapshot of any config listing it.
        history: existing.then((all) => unionHistory(members.map((i) => all[i].history)))
      }
    )
    members.forEach((i, k) => {
      out[i] = results[k]
    })
  }
  return out
}

/** What every source (and backfill) is given: the clock, the window, endpoints, credentials, the one client. */
function sourceContext(
  octokit: Octokit,
  inputs: Inputs,
  settings: Settings,
  counter: RequestCounter,
  windowDays: number
): SourceContext {
  return {
    now: settings.now,
    windowDays,
    endpoints: settings.endpoints,
    token: inputs.token,
    stackexchangeKey: inputs.stackexchangeKey || undefined,
    log,
    counter,
    github: octokit,
    retryBaseMs: settings.retryBaseMs
  }
}

/**
 * Per config, the backfilled snapshots of its frameworks new to its history (none when `backfill:
 * false`); a repository or package several configs list is backfilled once.
 */
function backfillEvery(
  configs: LoadedConfig[],
  existing: Existing[],
  octokit: Octokit,
  inputs: Inputs,
  settings: Settings,
  counter: RequestCounter,
  date: string,
  collected: Collected[]
): Promise<Snapshot[][]> {
  return backfillConfigs(
    configs.map(({ config }, i) => ({ config, history: existing[i].history })),
    date,
    (config) => sourceContext(octokit, inputs, settings, counter, config.window_days),
    registriesDown(configs, collected)
  )
}

/** Registries whose collection failed for every framework that uses them this run (a host that never answers). */
function registriesDown(configs: LoadedConfig[], collected: Collected[]): Set<BackfillRegistry> {
  const down = new Set<BackfillRegistry>()
  for (const [registry, metric] of Object.entries(BACKFILL_REGISTRIES) as Array<[BackfillRegistry, MetricKey]>) {
    // the source that collects the metric every week, and the framework key it is asked for
    const source = sourceOfMetric(metric).id
    const key = configKeyOf(metric)
    const failed = configs.every(({ config }, i) => {
      const failures = collected[i].failures.filter((f) => f.source === source)
      const failedFor = new Set(failures.map((f) => f.framework))
      return (
        failedFor.has(undefined) || config.frameworks.every((fw) => fw[key] === undefined || failedFor.has(fw.name))
      )
    })
    const used = configs.some(({ config }) => config.frameworks.some((fw) => fw[key] !== undefined))
    if (used && failed) down.add(registry)
  }
  return down
}

interface Rendered extends ConfigDocument {
  files: Record<string, string>
  /** the SVG charts (also in `files`) */
  chartFiles: ChartFile[]
}

function rankAndRender(
  loaded: LoadedConfig,
  collected: Collected,
  existing: Existing,
  date: string,
  inputs: Inputs,
  settings: Settings,
  backfill: Snapshot[] = []
): Rendered {
  const { config } = loaded
  const last = previousSnapshot(existing.history, date) ?? undefined
  const data = carryPackageFacts(
    carryForward(collected.data, collected.failedMetrics, last),
    config.frameworks,
    collected.failures,
    last
  )
  const ranked = rankConfig(data, config)
  core.info(rankingText(ranked))
  const history = withSnapshot(mergeBackfill(existing.history, backfill), snapshotOf(ranked, date))
  const doc = {
    configPath: loaded.path,
    config,
    ranked,
    // Charts and deltas read backfilled scores on the measured scores' basis; the file keeps them raw.
    history: comparableHistory(history, config),
    date,
    failures: collected.failures,
    notes: collected.notes,
    warnings: collected.warnings,
    serverUrl: settings.serverUrl,
    reportUrl: inputs.dryRun ? undefined : botReportUrl(settings, inputs.branch, config.report)
  }
  // The chart SVGs go into the same commit as the report that embeds them (a category's in its section).
  const chartFiles =
    config.categories.length === 0
      ? renderCharts({ history: doc.history, ranked, date, reportPath: config.report })
      : categoryViews(doc).flatMap((v) =>
          renderCharts({ ...v.input, reportPath: config.report, category: v.category.id })
        )
  const withCharts = { ...doc, charts: chartLinks(chartFiles) }
  const files = {
    [config.report]: spliceReport(existing.report, renderConfigReport(withCharts)),
    [config.history]: serializeHistory(history),
    ...Object.fromEntries(chartFiles.map((c) => [c.path, c.svg]))
  }
  return { ...withCharts, files, chartFiles }
}

/** Advice for the config owners: annotations (the PR body and the summary say it too) — never the report. */
function adviseConfigOwners(docs: Rendered[], collected: Collected[]): void {
  const said = new Set<string>()
  const once = (say: (m: string) => void, message: string) => {
    if (!said.has(message)) say(message)
    said.add(message)
  }
  collected.forEach((c, i) => {
    for (const failure of c.failures)
      once(
        warning,
        `${failure.source}${failure.framework ? ` (${failure.framework})` : ''}: ${failure.message}; last known ` +
          `values are shown, marked stale.`
      )
    warnMissing(docs[i].ranked, docs[i].configPath)
    for (const line of c.warnings) once(warning, line)
    for (const note of c.notes) once(notice, note)
  })
}

async function finish(
  inputs: Inputs,
  docs: Rendered[],
  result: PublishResult,
  counter: RequestCounter,
  body: string
): Promise<RunResult> {
  const ranking = rankingOutput(docs)
  core.setOutput('pull-request-number', result.number !== undefined ? String(result.number) : '')
  core.setOutput('pull-request-url', result.url ?? '')
  core.setOutput('pull-request-operation', result.operation)
  core.setOutput('changed', String(result.changed))
  core.setOutput('report-path', docs.map((d) => d.config.report).join('\n'))
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
  core.summary.addRaw(renderRunSummary(docs)).addRaw(summaryFooter(result), true)
  if (inputs.dryRun) core.summary.addHeading('Pull request body (dry-run)', 2).addRaw(body, true)
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.write()
  return {
    operation: result.operation,
    changed: result.changed,
    reportPath: docs[0].config.report,
    reportPaths: docs.map((d) => d.config.report),
    ranking,
    requests
  }
}

/**
 * The `ranking` output: every framework, best first within its list. A flat single config gives
 * `{name, rank, score}` entries as always; a framework in a category also carries `category`, and
 * with several configs every entry names its `report`.
 */
function rankingOutput(docs: Rendered[]): RankingEntry[] {
  return docs.flatMap((d) =>
    d.ranked.map((r) => ({
      name: r.name,
      rank: r.rank,
      score: r.score,
      ...(r.category !== undefined ? { category: r.category } : {}),
      ...(docs.length > 1 ? { report: d.config.report } : {})
    }))
  )
}

interface Existing {
  report?: string
  history: History
}

interface RepositoryRead {
  /** The bot branch head every history was read at (null: no branch); undefined: workspace only. */
  botHead?: string | null
  base?: BaseFiles
  existing: Existing[]
}

/**
 * Every config's report and history. The histories are read at one bot branch head — the one
 * publish() then swaps from (compare-and-swap), so a run that moves the branch meanwhile makes
 * this run re-read instead of dropping that run's snapshot.
 */
async function readRepository(
  octokit: Octokit,
  inputs: Inputs,
  settings: Settings,
  configs: LoadedConfig[],
  openBaseOnce: () => Promise<BaseFiles>,
  readBotHead = () => readBotBranchHead(octokit, settings.repository, inputs.branch)
): Promise<RepositoryRead> {
  const base = configs.every((c) => c.fromWorkspace) ? undefined : await openBaseOnce()
  const botHead = base ? await readBotHead() : undefined
  const existing = await Promise.all(
    configs.map((c) =>
      readExisting(octokit, inputs, settings, c.config, c.fromWorkspace ? undefined : base, botHead ?? null)
    )
  )
  return { botHead, base, existing }
}

async function readExisting(
  octokit: Octokit,
  inputs: Inputs,
  settings: Settings,
  config: Config,
  base: BaseFiles | undefined,
  botHead: string | null
): Promise<Existing> {
  if (!base) {
    // Dry-run with a workspace config: the workspace is the repository.
    const report = await readWorkspaceFile(settings.workspace, config.report)
    const history = parseHistory(await readWorkspaceFile(settings.workspace, config.history), config.history)
    return { report, history }
  }
  const [report, baseHistory, botHistory] = await Promise.all([
    base.read(config.report),
    base.read(config.history),
    botHead ? readBotBranchFile(octokit, settings.repository, botHead, config.history) : undefined
  ])
  // The bot branch is rebuilt from base each run: keep the snapshots of a PR nobody merged yet.
  const history = mergeHistories(
    parseHistory(baseHistory, config.history),
    parseHistory(botHistory, `${config.history} (branch ${inputs.branch})`)
  )
  return { report, history }
}

/** GitHub failed for every framework of every config: nothing to publish, the next run tries again. */
function failIfGitHubIsDown(collected: Collected[], configs: LoadedConfig[]): void {
  const all = configs.every((c, i) => {
    const failures = collected[i].failures
    const githubFailed = new Set(failures.filter((f) => f.source === 'github').map((f) => f.framework))
    return githubFailed.has(undefined) || c.config.frameworks.every((fw) => githubFailed.has(fw.name))
  })
  if (all) {
    const reason = collected.flatMap((c) => c.failures).find((f) => f.source === 'github')?.message ?? 'no answer'
    throw new Error(`GitHub failed for every framework (${reason}). Nothing was written; the next run will try again.`)
  }
}

async function writeDryRun(
  settings: Settings,
  docs: Rendered[],
  files: Record<string, string>,
  body: string,
  existing: Existing[]
): Promise<PublishResult> {
  for (const [file, content] of Object.entries(files)) {
    const full = path.resolve(settings.workspace, file)
    await mkdir(path.dirname(full), { recursive: true })
    await writeFile(full, content)
    core.info(`dry-run: wrote ${file}`)
  }
  const bodyFile = path.resolve(settings.workspace, path.dirname(docs[0].config.report), 'framework-radar-pr-body.md')
  await writeFile(bodyFile, body)
  core.info(`dry-run: wrote the pull request body to ${path.relative(settings.workspace, bodyFile)}`)
  const changed = docs.some(
    (d, i) =>
      files[d.config.report] !== existing[i].report || files[d.config.history] !== serializeHistory(existing[i].history)
  )
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
  const repoPath = `${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`
  return `${server}/${repoPath}/blob/${encode(branch)}/${encode(reportPath)}`
}

function summaryFooter(result: PublishResult): string {
  if (result.url) return `\n\nPull request ${result.operation}: ${result.url}\n`
  return `\n\nPull request: ${result.operation}\n`
}
