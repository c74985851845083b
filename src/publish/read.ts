// What publishing reads before it decides: the base branch and its files, the bot branch, how it
// compares with base, and the open pull request. Reads only; plan.ts decides, steps.ts writes.
import { httpStatus } from './errors.js'
import type { GitHubClient as RadarOctokit } from '../github/client.js'
import { type BotBranchView, type Comparison, type OpenPull, PublishError, type RepoRef, repoName } from './plan.js'

export interface BaseFiles {
  baseBranch: string
  baseSha: string
  /** The tree of the base head: the bot's commit is that tree with our files changed. */
  treeSha: string
  /** The repository's GraphQL node id, when the base lookup already read it. */
  repositoryId?: string
  read(path: string): Promise<string | undefined> /* from base */
}

async function readContents(
  octokit: RadarOctokit,
  repo: RepoRef,
  path: string,
  /** a branch or commit; undefined: the default branch */
  ref: string | undefined
): Promise<string | undefined> {
  let data: unknown
  try {
    ;({ data } = await octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ref }))
  } catch (error) {
    if (httpStatus(error) === 404) return undefined
    throw error
  }
  if (Array.isArray(data))
    throw new PublishError(
      `${path} is a directory in ${repoName(repo)} at ${ref ?? 'its default branch'}; expected a file.`
    )
  const file = data as { type?: string; encoding?: string; content?: string; sha?: string }
  if (file.type !== 'file')
    throw new PublishError(`${path} in ${repoName(repo)} is a ${file.type ?? 'non-file'}; expected a file.`)
  if (file.encoding === 'base64' || !file.sha) return Buffer.from(file.content ?? '', 'base64').toString('utf8')
  // Files over 1 MB come without content (encoding "none"): fetch the blob instead.
  const blob = await octokit.rest.git.getBlob({ owner: repo.owner, repo: repo.repo, file_sha: file.sha })
  return Buffer.from(blob.data.content, blob.data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
}

async function defaultBranch(octokit: RadarOctokit, repo: RepoRef): Promise<{ name: string; nodeId: string }> {
  try {
    const { data } = await octokit.rest.repos.get({ owner: repo.owner, repo: repo.repo })
    return { name: data.default_branch, nodeId: data.node_id }
  } catch (error) {
    if (httpStatus(error) === 404) {
      throw new PublishError(`Repository ${repoName(repo)} was not found, or the token cannot see it.`)
    }
    throw error
  }
}

/** Resolves the base branch (the default branch when undefined) and reads files from its head. */
export async function openBase(octokit: RadarOctokit, repo: RepoRef, baseBranch?: string): Promise<BaseFiles> {
  const repository = baseBranch ? undefined : await defaultBranch(octokit, repo)
  const branch = baseBranch ?? repository?.name ?? ''
  let head: { sha: string; treeSha: string }
  try {
    const { data } = await octokit.rest.repos.getBranch({ owner: repo.owner, repo: repo.repo, branch })
    head = { sha: data.commit.sha, treeSha: data.commit.commit.tree.sha }
  } catch (error) {
    if (httpStatus(error) === 404) {
      throw new PublishError(
        `The base branch "${branch}" does not exist in ${repoName(repo)}. Set the \`base\` input to an existing ` +
          `branch, or leave it empty to use the default branch.`
      )
    }
    throw error
  }
  const cache = new Map<string, Promise<string | undefined>>()
  return {
    baseBranch: branch,
    baseSha: head.sha,
    treeSha: head.treeSha,
    repositoryId: repository?.nodeId,
    read(path) {
      let pending = cache.get(path)
      if (!pending) {
        pending = readContents(octokit, repo, path, head.sha)
        cache.set(path, pending)
      }
      return pending
    }
  }
}

/**
 * A file as it is on the base branch now, by the branch's name (the default branch when undefined): one
 * round trip that needs neither the repository's default branch nor the branch's head first.
 */
export async function readBaseBranchFile(
  octokit: RadarOctokit,
  repo: RepoRef,
  path: string,
  baseBranch?: string
): Promise<string | undefined> {
  return readContents(octokit, repo, path, baseBranch)
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

/** The bot branch's head commit, or null when the branch does not exist. */
export async function readBotBranchHead(octokit: RadarOctokit, repo: RepoRef, branch: string): Promise<string | null> {
  return (await readBranchHead(octokit, repo, branch))?.sha ?? null
}

export async function findOpenPull(
  octokit: RadarOctokit,
  repo: RepoRef,
  branch: string
): Promise<OpenPull | undefined> {
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

/** The bot branch's head, or undefined when the branch does not exist. */
export interface BranchHead {
  sha: string
  protected: boolean
  treeSha: string
  parents: string[]
}

export async function readBranchHead(
  octokit: RadarOctokit,
  repo: RepoRef,
  branch: string
): Promise<BranchHead | undefined> {
  try {
    const { data } = await octokit.rest.repos.getBranch({ owner: repo.owner, repo: repo.repo, branch })
    return {
      sha: data.commit.sha,
      protected: data.protected,
      treeSha: data.commit.commit.tree.sha,
      parents: data.commit.parents.map((p) => p.sha)
    }
  } catch (error) {
    if (httpStatus(error) === 404) return undefined
    throw error
  }
}

/** base...head as plan() needs it (two commits are enough to tell one from several). */
export async function compareWithBase(
  octokit: RadarOctokit,
  repo: RepoRef,
  baseSha: string,
  headSha: string
): Promise<Comparison> {
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
    owner: repo.owner,
    repo: repo.repo,
    basehead: `${baseSha}...${headSha}`,
    per_page: 2
  })
  return {
    aheadBy: data.ahead_by,
    behindBy: data.behind_by,
    singleParent: data.commits[0]?.parents.length === 1,
    files: (data.files ?? []).map((f) => ({ path: f.filename, status: f.status, sha: f.sha }))
  }
}

export const botBranchView = (head: BranchHead, comparison?: Comparison): BotBranchView => ({
  sha: head.sha,
  protected: head.protected,
  comparison
})
