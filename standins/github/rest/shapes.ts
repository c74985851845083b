// The JSON shapes of the REST stand-in, in GitHub's own fields and URLs, and the helpers every
// resource handler shares (errors, pagination, request bodies).
import type { StandinRequest, StandinResponse } from '../server.js'
import { ACTIONS_BOT, type CommitObject, type FlatEntry, type PullRequest, type RepoState } from '../state.js'

export interface Permissions {
  contents: 'write' | 'read'
  pullRequests: 'write' | 'read'
  /** Settings → Actions → General → "Allow GitHub Actions to create and approve pull requests". */
  actionsCanCreatePRs: boolean
}

export interface RestContext {
  state: RepoState
  permissions: Permissions
  /** e.g. http://127.0.0.1:1234 or http://127.0.0.1:1234/api/v3 (known once the server listens). */
  apiUrl: () => string
  /** Web address base, e.g. http://127.0.0.1:1234 */
  htmlUrl: () => string
}

const DOCS = 'https://docs.github.com/rest'
export const BOT_LOGIN = 'github-actions[bot]'

export function errorResponse(status: number, message: string, errors?: unknown[]): StandinResponse {
  return { status, body: { message, ...(errors ? { errors } : {}), documentation_url: DOCS, status: String(status) } }
}

export const notFound = (): StandinResponse => errorResponse(404, 'Not Found')
export const forbiddenIntegration = (): StandinResponse => errorResponse(403, 'Resource not accessible by integration')

export function json(status: number, body: unknown, headers?: Record<string, string>): StandinResponse {
  return { status, body, headers }
}

/** Base64 the way GitHub returns it: wrapped at 60 characters, trailing newline. */
export function wrappedBase64(buf: Buffer): string {
  const b64 = buf.toString('base64')
  return b64.length === 0 ? '' : `${(b64.match(/.{1,60}/g) ?? []).join('\n')}\n`
}

export function nodeId(prefix: string, id: string): string {
  return Buffer.from(`${prefix}:${id}`).toString('base64').replace(/=+$/, '')
}

/** The repository's GraphQL node id (REST `node_id`, GraphQL `updateRefs.repositoryId`). */
export const repositoryNodeId = (state: RepoState): string => nodeId('R', state.fullName)

/** Page a list the way GitHub does: per_page (default 30, max 100), page, and a Link header. */
export function paginate<T>(
  items: T[],
  query: URLSearchParams,
  selfUrl: string
): { page: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(query.get('per_page') ?? 30) || 30, 1), 100)
  const page = Math.max(Number(query.get('page') ?? 1) || 1, 1)
  const last = Math.max(Math.ceil(items.length / perPage), 1)
  const link = (p: number): string => {
    const q = new URLSearchParams(query)
    q.set('per_page', String(perPage))
    q.set('page', String(p))
    return `${selfUrl}?${q.toString()}`
  }
  const header = linkHeader(page, last, link)
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: header ? { link: header } : {}
  }
}

