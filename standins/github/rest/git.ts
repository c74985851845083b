// Git data: refs, commits, trees and blobs.
import { isoSeconds, type FlatEntry } from '../state.js'
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
  type Route,
  type Shapes,
  wrappedBase64
} from './shapes.js'
import type { StandinResponse } from '../server.js'

const getRef: Handler = (repo, [, name]) => {
  const sha = repo.state.refs.get(name)
  return sha ? json(200, repo.refJson(name, sha)) : notFound()
}

const matchingRefs = (repo: Shapes, prefix: string) =>
  [...repo.state.refs.entries()]
    .filter(([name]) => name.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, sha]) => repo.refJson(name, sha))

/** Legacy GET git/refs/{ref}: the ref itself when it matches exactly, else the refs it prefixes. */
const getRefsLegacy: Handler = (repo, [, name]) => {
  const sha = repo.state.refs.get(name)
  if (sha) return json(200, repo.refJson(name, sha))
  const matches = matchingRefs(repo, name)
  return matches.length > 0 ? json(200, matches) : notFound()
}

const getMatchingRefs: Handler = (repo, [, name], req) => {
  const { page, headers } = paginate(matchingRefs(repo, name), req.query, `${repo.repoApi()}/git/matching-refs/${name}`)
  return json(200, page, headers)
}

const listRefs: Handler = (repo, _m, req) => {
  const { page, headers } = paginate(matchingRefs(repo, ''), req.query, `${repo.repoApi()}/git/refs`)
  return json(200, page, headers)
}

const createRef: Handler = (repo, _m, req) => {
  if (!repo.canWriteContents()) return forbiddenIntegration()
  const { ref, sha } = body(req)
  if (typeof ref !== 'string' || typeof sha !== 'string') {
    return errorResponse(422, 'Invalid request.\n\n"ref", "sha" weren\'t supplied.')
  }
  if (!/^refs\/[^/]+\/.+/.test(ref) || /\.\.|\s|~|\^|:|\\|\/$|\.lock$/.test(ref))
    return errorResponse(422, 'Reference name is invalid')
  const name = ref.slice('refs/'.length)
  if (repo.state.refs.has(name)) return errorResponse(422, 'Reference already exists')
  if (!isSha(sha) || !repo.state.get(sha, 'commit')) return errorResponse(422, 'Object does not exist')
  repo.state.setRef(name, sha)
  return json(201, repo.refJson(name, sha))
}

const protectedBranchOf = (repo: Shapes, name: string): string | undefined => {
  const branch = name.startsWith('heads/') ? name.slice('heads/'.length) : undefined
  return branch && repo.state.protectedBranches.has(branch) ? branch : undefined
}

