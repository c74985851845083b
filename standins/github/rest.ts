// GitHub's REST API for the one repository the action writes to, in GitHub's own JSON shapes,
// status codes and messages: repository, branches, git data (refs, commits, trees, blobs),
// contents, compare, pulls, labels, reviewers and assignees.
import type { StandinRequest, StandinResponse } from './server.js'
import {
  ACTIONS_BOT,
  isoSeconds,
  RepoError,
  type CommitObject,
  type FlatEntry,
  type PullRequest,
  type RepoState
} from './state.js'

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
const BOT_LOGIN = 'github-actions[bot]'

export function errorResponse(status: number, message: string, errors?: unknown[]): StandinResponse {
  return { status, body: { message, ...(errors ? { errors } : {}), documentation_url: DOCS, status: String(status) } }
}

const notFound = (): StandinResponse => errorResponse(404, 'Not Found')
const forbiddenIntegration = (): StandinResponse => errorResponse(403, 'Resource not accessible by integration')

function json(status: number, body: unknown, headers?: Record<string, string>): StandinResponse {
  return { status, body, headers }
}

/** Base64 the way GitHub returns it: wrapped at 60 characters, trailing newline. */
function wrappedBase64(buf: Buffer): string {
  const b64 = buf.toString('base64')
  return b64.length === 0 ? '' : `${(b64.match(/.{1,60}/g) ?? []).join('\n')}\n`
}

function nodeId(prefix: string, id: string): string {
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
  const rels: string[] = []
  if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`)
  if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`)
  if (page > 1) rels.push(`<${link(1)}>; rel="first"`)
  return {
    page: items.slice((page - 1) * perPage, page * perPage),
    headers: rels.length > 0 ? { link: rels.join(', ') } : {}
  }
}

