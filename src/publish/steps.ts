// The writes a plan is carried out with, one small step each. Every write goes through `write()`,
// which counts it and turns GitHub's permission refusals into the setting to change.
//
// The bot branch only ever moves by compare-and-swap: it is created with POST git/refs (fails when
// it exists) and moved or deleted with GraphQL `updateRefs` and `beforeOid` = the head read at the
// start (GitHub applies it only if the branch is still there). REST's PATCH git/refs has no such
// condition, and re-reading right before it leaves a window; see README "Racing runs".
import type { Logger } from '../sources/types.js'
import { gitHubMessage, httpStatus } from './errors.js'
import type { GitHubClient as RadarOctokit } from '../github/client.js'
import { type OpenPull, type PullEdits, PublishError, type Push, raceLost, type RepoRef, repoName } from './plan.js'
import { type BranchHead, readBranchHead } from './read.js'

/** What every step needs; `writes` counts the API writes made so far. */
export interface StepContext {
  octokit: RadarOctokit
  repo: RepoRef
  branch: string
  log: Logger
  writes: number
  /** The repository's GraphQL node id (updateRefs needs it); read once, when first needed. */
  repositoryId?: string
}

const NO_COMMIT = '0000000000000000000000000000000000000000'

/** Runs one API write, counting it and turning permission errors into instructions. */
export async function write<T>(ctx: StepContext, what: 'contents' | 'pull-requests', fn: () => Promise<T>): Promise<T> {
  ctx.writes++
  try {
    return await fn()
  } catch (error) {
    throw permissionError(ctx, what, error) ?? error
  }
}

function permissionError(ctx: StepContext, what: 'contents' | 'pull-requests', error: unknown): Error | undefined {
  const message = gitHubMessage(error)
  const repo = repoName(ctx.repo)
  if (httpStatus(error) === 403 && /not permitted to create or approve pull requests/i.test(message)) {
    return new PublishError(
      `GitHub Actions may not create pull requests in ${repo}. In the repository (or organization) settings, ` +
        'enable Settings → Actions → General → Workflow permissions → ' +
        `'Allow GitHub Actions to create and approve pull requests', ` +
        `and give the job \`permissions: { contents: write, pull-requests: write }\`. Nothing was left behind: the ` +
        `branch "${ctx.branch}" was rolled back.`
    )
  }
  // REST answers 403; GraphQL answers 200 with a FORBIDDEN error carrying the same words.
  if (!/Resource not accessible by integration/i.test(message)) return undefined
  return new PublishError(
    what === 'contents'
      ? `The token may not write to ${repo} (403 Resource not accessible by integration). Give the job ` +
          `\`permissions: { contents: write, pull-requests: write }\` (it needs \`contents: write\` to push the ` +
          `branch "${ctx.branch}").`
      : `The token may not manage pull requests in ${repo} (403 Resource not accessible by integration). Give the ` +
          `job \`permissions: { contents: write, pull-requests: write }\` (it needs \`pull-requests: write\`).`
  )
}

/** A commit on top of base with these files changed. GitHub signs it: no author or committer is sent. */
export async function createCommit(
  ctx: StepContext,
  push: Push,
  baseTree: string,
  files: Record<string, string>,
  message: string
): Promise<{ sha: string; treeSha: string }> {
  const { owner, repo } = ctx.repo
  const tree = await write(ctx, 'contents', () =>
    ctx.octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: baseTree,
      tree: push.paths.map((path) => ({ path, mode: '100644' as const, type: 'blob' as const, content: files[path] }))
    })
  )
  const commit = await write(ctx, 'contents', () =>
    ctx.octokit.rest.git.createCommit({ owner, repo, message, tree: tree.data.sha, parents: [push.parent] })
  )
  return { sha: commit.data.sha, treeSha: tree.data.sha }
}

/**
 * Points the bot branch at `commit`: creates it when `replaces` is undefined, else swaps it from
 * `replaces`. When another run got there first, the branch is re-read: if it already holds the
 * same content on the same base, that commit is as good as ours; otherwise RaceLostError.
 * Returns the commit the branch now points at.
 */
export async function moveBranch(
  ctx: StepContext,
  push: Push,
  commit: { sha: string; treeSha: string }
): Promise<string> {
  const moved =
    push.replaces === undefined ? await createBranch(ctx, commit.sha) : await swapBranch(ctx, push.replaces, commit.sha)
  if (moved) return commit.sha
  const head = await readBranchHead(ctx.octokit, ctx.repo, ctx.branch)
  if (head && sameContent(head, push, commit)) {
    ctx.log.info(`Another run pushed the same files to ${ctx.branch} first (${head.sha.slice(0, 7)}); using it.`)
    return head.sha
  }
  throw raceLost(ctx.repo, ctx.branch, push.replaces ?? null, head?.sha ?? null)
}

const sameContent = (head: BranchHead, push: Push, commit: { sha: string; treeSha: string }): boolean =>
  head.sha === commit.sha ||
  (head.treeSha === commit.treeSha && head.parents.length === 1 && head.parents[0] === push.parent)

