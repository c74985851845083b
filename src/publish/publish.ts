// Publishing through the GitHub REST API only (no checkout, no GraphQL): read the base branch,
// rebuild the bot branch as ONE commit on top of the base head (git data API, so GitHub signs the
// commit), and create, update or close the one pull request. Nothing is written when nothing
// changed, and every refusal happens before the first write.
//
// REST call budget per run (reads / writes):
//   openBase: 1 branch read (+1 repository read when the base is the default branch) + 1 contents
//   read per file read. publish: 1 pulls list + 1 branch read + 1 compare (when the bot branch
//   exists) + 1 commit read (only when BaseFiles did not come from openBase).
//   Writes: created 4 (tree, commit, ref, pull) + 1 each for labels, reviewers, assignees;
//   updated 3 (tree, commit, ref) + 1 when title/body changed + 1 when labels are missing, or just
//   the PR edit when the branch is already right; closed 2 (close PR, delete branch); none 0.
import { createHash } from 'node:crypto'
import type { Logger } from '../sources/types.js'
import type { GitHubClient as RadarOctokit } from '../github/client.js'

export interface RepoRef {
  owner: string
  repo: string
}

export interface BaseFiles {
  baseBranch: string
  baseSha: string
  read(path: string): Promise<string | undefined> /* from base */
}

export interface PublishRequest {
  repo: RepoRef
  base: BaseFiles
  branch: string
  files: Record<string, string> /* report + history, full contents */
  title: string
  body: string
  labels: string[]
  reviewers: string[]
  assignees: string[]
  draft: boolean
  commitMessage: string
}

export interface PublishResult {
  operation: 'created' | 'updated' | 'closed' | 'none'
  changed: boolean
  number?: number
  url?: string
  writes: number
}

/** A refusal or failure with a message meant for the workflow log, saying what to change. */
export class PublishError extends Error {
  override name = 'PublishError'
}

/** GitHub rejects PR bodies over 65,536 characters. */
export const MAX_BODY_CHARS = 65_536

interface HttpError {
  status?: number
  message?: string
  response?: { data?: unknown }
}

function httpStatus(error: unknown): number | undefined {
  return (error as HttpError | undefined)?.status
}

/** The message GitHub sent, including the `errors[].message` details Octokit folds in. */
function gitHubMessage(error: unknown): string {
  const e = error as HttpError
  const data = e?.response?.data as { message?: string; errors?: Array<{ message?: string } | string> } | undefined
  const parts = [data?.message, ...(data?.errors ?? []).map((x) => (typeof x === 'string' ? x : x?.message))].filter(
    Boolean
  )
  return parts.length > 0 ? parts.join(': ') : String(e?.message ?? error)
}

const repoName = (repo: RepoRef) => `${repo.owner}/${repo.repo}`

/** The SHA git gives a blob with this text (lets us compare with GitHub's tree without reading it back). */
function gitBlobSha(text: string): string {
  const buf = Buffer.from(text, 'utf8')
  return createHash('sha1').update(`blob ${buf.length}\0`).update(buf).digest('hex')
}

const baseTrees = new WeakMap<BaseFiles, string>()

async function readContents(
  octokit: RadarOctokit,
  repo: RepoRef,
  path: string,
  ref: string
): Promise<string | undefined> {
  let data: unknown
  try {
    ;({ data } = await octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ref }))
  } catch (error) {
    if (httpStatus(error) === 404) return undefined
    throw error
  }
  if (Array.isArray(data))
    throw new PublishError(`${path} is a directory in ${repoName(repo)} at ${ref}; expected a file.`)
  const file = data as { type?: string; encoding?: string; content?: string; sha?: string }
  if (file.type !== 'file')
    throw new PublishError(`${path} in ${repoName(repo)} is a ${file.type ?? 'non-file'}; expected a file.`)
  if (file.encoding === 'base64') return Buffer.from(file.content ?? '', 'base64').toString('utf8')
  // Files over 1 MB come without content (encoding "none"): fetch the blob instead.
  const blob = await octokit.rest.git.getBlob({ owner: repo.owner, repo: repo.repo, file_sha: file.sha! })
  return Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
}

