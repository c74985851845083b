// Git data: refs, commits, trees and blobs.
import { isoSeconds, type FlatEntry, type RepoState } from '../state.js'
import {
  body,
  errorResponse,
  forbiddenIntegration,
  isSha,
  json,
  nodeId,
  notFound,
  paginate,
  type Handler,
  type RestContext,
  type Route,
  type Shapes,
  wrappedBase64
} from './shapes.js'

export function gitRoutes(ctx: RestContext, shapes: Shapes): Route[] {
  const state: RepoState = ctx.state
  const { repoApi, canWriteContents, refJson, gitCommitJson, treeJson } = shapes

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

  return [
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
    ['POST', /^\/git\/blobs$/, createBlob]
  ]
}
