// Publishing through the GitHub API only (no checkout): read the base branch, rebuild the bot
// branch as ONE commit on top of the base head (git data API, so GitHub signs the commit), and
// create, update or close the one pull request. Nothing is written when nothing changed, and every
// refusal happens before the first write. read.ts reads, plan.ts decides, steps.ts writes.
//
// API call budget per run (reads / writes):
//   openBase: 1 branch read (+1 repository read when the base is the default branch) + 1 contents
//   read per file read. publish: 1 pulls list + 1 branch read + 1 compare (when the bot branch
//   exists and there is something to do) + 1 repository read when the branch is swapped and
//   openBase did not read the repository.
//   Writes: created 4 (tree, commit, ref, pull) + 1 each for labels, reviewers, assignees;
//   updated 3 (tree, commit, ref swap) + 1 when title/body changed + 1 when labels are missing, or
//   just the PR edit when the branch is already right; closed 2 (close PR, delete branch); none 0.
import type { Logger } from '../sources/types.js'
import type { GitHubClient as RadarOctokit } from '../github/client.js'
import {
  changedPaths,
  checkBranch,
  checkPaths,
  hasEdits,
  needsComparison,
  type OpenPull,
  type Plan,
  plan,
  pullBody,
  pullEdits,
  type PullBody,
  PublishError,
  type Push,
  raceLost,
  type RepoRef
} from './plan.js'
import { type BaseFiles, botBranchView, compareWithBase, findOpenPull, readBranchHead } from './read.js'
import {
  closePull,
  createCommit,
  createPull,
  decorate,
  deleteBranch,
  editPull,
  moveBranch,
  pullAlreadyExists,
  rollBack,
  type StepContext
} from './steps.js'

export interface PublishRequest {
  repo: RepoRef
  base: BaseFiles
  branch: string
  /** Full contents: report, history, and any further files (e.g. charts). */
  files: Record<string, string>
  title: string
  /** A string, or a function of the commit the PR shows (for links pinned to that commit). */
  body: PullBody
  labels: string[]
  reviewers: string[]
  assignees: string[]
  draft: boolean
  commitMessage: string
  /**
   * The bot branch head the files were built from (null: there was no branch). When the branch is
   * elsewhere by now, nothing is written and RaceLostError is thrown. Undefined: not checked.
   */
  expectedBotHead?: string | null
  /** Path prefixes the bot wrote in earlier runs and may not write now (e.g. a charts folder). */
  ownedPrefixes?: string[]
}

export interface PublishResult {
  operation: 'created' | 'updated' | 'closed' | 'none'
  changed: boolean
  number?: number
  url?: string
  writes: number
}

export async function publish(octokit: RadarOctokit, req: PublishRequest, log: Logger): Promise<PublishResult> {
  checkPaths(req.files)
  checkBranch(req.branch, req.base.baseBranch)
  const decided = await readAndPlan(octokit, req)
  const ctx: StepContext = { octokit, repo: req.repo, branch: req.branch, log, writes: 0 }
  ctx.repositoryId = req.base.repositoryId
  return carryOut(ctx, decided, req)
}

/** Every read the plan needs, then the plan. */
async function readAndPlan(octokit: RadarOctokit, req: PublishRequest): Promise<Plan> {
  const { base, repo, branch } = req
  const baseFiles: Record<string, string | undefined> = {}
  for (const path of Object.keys(req.files).sort()) baseFiles[path] = await base.read(path)
  const baseView = { branch: base.baseBranch, sha: base.baseSha, files: baseFiles }
  const openPull = await findOpenPull(octokit, repo, branch)
  const head = await readBranchHead(octokit, repo, branch)
  if (req.expectedBotHead !== undefined && (head?.sha ?? null) !== req.expectedBotHead) {
    throw raceLost(repo, branch, req.expectedBotHead, head?.sha ?? null)
  }
  const changed = changedPaths(baseView, req.files).length > 0
  const botBranch = head && botBranchView(head)
  if (botBranch && needsComparison(changed, botBranch, openPull !== undefined)) {
    botBranch.comparison = await compareWithBase(octokit, repo, base.baseSha, botBranch.sha)
  }
  return plan(baseView, botBranch, openPull, { ...req, files: req.files })
}

