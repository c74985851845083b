// What a publishing run will do, decided from what it read — no I/O here. `plan()` takes the base
// branch, the bot branch, the open pull request and the wanted files and answers none, create,
// update or close (or refuses with a PublishError saying what to change). publish.ts reads the
// inputs and carries the plan out.
import { createHash } from 'node:crypto'
import type { RepoRef } from '../model.js'

export type { RepoRef } from '../model.js'

/** A refusal or failure with a message meant for the workflow log, saying what to change. */
export class PublishError extends Error {
  override name = 'PublishError'
}

/** Another run moved the bot branch after this run read it; nothing of the other run was overwritten. */
export class RaceLostError extends PublishError {
  override name = 'RaceLostError'
}

export function raceLost(repo: RepoRef, branch: string, read: string | null, now: string | null): RaceLostError {
  const at = (sha: string | null) => (sha ? `at ${sha.slice(0, 7)}` : 'absent')
  return new RaceLostError(
    `Another run changed the branch "${branch}" in ${repoName(repo)} while this run was publishing ` +
      `(this run read it ${at(read)}, it is now ${at(now)}). Nothing of the other run was overwritten.`
  )
}

/** GitHub rejects PR bodies over 65,536 characters. */
export const MAX_BODY_CHARS = 65_536

export const repoName = (repo: RepoRef): string => `${repo.owner}/${repo.repo}`

/** The base branch as read: its head and what it holds at each path we publish. */
export interface BaseView {
  branch: string
  sha: string
  files: Record<string, string | undefined>
}

export interface OpenPull {
  number: number
  url: string
  title: string
  body: string
  baseRef: string
  labels: string[]
}

/** base...bot-branch, as GitHub's compare answers it. */
export interface Comparison {
  aheadBy: number
  behindBy: number
  /** The first commit ahead of base has one parent (not a merge). */
  singleParent: boolean
  files: Array<{ path: string; status: string; sha: string | null }>
}

export interface BotBranchView {
  sha: string
  protected: boolean
  /** Read only when the plan needs it (see needsComparison). */
  comparison?: Comparison
}

/** The PR body, or a function of the commit it describes (e.g. image URLs pinned to that commit). */
export type PullBody = string | ((commitSha: string) => string)

export interface Wanted {
  repo: RepoRef
  branch: string
  files: Record<string, string>
  title: string
  body: PullBody
  /** Path prefixes the bot may have written in earlier runs (e.g. a charts folder); see isOwnCommit. */
  ownedPrefixes?: string[]
}

/** One commit on top of base with these paths, moved onto the branch (`replaces` = its head now). */
export interface Push {
  paths: string[]
  parent: string
  replaces?: string
}

/** The commit the PR shows: a new one to push, or the branch head, already right. */
export type Commit = { push: Push; branchSha?: undefined } | { push?: undefined; branchSha: string }

export type Plan = { changed: boolean } & (
  | { kind: 'none'; pull?: OpenPull }
  | { kind: 'close'; pull: OpenPull; branchSha?: string }
  | ({ kind: 'create' } & Commit)
  | ({ kind: 'update'; pull: OpenPull } & Commit)
)

/** Paths whose wanted content differs from base, in a stable order. */
export function changedPaths(base: BaseView, files: Record<string, string>): string[] {
  return Object.keys(files)
    .sort()
    .filter((path) => base.files[path] !== files[path])
}

/** Whether plan() needs base...bot-branch compared (one request saved when it does not). */
export function needsComparison(changed: boolean, botBranch: BotBranchView | undefined, hasPull: boolean): boolean {
  return botBranch !== undefined && !botBranch.protected && (changed || hasPull)
}

export function plan(
  base: BaseView,
  botBranch: BotBranchView | undefined,
  openPull: OpenPull | undefined,
  wanted: Wanted
): Plan {
  const paths = changedPaths(base, wanted.files)
  const changed = paths.length > 0
  if (!changed && !openPull) return { kind: 'none', changed }
  refuseProtected(botBranch, wanted)
  const comparison = botBranch?.comparison
  if (comparison) refuseForeignCommits(comparison, base, wanted)
  // The base already holds the files: the open PR has nothing left to say.
  if (!changed && openPull) return { kind: 'close', changed, pull: openPull, branchSha: botBranch?.sha }
  const upToDate = botBranch && comparison && isUpToDate(comparison, paths, wanted.files)
  const commit: Commit = upToDate
    ? { branchSha: botBranch.sha }
    : { push: { paths, parent: base.sha, replaces: botBranch?.sha } }
  if (!openPull) return { kind: 'create', changed, ...commit }
  if (commit.branchSha && !hasEdits(pullEdits(openPull, wanted, base.branch, commit.branchSha))) {
    return { kind: 'none', changed, pull: openPull }
  }
  return { kind: 'update', changed, pull: openPull, ...commit }
}