/** Resolves the base branch (the default branch when undefined) and reads files from its head. */
export async function openBase(octokit: RadarOctokit, repo: RepoRef, baseBranch?: string): Promise<BaseFiles> {
  let branch = baseBranch
  if (!branch) {
    try {
      branch = (await octokit.rest.repos.get({ owner: repo.owner, repo: repo.repo })).data.default_branch
    } catch (error) {
      if (httpStatus(error) === 404) {
        throw new PublishError(`Repository ${repoName(repo)} was not found, or the token cannot see it.`)
      }
      throw error
    }
  }
  let baseSha: string
  let treeSha: string
  try {
    const { data } = await octokit.rest.repos.getBranch({ owner: repo.owner, repo: repo.repo, branch })
    baseSha = data.commit.sha
    treeSha = data.commit.commit.tree.sha
  } catch (error) {
    if (httpStatus(error) === 404) {
      throw new PublishError(
        `The base branch "${branch}" does not exist in ${repoName(repo)}. Set the \`base\` input to an existing branch, or leave it empty to use the default branch.`
      )
    }
    throw error
  }
  const cache = new Map<string, Promise<string | undefined>>()
  const base: BaseFiles = {
    baseBranch: branch,
    baseSha,
    read(path) {
      let pending = cache.get(path)
      if (!pending) {
        pending = readContents(octokit, repo, path, baseSha)
        cache.set(path, pending)
      }
      return pending
    }
  }
  baseTrees.set(base, treeSha)
  return base
}

/** A file as it is on the bot branch (to merge history the open PR has not landed yet). */
export async function readBotBranchFile(
  octokit: RadarOctokit,
  repo: RepoRef,
  branch: string,
  path: string
): Promise<string | undefined> {
  return readContents(octokit, repo, path, branch)
}

function checkPaths(files: Record<string, string>): void {
  for (const path of Object.keys(files)) {
    const parts = path.split('/')
    if (path === '' || path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..')) {
      throw new PublishError(
        `Refusing to publish "${path}": paths must be relative to the repository root, without "." or ".." parts.`
      )
    }
    if (/^\.github\/workflows(\/|$)/i.test(path)) {
      throw new PublishError(
        `Refusing to write "${path}": framework-radar never writes under .github/workflows (GitHub does not let workflow tokens change workflows). Point the report and history elsewhere in the config.`
      )
    }
  }
}

interface OpenPull {
  number: number
  url: string
  title: string
  body: string
  baseRef: string
  labels: string[]
}

async function findOpenPull(octokit: RadarOctokit, repo: RepoRef, branch: string): Promise<OpenPull | undefined> {
  const { data } = await octokit.rest.pulls.list({
    owner: repo.owner,
    repo: repo.repo,
    state: 'open',
    head: `${repo.owner}:${branch}`,
    per_page: 10
  })
  const pr = data.find((p) => p.head.ref === branch)
  if (!pr) return undefined
  return {
    number: pr.number,
    url: pr.html_url,
    title: pr.title,
    body: pr.body ?? '',
    baseRef: pr.base.ref,
    labels: pr.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
  }
}

interface BotBranch {
  sha: string
  protected: boolean
}

async function getBotBranch(octokit: RadarOctokit, repo: RepoRef, branch: string): Promise<BotBranch | undefined> {
  try {
    const { data } = await octokit.rest.repos.getBranch({ owner: repo.owner, repo: repo.repo, branch })
    return { sha: data.commit.sha, protected: data.protected }
  } catch (error) {
    if (httpStatus(error) === 404) return undefined
    throw error
  }
}