async function carryOut(ctx: StepContext, decided: Plan, req: PublishRequest): Promise<PublishResult> {
  const { changed } = decided
  switch (decided.kind) {
    case 'none':
      if (!decided.pull) {
        ctx.log.info(`Nothing changed against ${req.base.baseBranch}; no pull request to update.`)
        return { operation: 'none', changed, writes: ctx.writes }
      }
      ctx.log.info(`Pull request #${decided.pull.number} is up to date.`)
      return { operation: 'none', changed, number: decided.pull.number, url: decided.pull.url, writes: ctx.writes }
    case 'close':
      await closePull(ctx, decided.pull)
      if (decided.branchSha) await deleteBranch(ctx, decided.branchSha)
      ctx.log.info(
        `${req.base.baseBranch} already holds the report; closed #${decided.pull.number} and deleted ${req.branch}.`
      )
      return { operation: 'closed', changed, number: decided.pull.number, url: decided.pull.url, writes: ctx.writes }
    case 'create':
    case 'update': {
      const commitSha = decided.push ? await pushFiles(ctx, decided.push, req) : decided.branchSha
      if (decided.kind === 'update') return updatePull(ctx, decided.pull, req, commitSha)
      return openPull(ctx, req, commitSha, decided.push && { previous: decided.push.replaces })
    }
  }
}

async function pushFiles(ctx: StepContext, push: Push, req: PublishRequest): Promise<string> {
  const commit = await createCommit(ctx, push, req.base.treeSha, req.files, req.commitMessage)
  const sha = await moveBranch(ctx, push, commit)
  ctx.log.info(`Pushed ${sha.slice(0, 7)} to ${req.branch} (${push.paths.join(', ')}).`)
  return sha
}

async function updatePull(
  ctx: StepContext,
  pull: OpenPull,
  req: PublishRequest,
  commitSha: string
): Promise<PublishResult> {
  const edits = pullEdits(pull, req, req.base.baseBranch, commitSha)
  if (hasEdits(edits)) await editPull(ctx, pull, edits)
  const missing = req.labels.filter((l) => !pull.labels.includes(l))
  await decorate(ctx, pull.number, { labels: missing })
  ctx.log.info(`Updated pull request #${pull.number}.`)
  return { operation: 'updated', changed: true, number: pull.number, url: pull.url, writes: ctx.writes }
}

/** Opens the PR for `commitSha`; when it cannot be opened, the branch goes back to where it was. */
async function openPull(
  ctx: StepContext,
  req: PublishRequest,
  commitSha: string,
  pushed: { previous?: string } | undefined
): Promise<PublishResult> {
  let created: { number: number; url: string }
  try {
    created = await createPull(ctx, {
      title: req.title,
      body: pullBody(req.body, commitSha),
      base: req.base.baseBranch,
      draft: req.draft
    })
  } catch (error) {
    if (pullAlreadyExists(error)) {
      // A concurrent run opened it between our lookup and our create: update that one.
      const existing = await findOpenPull(ctx.octokit, ctx.repo, ctx.branch)
      if (existing) return updatePull(ctx, existing, req, commitSha)
    }
    if (pushed && error instanceof PublishError) await rollBack(ctx, commitSha, pushed.previous)
    throw error
  }
  await decorate(ctx, created.number, { labels: req.labels, reviewers: req.reviewers, assignees: req.assignees })
  ctx.log.info(`Opened pull request #${created.number}: ${created.url}`)
  return { operation: 'created', changed: true, number: created.number, url: created.url, writes: ctx.writes }
}
