// Repository, branches, contents and compare.
import {
  errorResponse,
  json,
  lineCounts,
  notFound,
  paginate,
  type Handler,
  type Route,
  type Shapes,
  wrappedBase64
} from './shapes.js'
import type { FlatEntry } from '../state.js'
import type { StandinRequest, StandinResponse } from '../server.js'

const getRepo: Handler = (repo) => json(200, repo.repoJson())

const getBranch: Handler = (repo, [, name]) =>
  repo.state.branchSha(name) ? json(200, repo.branchJson(name)) : errorResponse(404, 'Branch not found')

const listBranches: Handler = (repo, _m, req) => {
  const all = repo.state.branches().map((name) => ({
    name,
    commit: { sha: repo.state.branchSha(name)!, url: `${repo.repoApi()}/commits/${repo.state.branchSha(name)}` },
    protected: repo.state.protectedBranches.has(name)
  }))
  const { page, headers } = paginate(all, req.query, `${repo.repoApi()}/branches`)
  return json(200, page, headers)
}

/** Files over 1 MB come back from the contents API without content (encoding "none"). */
const CONTENTS_INLINE_LIMIT = 1024 * 1024

/** A path's links in the contents API, at `ref`. */
function contentLinks(repo: Shapes, ref: string, p: string, sha: string, kind: 'blob' | 'tree') {
  return {
    self: `${repo.repoApi()}/contents/${p}?ref=${encodeURIComponent(ref)}`,
    git: `${repo.repoApi()}/git/${kind}s/${sha}`,
    html: `${repo.repoHtml()}/${kind}/${ref}/${p}`
  }
}

const getContents: Handler = (repo, [, rawPath], req) => {
  const path = rawPath.replace(/\/+$/, '')
  const ref = req.query.get('ref') ?? repo.state.defaultBranch
  const commitSha = repo.state.resolveCommitish(ref)
  if (!commitSha) return errorResponse(404, `No commit found for the ref ${ref}`)
  const flat = repo.state.flatten(repo.state.get(commitSha, 'commit')!.tree)
  const entry = flat.get(path)
  if (entry && entry.type === 'blob') return fileContents(repo, req, ref, path, entry.sha)
  return directoryContents(repo, ref, path, flat)
}

function fileContents(repo: Shapes, req: StandinRequest, ref: string, path: string, sha: string): StandinResponse {
  const blob = repo.state.get(sha, 'blob')!
  const accept = req.headers.accept ?? ''
  if (/vnd\.github(\.v3)?\.raw/.test(accept)) {
    return {
      status: 200,
      headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' },
      body: blob.content.toString('utf8')
    }
  }
  const l = contentLinks(repo, ref, path, sha, 'blob')
  const inline = blob.content.length <= CONTENTS_INLINE_LIMIT
  return json(200, {
    type: 'file',
    encoding: inline ? 'base64' : 'none',
    size: blob.content.length,
    name: path.split('/').pop(),
    path,
    content: inline ? wrappedBase64(blob.content) : '',
    sha,
    url: l.self,
    git_url: l.git,
    html_url: l.html,
    download_url: `${repo.ctx.htmlUrl()}/raw/${repo.state.fullName}/${ref}/${path}`,
    _links: l
  })
}

/** A directory: its direct children. */
function directoryContents(repo: Shapes, ref: string, path: string, flat: Map<string, FlatEntry>): StandinResponse {
  const prefix = path === '' ? '' : `${path}/`
  const children = new Map<string, { type: 'file' | 'dir'; sha: string; size: number }>()
  for (const [p, e] of flat) {
    if (!p.startsWith(prefix)) continue
    const rest = p.slice(prefix.length)
    const [first, ...more] = rest.split('/')
    if (more.length === 0) children.set(first, { type: 'file', sha: e.sha, size: repo.blobSize(e.sha) ?? 0 })
    else if (!children.has(first)) children.set(first, { type: 'dir', sha: '', size: 0 })
  }
  if (children.size === 0) return notFound()
  const list = [...children.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, c]) => {
      const p = prefix + name
      const l = contentLinks(repo, ref, p, c.sha, c.type === 'file' ? 'blob' : 'tree')
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

const compare: Handler = (repo, [, basehead], req) => {
  const parts = basehead.split('...')
  if (parts.length !== 2) return notFound()
  const strip = (r: string) => r.replace(/^[^:]+:/, '')
  const baseSha = repo.state.resolveCommitish(strip(parts[0]))
  const headSha = repo.state.resolveCommitish(strip(parts[1]))
  if (!baseSha || !headSha) return notFound()
  const mergeBase = repo.state.mergeBase(baseSha, headSha)
  const ahead = mergeBase ? repo.state.commitsBetween(baseSha, headSha) : repo.state.commitsBetween('', headSha)
  const behind = repo.state.commitsBetween(headSha, baseSha)
  const status =
    ahead.length === 0 && behind.length === 0
      ? 'identical'
      : behind.length === 0
        ? 'ahead'
        : ahead.length === 0
          ? 'behind'
          : 'diverged'
  const fromTree = mergeBase ? repo.state.get(mergeBase, 'commit')!.tree : repo.state.createTreeObject([])
  const files = repo.state.diffTrees(fromTree, repo.state.get(headSha, 'commit')!.tree).map((d) => {
    const text = (e?: FlatEntry) => (e ? (repo.state.get(e.sha, 'blob')?.content.toString('utf8') ?? '') : '')
    const { additions, deletions } = lineCounts(text(d.before), text(d.after))
    const sha = (d.after ?? d.before)!.sha
    return {
      sha,
      filename: d.path,
      status: d.status,
      additions,
      deletions,
      changes: additions + deletions,
      blob_url: `${repo.repoHtml()}/blob/${headSha}/${d.path}`,
      raw_url: `${repo.repoHtml()}/raw/${headSha}/${d.path}`,
      contents_url: `${repo.repoApi()}/contents/${d.path}?ref=${headSha}`
    }
  })
  const { page } = paginate(ahead, req.query, `${repo.repoApi()}/compare/${basehead}`)
  const shortRef = (sha: string) => `${repo.state.owner}:${sha.slice(0, 7)}`
  return json(200, {
    url: `${repo.repoApi()}/compare/${basehead}`,
    html_url: `${repo.repoHtml()}/compare/${basehead}`,
    permalink_url: `${repo.repoHtml()}/compare/${shortRef(baseSha)}...${shortRef(headSha)}`,
    base_commit: repo.repoCommitJson(baseSha),
    merge_base_commit: mergeBase ? repo.repoCommitJson(mergeBase) : null,
    status,
    ahead_by: ahead.length,
    behind_by: behind.length,
    total_commits: ahead.length,
    commits: page.map(repo.repoCommitJson),
    files
  })
}

export const repoRoutes: Route[] = [
  ['GET', /^$/, getRepo],
  ['GET', /^\/branches$/, listBranches],
  ['GET', /^\/branches\/(.+)$/, getBranch],
  ['GET', /^\/contents\/?(.*)$/, getContents],
  ['GET', /^\/compare\/(.+)$/, compare]
]