/**
 * Checks that the bot branch holds nothing but the bot's own work — no commits of its own, or a
 * single commit on top of a base commit that touches only the files we publish — and tells
 * whether that commit is already exactly what we would write on the current base head.
 */
async function inspectBotBranch(
  octokit: RadarOctokit,
  req: PublishRequest,
  botBranch: BotBranch,
  changedPaths: string[]
): Promise<{ upToDate: boolean }> {
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
    owner: req.repo.owner,
    repo: req.repo.repo,
    basehead: `${req.base.baseSha}...${botBranch.sha}`,
    per_page: 2
  })
  if (data.ahead_by === 0) return { upToDate: false }
  const files = data.files ?? []
  const own =
    data.ahead_by === 1 && data.commits[0]?.parents.length === 1 && files.every((f) => f.filename in req.files)
  if (!own) {
    const touched = files.filter((f) => !(f.filename in req.files)).map((f) => f.filename)
    throw new PublishError(
      `The branch "${req.branch}" in ${repoName(req.repo)} has commits that framework-radar did not make ` +
        `(${data.ahead_by} commit(s) not on ${req.base.baseBranch}${touched.length > 0 ? `, touching ${touched.slice(0, 5).join(', ')}` : ''}). ` +
        `framework-radar owns this branch and rebuilds it from ${req.base.baseBranch} on every run, so it will not overwrite them. ` +
        `Move those changes to another branch, then delete "${req.branch}" (or set the \`branch\` input to a branch only framework-radar uses) and run again.`
    )
  }
  const want = new Map(changedPaths.map((p) => [p, gitBlobSha(req.files[p])]))
  const upToDate =
    data.behind_by === 0 &&
    files.length === want.size &&
    files.every((f) => f.status !== 'removed' && want.get(f.filename) === f.sha)
  return { upToDate }
}