/** GitHub's Link header for page `page` of `last`: prev, next, last, first (empty on a lone page). */
export function linkHeader(page: number, last: number, link: (page: number) => string): string {
  const rels: string[] = []
  if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`)
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
  if (page > 1) rels.push(`<${link(1)}>; rel="first"`)
  return rels.join(', ')
}

export function lineCounts(before: string, after: string): { additions: number; deletions: number } {
  // Multiset difference of lines: exact for the appends and rewrites the tests make.
  const count = (text: string): Map<string, number> => {
    const m = new Map<string, number>()
    if (text === '') return m
    for (const line of text.replace(/\n$/, '').split('\n')) m.set(line, (m.get(line) ?? 0) + 1)
    return m
  }
  const b = count(before)
  const a = count(after)
  let additions = 0
  let deletions = 0
  for (const [line, n] of a) additions += Math.max(0, n - (b.get(line) ?? 0))
  for (const [line, n] of b) deletions += Math.max(0, n - (a.get(line) ?? 0))
  return { additions, deletions }
}

/** A route's handler: the repository (state and JSON shapes), the path's captures, the request. */
export type Handler = (repo: Shapes, match: string[], req: StandinRequest) => StandinResponse | Promise<StandinResponse>

/** A route: method, path pattern under /repos/{owner}/{repo} (decoded; `(.+)` may hold slashes), handler. */
export type Route = [string, RegExp, Handler]

export const body = (req: StandinRequest): Record<string, unknown> =>
  req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {}

export const isSha = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{40}$/.test(v)

/**
 * The JSON shapes, bound to the repository state and the stand-in's URLs. Arrow-function fields, so
 * route handlers can destructure them.
 */
export class Shapes {
  readonly ctx: RestContext
  readonly state: RepoState
  readonly permissions: Permissions

  constructor(ctx: RestContext) {
    this.ctx = ctx
    this.state = ctx.state
    this.permissions = ctx.permissions
  }

  readonly findPull = (n: string): PullRequest | undefined =>
    this.state.pullRequests.find((p) => String(p.number) === n)

  readonly repoApi = (): string => `${this.ctx.apiUrl()}/repos/${this.state.owner}/${this.state.name}`
  readonly repoHtml = (): string => `${this.ctx.htmlUrl()}/${this.state.owner}/${this.state.name}`
  readonly canWriteContents = (): boolean => this.permissions.contents === 'write'
  readonly canWritePulls = (): boolean => this.permissions.pullRequests === 'write'

  readonly userJson = (login: string, type: 'User' | 'Bot' | 'Organization' = 'User') => ({
    login,
    id: [...login].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7),
    node_id: nodeId('U', login),
    type,
    site_admin: false,
    url: `${this.ctx.apiUrl()}/users/${encodeURIComponent(login)}`,
    html_url: `${this.ctx.htmlUrl()}/${encodeURIComponent(login)}`
  })

  readonly repoJson = () => ({
    id: 1296269,
    node_id: repositoryNodeId(this.state),
    name: this.state.name,
    full_name: this.state.fullName,
    private: false,
    owner: this.userJson(this.state.owner, 'Organization'),
    html_url: this.repoHtml(),
    url: this.repoApi(),
    fork: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    default_branch: this.state.defaultBranch,
    permissions: {
      admin: false,
      maintain: false,
      push: this.canWriteContents(),
      triage: this.canWritePulls(),
      pull: true
    }
  })

  readonly verificationJson = (c: CommitObject) => ({
    verified: c.verified,
    reason: c.verificationReason,
    signature: c.verified ? '-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----\n' : null,
    payload: c.verified ? `tree ${c.tree}\n` : null,
    verified_at: c.verified ? c.committer.date : null
  })

  readonly gitCommitJson = (sha: string, c: CommitObject) => ({
    sha,
    node_id: nodeId('C', sha),
    url: `${this.repoApi()}/git/commits/${sha}`,
    html_url: `${this.repoHtml()}/commit/${sha}`,
    author: c.author,
    committer: c.committer,
    tree: { sha: c.tree, url: `${this.repoApi()}/git/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${this.repoApi()}/git/commits/${p}`,
      html_url: `${this.repoHtml()}/commit/${p}`
    })),
    verification: this.verificationJson(c)
  })

  readonly loginFor = (email: string) =>
    email === ACTIONS_BOT.email
      ? this.userJson(BOT_LOGIN, 'Bot')
      : email === 'noreply@github.com'
        ? this.userJson('web-flow')
        : null

  /** The "repos" commit shape (branches, compare). */
  readonly repoCommitJson = (sha: string) => {
    const c = this.state.get(sha, 'commit')!
    return {
      sha,
      node_id: nodeId('C', sha),
      commit: {
        author: c.author,
        committer: c.committer,
        message: c.message,
        tree: { sha: c.tree, url: `${this.repoApi()}/git/trees/${c.tree}` },
        url: `${this.repoApi()}/git/commits/${sha}`,
        comment_count: 0,
        verification: this.verificationJson(c)
      },
      url: `${this.repoApi()}/commits/${sha}`,
      html_url: `${this.repoHtml()}/commit/${sha}`,
      comments_url: `${this.repoApi()}/commits/${sha}/comments`,
      author: this.loginFor(c.author.email),
      committer: this.loginFor(c.committer.email),
      parents: c.parents.map((p) => ({
        sha: p,
        url: `${this.repoApi()}/commits/${p}`,
        html_url: `${this.repoHtml()}/commit/${p}`
      }))
    }
  }

  readonly refJson = (name: string, sha: string) => ({
    ref: `refs/${name}`,
    node_id: nodeId('REF', name),
    url: `${this.repoApi()}/git/refs/${name}`,
    object: { sha, type: 'commit', url: `${this.repoApi()}/git/commits/${sha}` }
  })

  readonly labelJson = (name: string) => ({
    id: [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 11),
    node_id: nodeId('LA', name),
    url: `${this.repoApi()}/labels/${encodeURIComponent(name)}`,
    name,
    color: 'ededed',
    default: false,
    description: null
  })

  readonly pullJson = (pr: PullRequest) => {
    const headSha = pr.state === 'open' ? (this.state.branchSha(pr.headRef) ?? pr.headSha) : pr.headSha
    const side = (ref: string, sha: string) => ({
      label: `${this.state.owner}:${ref}`,
      ref,
      sha,
      user: this.userJson(this.state.owner, 'Organization'),
      repo: this.repoJson()
    })
    return {
      url: `${this.repoApi()}/pulls/${pr.number}`,
      id: 1000 + pr.number,
      node_id: nodeId('PR', String(pr.number)),
      html_url: `${this.repoHtml()}/pull/${pr.number}`,
      diff_url: `${this.repoHtml()}/pull/${pr.number}.diff`,
      patch_url: `${this.repoHtml()}/pull/${pr.number}.patch`,
      issue_url: `${this.repoApi()}/issues/${pr.number}`,
      number: pr.number,
      state: pr.state,
      locked: false,
      title: pr.title,
      user: this.userJson(pr.user, pr.user.endsWith('[bot]') ? 'Bot' : 'User'),
      body: pr.body,
      labels: pr.labels.map(this.labelJson),
      milestone: null,
      active_lock_reason: null,
      created_at: pr.createdAt,
      updated_at: pr.updatedAt,
      closed_at: pr.closedAt,
      merged_at: pr.mergedAt,
      merge_commit_sha: pr.mergeCommitSha,
      assignee: pr.assignees.length > 0 ? this.userJson(pr.assignees[0]) : null,
      assignees: pr.assignees.map((a) => this.userJson(a)),
      requested_reviewers: pr.requestedReviewers.map((r) => this.userJson(r)),
      requested_teams: [],
      head: side(pr.headRef, headSha),
      base: side(pr.baseRef, this.state.branchSha(pr.baseRef) ?? ''),
      author_association: 'NONE',
      auto_merge: null,
      draft: pr.draft,
      merged: pr.merged
    }
  }

  readonly issueJson = (pr: PullRequest) => ({
    url: `${this.repoApi()}/issues/${pr.number}`,
    id: 2000 + pr.number,
    node_id: nodeId('I', String(pr.number)),
    number: pr.number,
    title: pr.title,
    user: this.userJson(pr.user, 'Bot'),
    labels: pr.labels.map(this.labelJson),
    state: pr.state,
    assignee: pr.assignees.length > 0 ? this.userJson(pr.assignees[0]) : null,
    assignees: pr.assignees.map((a) => this.userJson(a)),
    body: pr.body,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    pull_request: { url: `${this.repoApi()}/pulls/${pr.number}`, html_url: `${this.repoHtml()}/pull/${pr.number}` }
  })

  readonly blobSize = (sha: string): number | undefined => this.state.get(sha, 'blob')?.content.length

  readonly branchJson = (name: string) => {
    const sha = this.state.branchSha(name)!
    const isProtected = this.state.protectedBranches.has(name)
    return {
      name,
      commit: this.repoCommitJson(sha),
      _links: { self: `${this.repoApi()}/branches/${name}`, html: `${this.repoHtml()}/tree/${name}` },
      protected: isProtected,
      protection: {
        enabled: isProtected,
        required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] }
      },
      protection_url: `${this.repoApi()}/branches/${name}/protection`
    }
  }

  readonly treeEntryJson = (path: string, e: FlatEntry) => ({
    path,
    mode: e.mode,
    type: e.type,
    sha: e.sha,
    ...(e.type === 'blob' ? { size: this.blobSize(e.sha), url: `${this.repoApi()}/git/blobs/${e.sha}` } : {}),
    ...(e.type === 'tree' ? { url: `${this.repoApi()}/git/trees/${e.sha}` } : {})
  })

  readonly treeJson = (sha: string, recursive: boolean) => {
    const entries: Array<ReturnType<Shapes['treeEntryJson']>> = []
    const walk = (treeSha: string, prefix: string) => {
      for (const e of this.state.get(treeSha, 'tree')!.entries) {
        entries.push(this.treeEntryJson(prefix + e.name, e))
        if (recursive && e.type === 'tree') walk(e.sha, `${prefix}${e.name}/`)
      }
    }
    walk(sha, '')
    return { sha, url: `${this.repoApi()}/git/trees/${sha}`, tree: entries, truncated: false }
  }
}
