// Repository, branches, contents and compare.
import type { RepoState } from '../state.js'
import {
  errorResponse,
  json,
  lineCounts,
  notFound,
  paginate,
  type Handler,
  type RestContext,
  type Route,
  type Shapes,
  wrappedBase64
} from './shapes.js'
import type { FlatEntry } from '../state.js'

export function repoRoutes(ctx: RestContext, shapes: Shapes): Route[] {
  const state: RepoState = ctx.state
  const { repoApi, repoHtml, repoJson, repoCommitJson, blobSize, branchJson } = shapes

  const getRepo: Handler = () => json(200, repoJson())

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
    const shortRef = (sha: string) => `${state.owner}:${sha.slice(0, 7)}`
    return json(200, {
      url: `${repoApi()}/compare/${basehead}`,
      html_url: `${repoHtml()}/compare/${basehead}`,
      permalink_url: `${repoHtml()}/compare/${shortRef(baseSha)}...${shortRef(headSha)}`,
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

  return [
    ['GET', /^$/, getRepo],
    ['GET', /^\/branches$/, listBranches],
    ['GET', /^\/branches\/(.+)$/, getBranch],
    ['GET', /^\/contents\/?(.*)$/, getContents],
    ['GET', /^\/compare\/(.+)$/, compare]
  ]
}