export async function publish(octokit: RadarOctokit, req: PublishRequest, log: Logger): Promise<PublishResult> {
  const { repo, base, branch } = req
  const owner = repo.owner
  checkPaths(req.files)
  if (branch === base.baseBranch) {
    throw new PublishError(
      `The \`branch\` input ("${branch}") must differ from the base branch: framework-radar rebuilds its branch on every run.`
    )
  }
  const body =
    req.body.length > MAX_BODY_CHARS
      ? `${req.body.slice(0, MAX_BODY_CHARS - 40)}\n\n…(truncated to fit GitHub's limit)`
      : req.body
  let writes = 0

  /** Runs one API write, counting it and turning permission errors into instructions. */
  const write = async <T>(what: 'contents' | 'pull-requests', fn: () => Promise<T>): Promise<T> => {
    writes++
    try {
      return await fn()
    } catch (error) {
      const message = gitHubMessage(error)
      if (httpStatus(error) === 403 && /not permitted to create or approve pull requests/i.test(message)) {
        throw new PublishError(
          `GitHub Actions may not create pull requests in ${repoName(repo)}. In the repository (or organization) settings, ` +
            `enable Settings → Actions → General → Workflow permissions → 'Allow GitHub Actions to create and approve pull requests', ` +
            `and give the job \`permissions: { contents: write, pull-requests: write }\`. Nothing was left behind: the branch "${branch}" was rolled back.`
        )
      }
      if (httpStatus(error) === 403 && /Resource not accessible by integration/i.test(message)) {
        throw new PublishError(
          what === 'contents'
            ? `The token may not write to ${repoName(repo)} (403 Resource not accessible by integration). Give the job \`permissions: { contents: write, pull-requests: write }\` (it needs \`contents: write\` to push the branch "${branch}").`
            : `The token may not manage pull requests in ${repoName(repo)} (403 Resource not accessible by integration). Give the job \`permissions: { contents: write, pull-requests: write }\` (it needs \`pull-requests: write\`).`
        )
      }
      throw error
    }
  }

  // What differs from base, in a stable order.
  const paths = Object.keys(req.files).sort()
  const changedPaths: string[] = []
  for (const path of paths) if ((await base.read(path)) !== req.files[path]) changedPaths.push(path)
  const changed = changedPaths.length > 0

  const openPull = await findOpenPull(octokit, repo, branch)
  const botBranch = await getBotBranch(octokit, repo, branch)

  const refuseProtected = () => {
    if (botBranch?.protected) {
      throw new PublishError(
        `The branch "${branch}" in ${repoName(repo)} is protected, and framework-radar rebuilds (force-updates) its branch on every run. ` +
          `Remove the branch protection rule or ruleset that matches "${branch}", or set the \`branch\` input to an unprotected branch.`
      )
    }
  }

  if (!changed) {
    if (!openPull) {
      log.info(`Nothing changed against ${base.baseBranch}; no pull request to update.`)
      return { operation: 'none', changed, writes }
    }
    // The base already holds the report: the open PR has nothing left to say.
    refuseProtected()
    if (botBranch) await inspectBotBranch(octokit, req, botBranch, changedPaths)
    await write('pull-requests', () =>
      octokit.rest.pulls.update({ owner, repo: repo.repo, pull_number: openPull.number, state: 'closed' })
    )
    if (botBranch) {
      await write('contents', () =>
        octokit.rest.git.deleteRef({ owner, repo: repo.repo, ref: `heads/${branch}` })
      ).catch((error: unknown) => {
        // Already gone (a concurrent run, or "automatically delete head branches").
        if (httpStatus(error) !== 422) throw error
      })
    }
    log.info(`${base.baseBranch} already holds the report; closed #${openPull.number} and deleted ${branch}.`)
    return { operation: 'closed', changed, number: openPull.number, url: openPull.url, writes }
  }

  refuseProtected()
  const { upToDate } = botBranch ? await inspectBotBranch(octokit, req, botBranch, changedPaths) : { upToDate: false }

  let pushed = false
  let createdBranch = false
  if (!upToDate) {
    const baseTree =
      baseTrees.get(base) ??
      (await octokit.rest.git.getCommit({ owner, repo: repo.repo, commit_sha: base.baseSha })).data.tree.sha
    const tree = await write('contents', () =>
      octokit.rest.git.createTree({
        owner,
        repo: repo.repo,
        base_tree: baseTree,
        tree: changedPaths.map((path) => ({
          path,
          mode: '100644' as const,
          type: 'blob' as const,
          content: req.files[path]
        }))
      })
    )
    // No author or committer: GitHub then commits as the token's identity and signs the commit.
    const commit = await write('contents', () =>
      octokit.rest.git.createCommit({
        owner,
        repo: repo.repo,
        message: req.commitMessage,
        tree: tree.data.sha,
        parents: [base.baseSha]
      })
    )
    const forceUpdate = () =>
      write('contents', () =>
        octokit.rest.git.updateRef({
          owner,
          repo: repo.repo,
          ref: `heads/${branch}`,
          sha: commit.data.sha,
          force: true
        })
      )
    if (botBranch) {
      await forceUpdate()
    } else {
      try {
        await write('contents', () =>
          octokit.rest.git.createRef({ owner, repo: repo.repo, ref: `refs/heads/${branch}`, sha: commit.data.sha })
        )
        createdBranch = true
      } catch (error) {
        // A concurrent run created it first; the branch is ours to rebuild.
        if (httpStatus(error) === 422 && /Reference already exists/i.test(gitHubMessage(error))) await forceUpdate()
        else throw error
      }
    }
    pushed = true
    log.info(`Pushed ${commit.data.sha.slice(0, 7)} to ${branch} (${changedPaths.join(', ')}).`)
  }

  const updatePull = async (pr: OpenPull, alreadyWrote: boolean): Promise<PublishResult> => {
    const edits: { title?: string; body?: string; base?: string } = {}
    if (pr.title !== req.title) edits.title = req.title
    if (pr.body !== body) edits.body = body
    if (pr.baseRef !== base.baseBranch) edits.base = base.baseBranch
    if (!alreadyWrote && Object.keys(edits).length === 0) {
      log.info(`Pull request #${pr.number} is up to date.`)
      return { operation: 'none', changed, number: pr.number, url: pr.url, writes }
    }
    if (Object.keys(edits).length > 0) {
      await write('pull-requests', () =>
        octokit.rest.pulls.update({ owner, repo: repo.repo, pull_number: pr.number, ...edits })
      )
    }
    const missing = req.labels.filter((l) => !pr.labels.includes(l))
    if (missing.length > 0)
      await decorate('labels', () =>
        octokit.rest.issues.addLabels({ owner, repo: repo.repo, issue_number: pr.number, labels: missing })
      )
    log.info(`Updated pull request #${pr.number}.`)
    return { operation: 'updated', changed, number: pr.number, url: pr.url, writes }
  }

  /** Labels, reviewers and assignees are extras: a failure there is a warning, not a failed run. */
  const decorate = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await write('pull-requests', fn)
    } catch (error) {
      log.warning(
        `Could not set ${what} on the pull request: ${error instanceof PublishError ? error.message : gitHubMessage(error)}`
      )
    }
  }

  /** The PR could not be opened: leave the repository as it was (no stray branch or commit). */
  const rollBackBranch = async (): Promise<void> => {
    try {
      if (createdBranch) await octokit.rest.git.deleteRef({ owner, repo: repo.repo, ref: `heads/${branch}` })
      else if (botBranch)
        await octokit.rest.git.updateRef({
          owner,
          repo: repo.repo,
          ref: `heads/${branch}`,
          sha: botBranch.sha,
          force: true
        })
      writes++
      log.info(`Rolled back ${branch}: no pull request could be opened.`)
    } catch (error) {
      log.warning(`Could not roll back ${branch}: ${gitHubMessage(error)}`)
    }
  }

  if (openPull) return updatePull(openPull, pushed)

  const create = (draft: boolean) =>
    write('pull-requests', () =>
      octokit.rest.pulls.create({
        owner,
        repo: repo.repo,
        title: req.title,
        body,
        head: branch,
        base: base.baseBranch,
        draft
      })
    )
  let created
  try {
    try {
      created = await create(req.draft)
    } catch (error) {
      if (
        req.draft &&
        httpStatus(error) === 422 &&
        /draft pull requests are not supported/i.test(gitHubMessage(error))
      ) {
        log.warning(`Draft pull requests are not available in ${repoName(repo)}; opening a regular pull request.`)
        created = await create(false)
      } else throw error
    }
  } catch (error) {
    if (httpStatus(error) === 422 && /A pull request already exists/i.test(gitHubMessage(error))) {
      // A concurrent run opened it between our lookup and our create: update that one.
      const existing = await findOpenPull(octokit, repo, branch)
      if (existing) return updatePull(existing, true)
    }
    if (pushed && error instanceof PublishError) await rollBackBranch()
    throw error
  }
  const number = created.data.number
  if (req.labels.length > 0)
    await decorate('labels', () =>
      octokit.rest.issues.addLabels({ owner, repo: repo.repo, issue_number: number, labels: req.labels })
    )
  if (req.reviewers.length > 0) {
    await decorate('reviewers', () =>
      octokit.rest.pulls.requestReviewers({ owner, repo: repo.repo, pull_number: number, reviewers: req.reviewers })
    )
  }
  if (req.assignees.length > 0) {
    await decorate('assignees', () =>
      octokit.rest.issues.addAssignees({ owner, repo: repo.repo, issue_number: number, assignees: req.assignees })
    )
  }
  log.info(`Opened pull request #${number}: ${created.data.html_url}`)
  return { operation: 'created', changed, number, url: created.data.html_url, writes }
}