function lineCounts(before: string, after: string): { additions: number; deletions: number } {
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

type Handler = (match: string[], req: StandinRequest) => StandinResponse | Promise<StandinResponse>

export function createRestHandler(ctx: RestContext): (req: StandinRequest) => Promise<StandinResponse | undefined> {
  const { state, permissions } = ctx
  const repoApi = (): string => `${ctx.apiUrl()}/repos/${state.owner}/${state.name}`
  const repoHtml = (): string => `${ctx.htmlUrl()}/${state.owner}/${state.name}`

  const canWriteContents = (): boolean => permissions.contents === 'write'
  const canWritePulls = (): boolean => permissions.pullRequests === 'write'

  // ---- JSON shapes ---------------------------------------------------------------------------

  const userJson = (login: string, type: 'User' | 'Bot' | 'Organization' = 'User') => ({
    login,
    id: [...login].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7),
    node_id: nodeId('U', login),
    type,
    site_admin: false,
    url: `${ctx.apiUrl()}/users/${encodeURIComponent(login)}`,
    html_url: `${ctx.htmlUrl()}/${encodeURIComponent(login)}`
  })

  const repoJson = () => ({
    id: 1296269,
    node_id: repositoryNodeId(state),
    name: state.name,
    full_name: state.fullName,
    private: false,
    owner: userJson(state.owner, 'Organization'),
    html_url: repoHtml(),
    url: repoApi(),
    fork: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    default_branch: state.defaultBranch,
    permissions: {
      admin: false,
      maintain: false,
      push: canWriteContents(),
      triage: canWritePulls(),
      pull: true
    }
  })

  const verificationJson = (c: CommitObject) => ({
    verified: c.verified,
    reason: c.verificationReason,
    signature: c.verified ? '-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----\n' : null,
    payload: c.verified ? `tree ${c.tree}\n` : null,
    verified_at: c.verified ? c.committer.date : null
  })

  const gitCommitJson = (sha: string, c: CommitObject) => ({
    sha,
    node_id: nodeId('C', sha),
    url: `${repoApi()}/git/commits/${sha}`,
    html_url: `${repoHtml()}/commit/${sha}`,
    author: c.author,
    committer: c.committer,
    tree: { sha: c.tree, url: `${repoApi()}/git/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({
      sha: p,
      url: `${repoApi()}/git/commits/${p}`,
      html_url: `${repoHtml()}/commit/${p}`
    })),
    verification: verificationJson(c)
  })

  const loginFor = (email: string) =>
    email === ACTIONS_BOT.email
      ? userJson(BOT_LOGIN, 'Bot')
      : email === 'noreply@github.com'
        ? userJson('web-flow')
        : null

  /** The "repos" commit shape (branches, compare). */
  const repoCommitJson = (sha: string) => {
    const c = state.get(sha, 'commit')!
    return {
      sha,
      node_id: nodeId('C', sha),
      commit: {
        author: c.author,
        committer: c.committer,
        message: c.message,
        tree: { sha: c.tree, url: `${repoApi()}/git/trees/${c.tree}` },
        url: `${repoApi()}/git/commits/${sha}`,
        comment_count: 0,
        verification: verificationJson(c)
      },
      url: `${repoApi()}/commits/${sha}`,
      html_url: `${repoHtml()}/commit/${sha}`,
      comments_url: `${repoApi()}/commits/${sha}/comments`,
      author: loginFor(c.author.email),
      committer: loginFor(c.committer.email),
      parents: c.parents.map((p) => ({
        sha: p,
        url: `${repoApi()}/commits/${p}`,
        html_url: `${repoHtml()}/commit/${p}`
      }))
    }
  }

  const refJson = (name: string, sha: string) => ({
    ref: `refs/${name}`,
    node_id: nodeId('REF', name),
    url: `${repoApi()}/git/refs/${name}`,
    object: { sha, type: 'commit', url: `${repoApi()}/git/commits/${sha}` }
  })

  const labelJson = (name: string) => ({
    id: [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 11),
    node_id: nodeId('LA', name),
    url: `${repoApi()}/labels/${encodeURIComponent(name)}`,
    name,
    color: 'ededed',
    default: false,
    description: null
  })

  const pullJson = (pr: PullRequest) => {
    const headSha = pr.state === 'open' ? (state.branchSha(pr.headRef) ?? pr.headSha) : pr.headSha
    const side = (ref: string, sha: string) => ({
      label: `${state.owner}:${ref}`,
      ref,
      sha,
      user: userJson(state.owner, 'Organization'),
      repo: repoJson()
    })
    return {
      url: `${repoApi()}/pulls/${pr.number}`,
      id: 1000 + pr.number,
      node_id: nodeId('PR', String(pr.number)),
      html_url: `${repoHtml()}/pull/${pr.number}`,
      diff_url: `${repoHtml()}/pull/${pr.number}.diff`,
      patch_url: `${repoHtml()}/pull/${pr.number}.patch`,
      issue_url: `${repoApi()}/issues/${pr.number}`,
      number: pr.number,
      state: pr.state,
      locked: false,
      title: pr.title,
      user: userJson(pr.user, pr.user.endsWith('[bot]') ? 'Bot' : 'User'),
      body: pr.body,
      labels: pr.labels.map(labelJson),
      milestone: null,
      active_lock_reason: null,
      created_at: pr.createdAt,
      updated_at: pr.updatedAt,
      closed_at: pr.closedAt,
      merged_at: pr.mergedAt,
      merge_commit_sha: pr.mergeCommitSha,
      assignee: pr.assignees.length > 0 ? userJson(pr.assignees[0]) : null,
      assignees: pr.assignees.map((a) => userJson(a)),
      requested_reviewers: pr.requestedReviewers.map((r) => userJson(r)),
      requested_teams: [],
      head: side(pr.headRef, headSha),
      base: side(pr.baseRef, state.branchSha(pr.baseRef) ?? ''),
      author_association: 'NONE',
      auto_merge: null,
      draft: pr.draft,
      merged: pr.merged
    }
  }

  const issueJson = (pr: PullRequest) => ({
    url: `${repoApi()}/issues/${pr.number}`,
    id: 2000 + pr.number,
    node_id: nodeId('I', String(pr.number)),
    number: pr.number,
    title: pr.title,
    user: userJson(pr.user, 'Bot'),
    labels: pr.labels.map(labelJson),
    state: pr.state,
    assignee: pr.assignees.length > 0 ? userJson(pr.assignees[0]) : null,
    assignees: pr.assignees.map((a) => userJson(a)),
    body: pr.body,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    pull_request: { url: `${repoApi()}/pulls/${pr.number}`, html_url: `${repoHtml()}/pull/${pr.number}` }
  })

  const blobSize = (sha: string): number | undefined => state.get(sha, 'blob')?.content.length

  // ---- handlers ------------------------------------------------------------------------------

  const getRepo: Handler = () => json(200, repoJson())

  const branchJson = (name: string) => {
    const sha = state.branchSha(name)!
    const isProtected = state.protectedBranches.has(name)
    return {
      name,
      commit: repoCommitJson(sha),
      _links: { self: `${repoApi()}/branches/${name}`, html: `${repoHtml()}/tree/${name}` },
      protected: isProtected,
      protection: {
        enabled: isProtected,
        required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] }
      },
      protection_url: `${repoApi()}/branches/${name}/protection`
    }
  }

  const getBranch: Handler = ([, name]) =>
    state.branchSha(name) ? json(200, branchJson(name)) : errorResponse(404, 'Branch not found')

  const listBranches: Handler = (_m, req) => {
    const all = state.branches().map((name) => ({
      name,
      commit: { sha: state.branchSha(name)!, url: `${repoApi()}/commits/${state.branchSha(name)}` },
      protected: state.protectedBranches.has(name)
    }))
    const { page, headers } = paginate(all, req.query, `${repoApi()}/branches`)
    return json(200, page, headers)
  }

  const getRef: Handler = ([, name]) => {
    const sha = state.refs.get(name)
    return sha ? json(200, refJson(name, sha)) : notFound()
  }

  const matchingRefs = (prefix: string) =>
    [...state.refs.entries()]
      .filter(([name]) => name.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, sha]) => refJson(name, sha))

  /** Legacy GET git/refs/{ref}: the ref itself when it matches exactly, else the refs it prefixes. */
  const getRefsLegacy: Handler = ([, name]) => {
    const sha = state.refs.get(name)
    if (sha) return json(200, refJson(name, sha))
    const matches = matchingRefs(name)
    return matches.length > 0 ? json(200, matches) : notFound()
  }

  const getMatchingRefs: Handler = ([, name], req) => {
    const { page, headers } = paginate(matchingRefs(name), req.query, `${repoApi()}/git/matching-refs/${name}`)
    return json(200, page, headers)
  }

  const listRefs: Handler = (_m, req) => {
    const { page, headers } = paginate(matchingRefs(''), req.query, `${repoApi()}/git/refs`)
    return json(200, page, headers)
  }

  const body = (req: StandinRequest): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {}

  const isSha = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{40}$/.test(v)

  const createRef: Handler = (_m, req) => {
    if (!canWriteContents()) return forbiddenIntegration()
    const { ref, sha } = body(req)
    if (typeof ref !== 'string' || typeof sha !== 'string') {
      return errorResponse(422, 'Invalid request.\n\n"ref", "sha" weren\'t supplied.')
    }
    if (!/^refs\/[^/]+\/.+/.test(ref) || /\.\.|\s|~|\^|:|\\|\/$|\.lock$/.test(ref))
      return errorResponse(422, 'Reference name is invalid')
    const name = ref.slice('refs/'.length)
    if (state.refs.has(name)) return errorResponse(422, 'Reference already exists')
    if (!isSha(sha) || !state.get(sha, 'commit')) return errorResponse(422, 'Object does not exist')
    state.setRef(name, sha)
    return json(201, refJson(name, sha))
  }

  const protectedBranchOf = (name: string): string | undefined => {
    const branch = name.startsWith('heads/') ? name.slice('heads/'.length) : undefined
    return branch && state.protectedBranches.has(branch) ? branch : undefined
  }

  const updateRef: Handler = ([, name], req) => {
    if (!canWriteContents()) return forbiddenIntegration()
    const { sha, force } = body(req)
    const current = state.refs.get(name)
    if (!current) return errorResponse(422, 'Reference does not exist')
    if (typeof sha !== 'string') return errorResponse(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
    if (!isSha(sha) || !state.get(sha, 'commit')) return errorResponse(422, 'Object does not exist')
    if (protectedBranchOf(name)) return errorResponse(422, `Protected branch update failed for refs/${name}.`)
    if (force !== true && !state.isAncestor(current, sha)) return errorResponse(422, 'Update is not a fast forward')
    state.setRef(name, sha)
    return json(200, refJson(name, sha))
  }

  const deleteRef: Handler = ([, name]) => {
    if (!canWriteContents()) return forbiddenIntegration()
    if (!state.refs.has(name)) return errorResponse(422, 'Reference does not exist')
    if (protectedBranchOf(name)) return errorResponse(422, `Protected branch update failed for refs/${name}.`)
    if (name.startsWith('heads/')) state.deleteBranch(name.slice('heads/'.length))
    else state.refs.delete(name)
    return { status: 204 }
  }

  const getCommit: Handler = ([, sha]) => {
    const commit = state.get(sha, 'commit')
    return commit ? json(200, gitCommitJson(sha, commit)) : notFound()
  }

  const identity = (v: unknown): { name: string; email: string; date?: string } | undefined => {
    if (!v || typeof v !== 'object') return undefined
    const { name, email, date } = v as Record<string, unknown>
    if (typeof name !== 'string' || typeof email !== 'string') return undefined
    return { name, email, ...(typeof date === 'string' ? { date: isoSeconds(new Date(date)) } : {}) }
  }

  const createCommit: Handler = (_m, req) => {
    if (!canWriteContents()) return forbiddenIntegration()
    const { message, tree, parents = [], author, committer, signature } = body(req)
    if (typeof message !== 'string' || typeof tree !== 'string') {
      return errorResponse(422, 'Invalid request.\n\n"message", "tree" weren\'t supplied.')
    }
    if (!state.get(tree, 'tree')) return errorResponse(422, 'Tree SHA does not exist')
    if (!Array.isArray(parents) || parents.some((p) => !isSha(p) || !state.get(p, 'commit'))) {
      return errorResponse(422, 'Parent SHA does not exist or is not a commit object')
    }
    const sha = state.createCommit({
      tree,
      parents: parents as string[],
      message,
      author: identity(author),
      committer: identity(committer),
      signature: typeof signature === 'string' ? signature : undefined
    })
    return json(201, gitCommitJson(sha, state.get(sha, 'commit')!))
  }

  const treeEntryJson = (path: string, e: FlatEntry) => ({
    path,
    mode: e.mode,
    type: e.type,
    sha: e.sha,
    ...(e.type === 'blob' ? { size: blobSize(e.sha), url: `${repoApi()}/git/blobs/${e.sha}` } : {}),
    ...(e.type === 'tree' ? { url: `${repoApi()}/git/trees/${e.sha}` } : {})
  })

  const treeJson = (sha: string, recursive: boolean) => {
    const entries: Array<ReturnType<typeof treeEntryJson>> = []
    const walk = (treeSha: string, prefix: string) => {
      for (const e of state.get(treeSha, 'tree')!.entries) {
        entries.push(treeEntryJson(prefix + e.name, e))
        if (recursive && e.type === 'tree') walk(e.sha, `${prefix}${e.name}/`)
      }
    }
    walk(sha, '')
    return { sha, url: `${repoApi()}/git/trees/${sha}`, tree: entries, truncated: false }
  }

  const getTree: Handler = ([, ref], req) => {
    // GitHub accepts a tree sha, a commit sha or a branch name here.
    const treeSha = state.get(ref, 'tree') ? ref : state.get(state.resolveCommitish(ref) ?? '', 'commit')?.tree
    if (!treeSha) return notFound()
    const recursive = req.query.has('recursive') && !['0', 'false'].includes(req.query.get('recursive')!)
    return json(200, treeJson(treeSha, recursive))
  }

  const MODES = new Set(['100644', '100755', '040000', '160000', '120000'])

  const createTree: Handler = (_m, req) => {
    if (!canWriteContents()) return forbiddenIntegration()
    const { base_tree: baseTree, tree } = body(req)
    if (!Array.isArray(tree)) return errorResponse(422, 'Invalid request.\n\n"tree" wasn\'t supplied.')
    let flat = new Map<string, FlatEntry>()
    if (baseTree !== undefined && baseTree !== null) {
      if (typeof baseTree !== 'string' || !state.get(baseTree, 'tree')) return errorResponse(422, 'Invalid tree info')
      flat = state.flatten(baseTree)
    }
    for (const raw of tree) {
      if (!raw || typeof raw !== 'object') return errorResponse(422, 'Invalid tree info')
      const e = raw as Record<string, unknown>
      const path = e.path
      const mode = e.mode
      const type = e.type ?? 'blob'
      if (
        typeof path !== 'string' ||
        path === '' ||
        path.startsWith('/') ||
        path.endsWith('/') ||
        path.split('/').some((p) => p === '' || p === '.' || p === '..')
      ) {
        return errorResponse(422, `tree.path contains a malformed path component`)
      }
      if (typeof mode !== 'string' || !MODES.has(mode))
        return errorResponse(422, `tree.mode ${String(mode)} is not a valid mode`)
      if (type !== 'blob' && type !== 'tree' && type !== 'commit')
        return errorResponse(422, `tree.type ${String(type)} is not a valid type`)
      const hasContent = typeof e.content === 'string'
      if (hasContent && e.sha !== undefined && e.sha !== null)
        return errorResponse(
          422,
          'Must supply either tree.sha or tree.content. Request will be rejected if both are present.'
        )
      const underPath = (p: string) => p === path || p.startsWith(`${path}/`)
      if (e.sha === null) {
        // sha: null deletes the path (a file or a whole directory)
        for (const p of [...flat.keys()]) if (underPath(p)) flat.delete(p)
        continue
      }
      for (const p of [...flat.keys()]) if (underPath(p) || path.startsWith(`${p}/`)) flat.delete(p)
      if (hasContent) {
        if (type !== 'blob') return errorResponse(422, 'tree.content may only be used with blobs')
        flat.set(path, { mode, type: 'blob', sha: state.createBlob(Buffer.from(e.content as string, 'utf8')) })
      } else if (isSha(e.sha)) {
        if (type === 'blob') {
          if (!state.get(e.sha, 'blob')) return errorResponse(422, `tree.sha ${e.sha} is not a valid blob`)
          flat.set(path, { mode, type: 'blob', sha: e.sha })
        } else if (type === 'tree') {
          if (!state.get(e.sha, 'tree')) return errorResponse(422, `tree.sha ${e.sha} is not a valid tree`)
          for (const [p, sub] of state.flatten(e.sha)) flat.set(`${path}/${p}`, sub)
        } else {
          flat.set(path, { mode: '160000', type: 'commit', sha: e.sha })
        }
      } else {
        return errorResponse(422, 'Must supply either tree.sha or tree.content.')
      }
    }
    const sha = state.buildFlatTree(flat)
    return json(201, treeJson(sha, false))
  }

  const getBlob: Handler = ([, sha]) => {
    const blob = state.get(sha, 'blob')
    if (!blob) return notFound()
    return json(200, {
      sha,
      node_id: nodeId('B', sha),
      size: blob.content.length,
      url: `${repoApi()}/git/blobs/${sha}`,
      content: wrappedBase64(blob.content),
      encoding: 'base64'
    })
  }

  const createBlob: Handler = (_m, req) => {
    if (!canWriteContents()) return forbiddenIntegration()
    const { content, encoding = 'utf-8' } = body(req)
    if (typeof content !== 'string') return errorResponse(422, 'Invalid request.\n\n"content" wasn\'t supplied.')
    if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
      return errorResponse(422, `encoding must be one of utf-8, base64`)
    }
    const buf = Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8')
    const sha = state.createBlob(buf)
    return json(201, { sha, url: `${repoApi()}/git/blobs/${sha}` })
  }

  /** Files over 1 MB come back from the contents API without content (encoding "none"). */
  const CONTENTS_INLINE_LIMIT = 1024 * 1024

  const getContents: Handler = ([, rawPath], req) => {
    const path = rawPath.replace(/\/+$/, '')
    const ref = req.query.get('ref') ?? state.defaultBranch
    const commitSha = state.resolveCommitish(ref)
    if (!commitSha) return errorResponse(404, `No commit found for the ref ${ref}`)
    const tree = state.get(commitSha, 'commit')!.tree
    const flat = state.flatten(tree)
    const links = (p: string, sha: string, kind: 'blob' | 'tree') => ({
      self: `${repoApi()}/contents/${p}?ref=${encodeURIComponent(ref)}`,
      git: `${repoApi()}/git/${kind}s/${sha}`,
      html: `${repoHtml()}/${kind}/${ref}/${p}`
    })
    const entry = flat.get(path)
    if (entry && entry.type === 'blob') {
      const blob = state.get(entry.sha, 'blob')!
      const accept = req.headers.accept ?? ''
      if (/vnd\.github(\.v3)?\.raw/.test(accept)) {
        return {
          status: 200,
          headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' },
          body: blob.content.toString('utf8')
        }
      }
      const l = links(path, entry.sha, 'blob')
      const inline = blob.content.length <= CONTENTS_INLINE_LIMIT
      return json(200, {
        type: 'file',
        encoding: inline ? 'base64' : 'none',
        size: blob.content.length,
        name: path.split('/').pop(),
        path,
        content: inline ? wrappedBase64(blob.content) : '',
        sha: entry.sha,
        url: l.self,
        git_url: l.git,
        html_url: l.html,
        download_url: `${ctx.htmlUrl()}/raw/${state.fullName}/${ref}/${path}`,
        _links: l
      })
    }
    // A directory: list its direct children.
    const prefix = path === '' ? '' : `${path}/`
    const children = new Map<string, { type: 'file' | 'dir'; sha: string; size: number }>()
    for (const [p, e] of flat) {
      if (!p.startsWith(prefix)) continue
      const rest = p.slice(prefix.length)
      const [first, ...more] = rest.split('/')
      if (more.length === 0) children.set(first, { type: 'file', sha: e.sha, size: blobSize(e.sha) ?? 0 })
      else if (!children.has(first)) children.set(first, { type: 'dir', sha: '', size: 0 })
    }
    if (children.size === 0) return notFound()
    const list = [...children.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, c]) => {
        const p = prefix + name
        const l = links(p, c.sha, c.type === 'file' ? 'blob' : 'tree')
        return {
          type: c.type,
          size: c.size,
          name,
          path: p,
          sha: c.sha,
          url: l.self,
          git_url: l.git,
          html_url: l.html,
          download_url: null,
          _links: l
        }
      })
    return json(200, list)
  }

  const compare: Handler = ([, basehead], req) => {
    const parts = basehead.split('...')
    if (parts.length !== 2) return notFound()
    const strip = (r: string) => r.replace(/^[^:]+:/, '')
    const baseSha = state.resolveCommitish(strip(parts[0]))
    const headSha = state.resolveCommitish(strip(parts[1]))
    if (!baseSha || !headSha) return notFound()
    const mergeBase = state.mergeBase(baseSha, headSha)
    const ahead = mergeBase ? state.commitsBetween(baseSha, headSha) : state.commitsBetween('', headSha)
    const behind = state.commitsBetween(headSha, baseSha)
    const status =
      ahead.length === 0 && behind.length === 0
        ? 'identical'
        : behind.length === 0
          ? 'ahead'
          : ahead.length === 0
            ? 'behind'
            : 'diverged'
    const fromTree = mergeBase ? state.get(mergeBase, 'commit')!.tree : state.createTreeObject([])
    const files = state.diffTrees(fromTree, state.get(headSha, 'commit')!.tree).map((d) => {
      const text = (e?: FlatEntry) => (e ? (state.get(e.sha, 'blob')?.content.toString('utf8') ?? '') : '')
      const { additions, deletions } = lineCounts(text(d.before), text(d.after))
      const sha = (d.after ?? d.before)!.sha
      return {
        sha,
        filename: d.path,
        status: d.status,
        additions,
        deletions,
        changes: additions + deletions,
        blob_url: `${repoHtml()}/blob/${headSha}/${d.path}`,
        raw_url: `${repoHtml()}/raw/${headSha}/${d.path}`,
        contents_url: `${repoApi()}/contents/${d.path}?ref=${headSha}`
      }
    })
    const { page } = paginate(ahead, req.query, `${repoApi()}/compare/${basehead}`)
    return json(200, {
      url: `${repoApi()}/compare/${basehead}`,
      html_url: `${repoHtml()}/compare/${basehead}`,
      permalink_url: `${repoHtml()}/compare/${state.owner}:${baseSha.slice(0, 7)}...${state.owner}:${headSha.slice(0, 7)}`,
      base_commit: repoCommitJson(baseSha),
      merge_base_commit: mergeBase ? repoCommitJson(mergeBase) : null,
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: page.map(repoCommitJson),
      files
    })
  }

  // ---- pulls ---------------------------------------------------------------------------------

  const findPull = (n: string) => state.pullRequests.find((p) => String(p.number) === n)

  const listPulls: Handler = (_m, req) => {
    const want = req.query.get('state') ?? 'open'
    const head = req.query.get('head')
    const base = req.query.get('base')
    const direction = req.query.get('direction') ?? 'desc'
    let list = state.pullRequests.filter((p) => want === 'all' || p.state === want)
    if (head) {
      const [owner, ref] = head.includes(':') ? head.split(/:(.*)/s) : [head, undefined]
      list =
        owner.toLowerCase() === state.owner.toLowerCase()
          ? list.filter((p) => ref === undefined || p.headRef === ref)
          : []
    }
    if (base) list = list.filter((p) => p.baseRef === base)
    list = [...list].sort((a, b) => (direction === 'asc' ? a.number - b.number : b.number - a.number))
    const { page, headers } = paginate(list, req.query, `${repoApi()}/pulls`)
    return json(200, page.map(pullJson), headers)
  }

  const getPull: Handler = ([, n]) => {
    const pr = findPull(n)
    return pr ? json(200, pullJson(pr)) : notFound()
  }

  const createPull: Handler = (_m, req) => {
    if (!canWritePulls()) return forbiddenIntegration()
    if (!permissions.actionsCanCreatePRs)
      return errorResponse(403, 'GitHub Actions is not permitted to create or approve pull requests.')
    const { title, head, base, body: prBody, draft } = body(req)
    if (typeof head !== 'string' || typeof base !== 'string') {
      return errorResponse(422, 'Invalid request.\n\n"head", "base" weren\'t supplied.')
    }
    if (typeof title !== 'string' || title.trim() === '') {
      return errorResponse(422, 'Validation Failed', [
        { resource: 'PullRequest', field: 'title', code: 'missing_field' }
      ])
    }
    const [headOwner, headRef] = head.includes(':') ? head.split(/:(.*)/s) : [state.owner, head]
    if (headOwner.toLowerCase() !== state.owner.toLowerCase() || !state.branchSha(headRef)) {
      return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }])
    }
    if (!state.branchSha(base))
      return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }])
    if (state.pullRequests.some((p) => p.state === 'open' && p.headRef === headRef && p.baseRef === base)) {
      return errorResponse(422, 'Validation Failed', [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${state.owner}:${headRef}.`
        }
      ])
    }
    if (state.isAncestor(state.branchSha(headRef)!, state.branchSha(base)!)) {
      return errorResponse(422, 'Validation Failed', [
        { resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${headRef}` }
      ])
    }
    const pr = state.createPull({
      title,
      body: typeof prBody === 'string' ? prBody : null,
      head: headRef,
      base,
      draft: draft === true,
      user: BOT_LOGIN
    })
    return json(201, pullJson(pr))
  }

  const updatePull: Handler = ([, n], req) => {
    if (!canWritePulls()) return forbiddenIntegration()
    const pr = findPull(n)
    if (!pr) return notFound()
    const { title, body: prBody, state: wanted, base } = body(req)
    if (wanted !== undefined && wanted !== 'open' && wanted !== 'closed') {
      return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'state', code: 'invalid' }])
    }
    if (typeof base === 'string' && !state.branchSha(base)) {
      return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }])
    }
    if (wanted === 'open' && pr.state === 'closed') {
      if (pr.merged)
        return errorResponse(422, 'Validation Failed', [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: 'state cannot be changed. The pull request has been merged.'
          }
        ])
      if (!state.branchSha(pr.headRef)) {
        return errorResponse(422, 'Validation Failed', [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `state cannot be changed. The ${pr.headRef} branch has been deleted.`
          }
        ])
      }
    }
    if (typeof title === 'string') pr.title = title
    if (typeof prBody === 'string' || prBody === null) pr.body = (prBody as string | null) ?? null
    if (typeof base === 'string') pr.baseRef = base
    if (wanted === 'closed' && pr.state === 'open') state.closePull(pr)
    else if (wanted === 'open' && pr.state === 'closed') {
      pr.state = 'open'
      pr.closedAt = null
      pr.headSha = state.branchSha(pr.headRef)!
    }
    pr.updatedAt = isoSeconds(state.now())
    return json(200, pullJson(pr))
  }

  const requestReviewers: Handler = ([, n], req) => {
    if (!canWritePulls()) return forbiddenIntegration()
    const pr = findPull(n)
    if (!pr) return notFound()
    const { reviewers = [], team_reviewers: teams = [] } = body(req)
    if (!Array.isArray(reviewers) || !Array.isArray(teams)) return errorResponse(422, 'Invalid request.')
    if (reviewers.some((r) => typeof r === 'string' && r.toLowerCase() === pr.user.toLowerCase())) {
      return errorResponse(422, 'Review cannot be requested from pull request author.')
    }
    for (const r of reviewers)
      if (typeof r === 'string' && !pr.requestedReviewers.includes(r)) pr.requestedReviewers.push(r)
    pr.updatedAt = isoSeconds(state.now())
    return json(201, pullJson(pr))
  }

  const addLabels: Handler = ([, n], req) => {
    if (!canWritePulls()) return forbiddenIntegration()
    const pr = findPull(n)
    if (!pr) return notFound()
    const raw = Array.isArray(req.body) ? req.body : body(req).labels
    if (!Array.isArray(raw) || raw.some((l) => typeof l !== 'string' && !(l && typeof l === 'object' && 'name' in l))) {
      return errorResponse(422, 'Invalid request.\n\n"labels" wasn\'t supplied.')
    }
    for (const l of raw) {
      const name = typeof l === 'string' ? l : String((l as { name: unknown }).name)
      if (!pr.labels.includes(name)) pr.labels.push(name)
    }
    pr.updatedAt = isoSeconds(state.now())
    return json(200, pr.labels.map(labelJson))
  }

  const addAssignees: Handler = ([, n], req) => {
    if (!canWritePulls()) return forbiddenIntegration()
    const pr = findPull(n)
    if (!pr) return notFound()
    const { assignees = [] } = body(req)
    if (!Array.isArray(assignees)) return errorResponse(422, 'Invalid request.')
    for (const a of assignees) if (typeof a === 'string' && !pr.assignees.includes(a)) pr.assignees.push(a)
    pr.updatedAt = isoSeconds(state.now())
    return json(201, issueJson(pr))
  }

  // Captures come from the decoded path; `(.+)` captures may contain slashes (refs, paths).
  const routes: Array<[string, RegExp, Handler]> = [
    ['GET', /^$/, getRepo],
    ['GET', /^\/branches$/, listBranches],
    ['GET', /^\/branches\/(.+)$/, getBranch],
    ['GET', /^\/git\/ref\/(.+)$/, getRef],
    ['GET', /^\/git\/refs$/, listRefs],
    ['GET', /^\/git\/refs\/(.+)$/, getRefsLegacy],
    ['GET', /^\/git\/matching-refs\/(.+)$/, getMatchingRefs],
    ['POST', /^\/git\/refs$/, createRef],
    ['PATCH', /^\/git\/refs\/(.+)$/, updateRef],
    ['DELETE', /^\/git\/refs\/(.+)$/, deleteRef],
    ['GET', /^\/git\/commits\/([0-9a-f]{40})$/, getCommit],
    ['POST', /^\/git\/commits$/, createCommit],
    ['GET', /^\/git\/trees\/(.+)$/, getTree],
    ['POST', /^\/git\/trees$/, createTree],
    ['GET', /^\/git\/blobs\/([0-9a-f]{40})$/, getBlob],
    ['POST', /^\/git\/blobs$/, createBlob],
    ['GET', /^\/contents\/?(.*)$/, getContents],
    ['GET', /^\/compare\/(.+)$/, compare],
    ['GET', /^\/pulls$/, listPulls],
    ['POST', /^\/pulls$/, createPull],
    ['GET', /^\/pulls\/(\d+)$/, getPull],
    ['PATCH', /^\/pulls\/(\d+)$/, updatePull],
    ['POST', /^\/pulls\/(\d+)\/requested_reviewers$/, requestReviewers],
    ['POST', /^\/issues\/(\d+)\/labels$/, addLabels],
    ['POST', /^\/issues\/(\d+)\/assignees$/, addAssignees]
  ]

  return async (req) => {
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(req.path)
    if (!m) return undefined
    const [, owner, name, rest = ''] = m
    if (owner.toLowerCase() !== state.owner.toLowerCase() || name.toLowerCase() !== state.name.toLowerCase())
      return undefined
    const path = rest.replace(/\/$/, '')
    let methodMismatch = false
    for (const [method, pattern, handler] of routes) {
      const match = pattern.exec(path)
      if (!match) continue
      if (method !== req.method) {
        methodMismatch = true
        continue
      }
      try {
        return await handler([...match], req)
      } catch (error) {
        if (error instanceof RepoError) return errorResponse(error.status, error.message, error.errors)
        throw error
      }
    }
    return methodMismatch ? errorResponse(404, 'Not Found') : undefined
  }
}