/** POST git/refs: false when the branch exists already (another run created it). */
async function createBranch(ctx: StepContext, sha: string): Promise<boolean> {
  try {
    const { owner, repo } = ctx.repo
    await write(ctx, 'contents', () =>
      ctx.octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${ctx.branch}`, sha })
    )
    return true
  } catch (error) {
    if (httpStatus(error) === 422 && /Reference already exists/i.test(gitHubMessage(error))) return false
    throw error
  }
}

/** GraphQL updateRefs: the bot branch moves from `before` to `after` only if it is still at `before`. */
export const UPDATE_REFS_MUTATION = `mutation MoveBotBranch(
  $repositoryId: ID!
  $name: GitRefname!
  $before: GitObjectID!
  $after: GitObjectID!
) {
  updateRefs(
    input: {
      repositoryId: $repositoryId
      refUpdates: [{ name: $name, beforeOid: $before, afterOid: $after, force: true }]
    }
  ) {
    clientMutationId
  }
}`

/** Compare-and-swap of the bot branch; false when it was not at `before` (moved or deleted). */
export async function swapBranch(ctx: StepContext, before: string, after: string): Promise<boolean> {
  const variables = { repositoryId: await repositoryId(ctx), name: `refs/heads/${ctx.branch}`, before, after }
  try {
    await write(ctx, 'contents', () => ctx.octokit.graphql(UPDATE_REFS_MUTATION, variables))
    return true
  } catch (error) {
    if (error instanceof PublishError) throw error
    // GitHub's wording for a stale beforeOid is not documented: look at the branch instead.
    const head = await readBranchHead(ctx.octokit, ctx.repo, ctx.branch)
    if (head?.sha !== before) return false
    throw new PublishError(
      `GitHub refused to move the branch "${ctx.branch}" in ${repoName(ctx.repo)}: ${gitHubMessage(error)}`
    )
  }
}

async function repositoryId(ctx: StepContext): Promise<string> {
  if (!ctx.repositoryId) {
    const { data } = await ctx.octokit.rest.repos.get({ owner: ctx.repo.owner, repo: ctx.repo.repo })
    ctx.repositoryId = data.node_id
  }
  return ctx.repositoryId
}

/** Deletes the bot branch if it is still at `sha`; a branch that is gone or moved on is left alone. */
export async function deleteBranch(ctx: StepContext, sha: string): Promise<void> {
  if (await swapBranch(ctx, sha, NO_COMMIT)) return
  const head = await readBranchHead(ctx.octokit, ctx.repo, ctx.branch)
  // Gone: a concurrent run, or "automatically delete head branches". Moved: another run's work.
  if (head) ctx.log.warning(`Left ${ctx.branch} in place: another run moved it to ${head.sha.slice(0, 7)}.`)
}

export async function closePull(ctx: StepContext, pull: OpenPull): Promise<void> {
  await write(ctx, 'pull-requests', () =>
    ctx.octokit.rest.pulls.update({ ...ctx.repo, pull_number: pull.number, state: 'closed' })
  )
}

/** Opens the PR; a repository without draft PRs gets a regular one, with a warning. */
export async function createPull(
  ctx: StepContext,
  fields: { title: string; body: string; base: string; draft: boolean }
): Promise<{ number: number; url: string }> {
  const create = (draft: boolean) =>
    write(ctx, 'pull-requests', () =>
      ctx.octokit.rest.pulls.create({
        ...ctx.repo,
        title: fields.title,
        body: fields.body,
        head: ctx.branch,
        base: fields.base,
        draft
      })
    )
  try {
    const { data } = await create(fields.draft)
    return { number: data.number, url: data.html_url }
  } catch (error) {
    if (
      !(
        fields.draft &&
        httpStatus(error) === 422 &&
        /draft pull requests are not supported/i.test(gitHubMessage(error))
      )
    )
      throw error
    ctx.log.warning(`Draft pull requests are not available in ${repoName(ctx.repo)}; opening a regular pull request.`)
    const { data } = await create(false)
    return { number: data.number, url: data.html_url }
  }
}

export const pullAlreadyExists = (error: unknown): boolean =>
  httpStatus(error) === 422 && /A pull request already exists/i.test(gitHubMessage(error))

export async function editPull(ctx: StepContext, pull: OpenPull, edits: PullEdits): Promise<void> {
  await write(ctx, 'pull-requests', () =>
    ctx.octokit.rest.pulls.update({ ...ctx.repo, pull_number: pull.number, ...edits })
  )
}

/** Labels, reviewers and assignees are extras: a failure there is a warning, not a failed run. */
export async function decorate(
  ctx: StepContext,
  number: number,
  extras: { labels?: string[]; reviewers?: string[]; assignees?: string[] }
): Promise<void> {
  const { octokit } = ctx
  const tries: Array<[string, string[] | undefined, (items: string[]) => Promise<unknown>]> = [
    ['labels', extras.labels, (labels) => octokit.rest.issues.addLabels({ ...ctx.repo, issue_number: number, labels })],
    [
      'reviewers',
      extras.reviewers,
      (reviewers) => octokit.rest.pulls.requestReviewers({ ...ctx.repo, pull_number: number, reviewers })
    ],
    [
      'assignees',
      extras.assignees,
      (assignees) => octokit.rest.issues.addAssignees({ ...ctx.repo, issue_number: number, assignees })
    ]
  ]
  for (const [what, items, add] of tries) {
    if (!items || items.length === 0) continue
    try {
      await write(ctx, 'pull-requests', () => add(items))
    } catch (error) {
      const reason = error instanceof PublishError ? error.message : gitHubMessage(error)
      ctx.log.warning(`Could not set ${what} on the pull request: ${reason}`)
    }
  }
}

/** The PR could not be opened: put the bot branch back where it was (no stray branch or commit). */
export async function rollBack(ctx: StepContext, pushed: string, previous: string | undefined): Promise<void> {
  try {
    const restored = await swapBranch(ctx, pushed, previous ?? NO_COMMIT)
    if (!restored) {
      ctx.log.warning(`Did not roll back ${ctx.branch}: another run moved it meanwhile.`)
      return
    }
    ctx.log.info(`Rolled back ${ctx.branch}: no pull request could be opened.`)
  } catch (error) {
    ctx.log.warning(
      `Could not roll back ${ctx.branch}: ${error instanceof PublishError ? error.message : gitHubMessage(error)}`
    )
  }
}