const updateRef: Handler = (repo, [, name], req) => {
  if (!repo.canWriteContents()) return forbiddenIntegration()
  const { sha, force } = body(req)
  const current = repo.state.refs.get(name)
  if (!current) return errorResponse(422, 'Reference does not exist')
  if (typeof sha !== 'string') return errorResponse(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
  if (!isSha(sha) || !repo.state.get(sha, 'commit')) return errorResponse(422, 'Object does not exist')
  if (protectedBranchOf(repo, name)) return errorResponse(422, `Protected branch update failed for refs/${name}.`)
  if (force !== true && !repo.state.isAncestor(current, sha)) return errorResponse(422, 'Update is not a fast forward')
  repo.state.setRef(name, sha)
  return json(200, repo.refJson(name, sha))
}

const deleteRef: Handler = (repo, [, name]) => {
  if (!repo.canWriteContents()) return forbiddenIntegration()
  if (!repo.state.refs.has(name)) return errorResponse(422, 'Reference does not exist')
  if (protectedBranchOf(repo, name)) return errorResponse(422, `Protected branch update failed for refs/${name}.`)
  if (name.startsWith('heads/')) repo.state.deleteBranch(name.slice('heads/'.length))
  else repo.state.refs.delete(name)
  return { status: 204 }
}

const getCommit: Handler = (repo, [, sha]) => {
  const commit = repo.state.get(sha, 'commit')
  return commit ? json(200, repo.gitCommitJson(sha, commit)) : notFound()
}

const identity = (v: unknown): { name: string; email: string; date?: string } | undefined => {
  if (!v || typeof v !== 'object') return undefined
  const { name, email, date } = v as Record<string, unknown>
  if (typeof name !== 'string' || typeof email !== 'string') return undefined
  return { name, email, ...(typeof date === 'string' ? { date: isoSeconds(new Date(date)) } : {}) }
}

const createCommit: Handler = (repo, _m, req) => {
  if (!repo.canWriteContents()) return forbiddenIntegration()
  const { message, tree, parents = [], author, committer, signature } = body(req)
  if (typeof message !== 'string' || typeof tree !== 'string') {
    return errorResponse(422, 'Invalid request.\n\n"message", "tree" weren\'t supplied.')
  }
  if (!repo.state.get(tree, 'tree')) return errorResponse(422, 'Tree SHA does not exist')
  if (!Array.isArray(parents) || parents.some((p) => !isSha(p) || !repo.state.get(p, 'commit'))) {
    return errorResponse(422, 'Parent SHA does not exist or is not a commit object')
  }
  const sha = repo.state.createCommit({
    tree,
    parents: parents as string[],
    message,
    author: identity(author),
    committer: identity(committer),
    signature: typeof signature === 'string' ? signature : undefined
  })
  return json(201, repo.gitCommitJson(sha, repo.state.get(sha, 'commit')!))
}

const getTree: Handler = (repo, [, ref], req) => {
  // GitHub accepts a tree sha, a commit sha or a branch name here.
  const treeSha = repo.state.get(ref, 'tree')
    ? ref
    : repo.state.get(repo.state.resolveCommitish(ref) ?? '', 'commit')?.tree
  if (!treeSha) return notFound()
  const recursive = req.query.has('recursive') && !['0', 'false'].includes(req.query.get('recursive')!)
  return json(200, repo.treeJson(treeSha, recursive))
}

const MODES = new Set(['100644', '100755', '040000', '160000', '120000'])

const createTree: Handler = (repo, _m, req) => {
  if (!repo.canWriteContents()) return forbiddenIntegration()
  const { base_tree: baseTree, tree } = body(req)
  if (!Array.isArray(tree)) return errorResponse(422, 'Invalid request.\n\n"tree" wasn\'t supplied.')
  let flat = new Map<string, FlatEntry>()
  if (baseTree !== undefined && baseTree !== null) {
    if (typeof baseTree !== 'string' || !repo.state.get(baseTree, 'tree'))
      return errorResponse(422, 'Invalid tree info')
    flat = repo.state.flatten(baseTree)
  }
  for (const raw of tree) {
    const refused = applyTreeEntry(repo, flat, raw)
    if (refused) return refused
  }
  const sha = repo.state.buildFlatTree(flat)
  return json(201, repo.treeJson(sha, false))
}

/** GitHub's refusal of a tree entry's path, mode, type or sha/content pair; undefined when it is well formed. */
function malformedTreeEntry(e: Record<string, unknown>): StandinResponse | undefined {
  const { path, mode, type = 'blob' } = e
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
  if (typeof e.content === 'string' && e.sha !== undefined && e.sha !== null)
    return errorResponse(
      422,
      'Must supply either tree.sha or tree.content. Request will be rejected if both are present.'
    )
  return undefined
}

/** Applies one entry of POST git/trees to the flattened tree; a response when GitHub would refuse it. */
function applyTreeEntry(repo: Shapes, flat: Map<string, FlatEntry>, raw: unknown): StandinResponse | undefined {
  if (!raw || typeof raw !== 'object') return errorResponse(422, 'Invalid tree info')
  const e = raw as Record<string, unknown>
  const malformed = malformedTreeEntry(e)
  if (malformed) return malformed
  const path = e.path as string
  const mode = e.mode as string
  const type = e.type ?? 'blob'
  const underPath = (p: string) => p === path || p.startsWith(`${path}/`)
  if (e.sha === null) {
    // sha: null deletes the path (a file or a whole directory)
    for (const p of [...flat.keys()]) if (underPath(p)) flat.delete(p)
    return undefined
  }
  for (const p of [...flat.keys()]) if (underPath(p) || path.startsWith(`${p}/`)) flat.delete(p)
  if (typeof e.content === 'string') {
    if (type !== 'blob') return errorResponse(422, 'tree.content may only be used with blobs')
    flat.set(path, { mode, type: 'blob', sha: repo.state.createBlob(Buffer.from(e.content, 'utf8')) })
  } else if (isSha(e.sha)) {
    if (type === 'blob') {
      if (!repo.state.get(e.sha, 'blob')) return errorResponse(422, `tree.sha ${e.sha} is not a valid blob`)
      flat.set(path, { mode, type: 'blob', sha: e.sha })
    } else if (type === 'tree') {
      if (!repo.state.get(e.sha, 'tree')) return errorResponse(422, `tree.sha ${e.sha} is not a valid tree`)
      for (const [p, sub] of repo.state.flatten(e.sha)) flat.set(`${path}/${p}`, sub)
    } else {
      flat.set(path, { mode: '160000', type: 'commit', sha: e.sha })
    }
  } else {
    return errorResponse(422, 'Must supply either tree.sha or tree.content.')
  }
  return undefined
}

const getBlob: Handler = (repo, [, sha]) => {
  const blob = repo.state.get(sha, 'blob')
  if (!blob) return notFound()
  return json(200, {
    sha,
    node_id: nodeId('B', sha),
    size: blob.content.length,
    url: `${repo.repoApi()}/git/blobs/${sha}`,
    content: wrappedBase64(blob.content),
    encoding: 'base64'
  })
}

const createBlob: Handler = (repo, _m, req) => {
  if (!repo.canWriteContents()) return forbiddenIntegration()
  const { content, encoding = 'utf-8' } = body(req)
  if (typeof content !== 'string') return errorResponse(422, 'Invalid request.\n\n"content" wasn\'t supplied.')
  if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
    return errorResponse(422, `encoding must be one of utf-8, base64`)
  }
  const buf = Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8')
  const sha = repo.state.createBlob(buf)
  return json(201, { sha, url: `${repo.repoApi()}/git/blobs/${sha}` })
}

export const gitRoutes: Route[] = [
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