/** Refuses paths outside the repository root and under .github/workflows, before any request. */
export function checkPaths(files: Record<string, string>): void {
  for (const path of Object.keys(files)) {
    const parts = path.split('/')
    if (path === '' || path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..')) {
      throw new PublishError(
        `Refusing to publish "${path}": paths must be relative to the repository root, without "." or ".." parts.`
      )
    }
    if (/^\.github\/workflows(\/|$)/i.test(path)) {
      throw new PublishError(
        `Refusing to write "${path}": framework-radar never writes under .github/workflows (GitHub does not let ` +
          `workflow tokens change workflows). Point the report and history elsewhere in the config.`
      )
    }
  }
}

export function checkBranch(branch: string, baseBranch: string): void {
  if (branch === baseBranch) {
    throw new PublishError(
      `The \`branch\` input ("${branch}") must differ from the base branch: framework-radar rebuilds its branch on ` +
        `every run.`
    )
  }
}

function refuseProtected(botBranch: BotBranchView | undefined, wanted: Wanted): void {
  if (!botBranch?.protected) return
  throw new PublishError(
    `The branch "${wanted.branch}" in ${repoName(wanted.repo)} is protected, and framework-radar rebuilds ` +
      `(force-updates) its branch on every run. ` +
      `Remove the branch protection rule or ruleset that matches "${wanted.branch}", or set the \`branch\` input to ` +
      `an unprotected branch.`
  )
}

const owns = (wanted: Wanted, path: string): boolean =>
  path in wanted.files || (wanted.ownedPrefixes ?? []).some((prefix) => path.startsWith(prefix))

/**
 * The bot branch holds nothing but the bot's own work: no commits of its own, or a single commit
 * on top of a base commit that touches only paths the bot writes. Anything else is refused.
 */
function refuseForeignCommits(comparison: Comparison, base: BaseView, wanted: Wanted): void {
  if (comparison.aheadBy === 0) return
  const foreign = comparison.files.filter((f) => !owns(wanted, f.path)).map((f) => f.path)
  if (comparison.aheadBy === 1 && comparison.singleParent && foreign.length === 0) return
  const { branch } = wanted
  throw new PublishError(
    `The branch "${branch}" in ${repoName(wanted.repo)} has commits that framework-radar did not make ` +
      `(${comparison.aheadBy} commit(s) not on ` +
      `${base.branch}${foreign.length > 0 ? `, touching ${foreign.slice(0, 5).join(', ')}` : ''}). ` +
      `framework-radar owns this branch and rebuilds it from ${base.branch} on every run, so it will not ` +
      `overwrite them. ` +
      `Move those changes to another branch, then delete "${branch}" (or set the \`branch\` input to a branch only ` +
      `framework-radar uses) and run again.`
  )
}

/** The bot's commit is already exactly what we would write on the current base head. */
function isUpToDate(comparison: Comparison, paths: string[], files: Record<string, string>): boolean {
  if (comparison.aheadBy === 0 || comparison.behindBy !== 0) return false
  const want = new Map(paths.map((p) => [p, gitBlobSha(files[p])]))
  return (
    comparison.files.length === want.size &&
    comparison.files.every((f) => f.status !== 'removed' && want.get(f.path) === f.sha)
  )
}

/** The SHA git gives a blob with this text (compares with GitHub's tree without reading it back). */
export function gitBlobSha(text: string): string {
  const buf = Buffer.from(text, 'utf8')
  return createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex')
}

/** The body for the commit `commitSha`, cut to GitHub's limit. */
export function pullBody(body: PullBody, commitSha: string): string {
  const text = typeof body === 'function' ? body(commitSha) : body
  return text.length > MAX_BODY_CHARS
    ? `${text.slice(0, MAX_BODY_CHARS - 40)}\n\n…(truncated to fit GitHub's limit)`
    : text
}

export interface PullEdits {
  title?: string
  body?: string
  base?: string
}

/** What the open PR needs changed to describe commit `commitSha` on `baseBranch`. */
export function pullEdits(pull: OpenPull, wanted: Wanted, baseBranch: string, commitSha: string): PullEdits {
  const edits: PullEdits = {}
  const body = pullBody(wanted.body, commitSha)
  if (pull.title !== wanted.title) edits.title = wanted.title
  if (pull.body !== body) edits.body = body
  if (pull.baseRef !== baseBranch) edits.base = baseBranch
  return edits
}

export const hasEdits = (edits: PullEdits): boolean => Object.keys(edits).length > 0
