// The state of the one repository the action writes to: a real (if small) git object store with
// git's own SHA-1 object hashing, branches, and pull requests. REST handlers (rest.ts) translate
// this into GitHub's JSON shapes; tests use the helper methods directly.
import { createHash } from 'node:crypto'

export interface Identity {
  name: string
  email: string
}

/** Who commits through the API with the workflow's GITHUB_TOKEN. */
export const ACTIONS_BOT: Identity = {
  name: 'github-actions[bot]',
  email: '41898282+github-actions[bot]@users.noreply.github.com'
}
/** Who pushes "by hand" in tests. */
export const HUMAN: Identity = { name: 'Mona Lisa Octocat', email: 'mona@example.com' }

export interface BlobObject {
  type: 'blob'
  content: Buffer
}
export interface TreeEntry {
  name: string
  mode: string // '100644', '100755', '040000', '120000', '160000'
  type: 'blob' | 'tree' | 'commit'
  sha: string
}
export interface TreeObject {
  type: 'tree'
  entries: TreeEntry[]
}
export interface Signature {
  name: string
  email: string
  date: string // ISO-8601, seconds precision
}
export interface CommitObject {
  type: 'commit'
  tree: string
  parents: string[]
  author: Signature
  committer: Signature
  message: string
  verified: boolean
  verificationReason: 'valid' | 'unsigned' | 'unknown_key'
}
export type GitObject = BlobObject | TreeObject | CommitObject

export interface FlatEntry {
  mode: string
  type: 'blob' | 'tree' | 'commit'
  sha: string
}

export interface PullRequest {
  number: number
  state: 'open' | 'closed'
  title: string
  body: string | null
  draft: boolean
  headRef: string
  /** head sha while the branch exists; frozen when the PR closes or the branch goes. */
  headSha: string
  baseRef: string
  merged: boolean
  mergedAt: string | null
  mergeCommitSha: string | null
  closedAt: string | null
  createdAt: string
  updatedAt: string
  labels: string[]
  requestedReviewers: string[]
  assignees: string[]
  user: string
}

export interface SiteOptions {
  owner: string
  name: string
  defaultBranch?: string
  files?: Record<string, string>
}

export class RepoError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: unknown[]
  ) {
    super(message)
  }
}

export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function sha1(data: Buffer): string {
  return createHash('sha1').update(data).digest('hex')
}

/** The SHA git gives a blob with this content. */
export function gitBlobSha(content: string | Buffer): string {
  const buf = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
  return sha1(Buffer.concat([Buffer.from(`blob ${buf.length}\0`), buf]))
}

/** git orders tree entries by name, comparing a subtree's name as if it ended with '/'. */
function treeSortKey(entry: TreeEntry): string {
  return entry.type === 'tree' ? `${entry.name}/` : entry.name
}

function gitTimestamp(iso: string): string {
  return `${Math.floor(Date.parse(iso) / 1000)} +0000`
}

export class RepoState {
  readonly owner: string
  readonly name: string
  defaultBranch: string
  readonly objects = new Map<string, GitObject>()
  /** 'heads/main' → commit sha */
  readonly refs = new Map<string, string>()
  readonly pullRequests: PullRequest[] = []
  readonly protectedBranches = new Set<string>()
  private nextIssueNumber = 1

  constructor(
    site: SiteOptions,
    readonly now: () => Date
  ) {
    this.owner = site.owner
    this.name = site.name
    this.defaultBranch = site.defaultBranch ?? 'main'
    const tree = this.buildTree(new Map(), site.files ?? {})
    const sha = this.createCommit({ tree, parents: [], message: 'Initial commit', author: HUMAN })
    this.refs.set(`heads/${this.defaultBranch}`, sha)
  }

  get fullName(): string {
    return `${this.owner}/${this.name}`
  }

  // ---- objects -----------------------------------------------------------------------------

  private store(type: GitObject['type'], payload: Buffer, object: GitObject): string {
    const sha = sha1(Buffer.concat([Buffer.from(`${type} ${payload.length}\0`), payload]))
    if (!this.objects.has(sha)) this.objects.set(sha, object)
    return sha
  }

  createBlob(content: Buffer): string {
    return this.store('blob', content, { type: 'blob', content })
  }

  createTreeObject(entries: TreeEntry[]): string {
    const sorted = [...entries].sort((a, b) =>
      treeSortKey(a) < treeSortKey(b) ? -1 : treeSortKey(a) > treeSortKey(b) ? 1 : 0
    )
    const payload = Buffer.concat(
      sorted.map((e) =>
        Buffer.concat([Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.name}\0`), Buffer.from(e.sha, 'hex')])
      )
    )
    return this.store('tree', payload, { type: 'tree', entries: sorted })
  }

  createCommit(input: {
    tree: string
    parents: string[]
    message: string
    author?: Identity & { date?: string }
    committer?: Identity & { date?: string }
    signed?: boolean
    /** A caller-supplied signature (POST git/commits `signature`): kept, but not verifiable here. */
    signature?: string
  }): string {
    const date = isoSeconds(this.now())
    const author: Signature = { ...(input.author ?? ACTIONS_BOT), date: input.author?.date ?? date }
    const committer: Signature = input.committer
      ? { ...input.committer, date: input.committer.date ?? date }
      : input.author
        ? { ...author, date }
        : { name: 'GitHub', email: 'noreply@github.com', date }
    // GitHub signs commits it creates itself: those made through the API without author/committer.
    const verified = input.signature ? false : (input.signed ?? (!input.author && !input.committer))
    const text =
      `tree ${input.tree}\n` +
      input.parents.map((p) => `parent ${p}\n`).join('') +
      `author ${author.name} <${author.email}> ${gitTimestamp(author.date)}\n` +
      `committer ${committer.name} <${committer.email}> ${gitTimestamp(committer.date)}\n` +
      (input.signature
        ? `gpgsig ${input.signature.replace(/\n/g, '\n ')}\n`
        : verified
          ? 'gpgsig -----BEGIN PGP SIGNATURE-----\n -----END PGP SIGNATURE-----\n'
          : '') +
      `\n${input.message}`
    return this.store('commit', Buffer.from(text), {
      type: 'commit',
      tree: input.tree,
      parents: input.parents,
      author,
      committer,
      message: input.message,
      verified,
      verificationReason: verified ? 'valid' : input.signature ? 'unknown_key' : 'unsigned'
    })
  }

  get<T extends GitObject['type']>(sha: string, type: T): Extract<GitObject, { type: T }> | undefined {
    const object = this.objects.get(sha)
    return object?.type === type ? (object as Extract<GitObject, { type: T }>) : undefined
  }

  /** path → entry for every blob (and submodule) below a tree. */
  flatten(treeSha: string, prefix = '', into = new Map<string, FlatEntry>()): Map<string, FlatEntry> {
    const tree = this.get(treeSha, 'tree')
    if (!tree) throw new RepoError(404, 'Not Found')
    for (const e of tree.entries) {
      const path = prefix + e.name
      if (e.type === 'tree') this.flatten(e.sha, `${path}/`, into)
      else into.set(path, { mode: e.mode, type: e.type, sha: e.sha })
    }
    return into
  }

  /** Builds nested tree objects from a flat path map; returns the root tree sha. */
  buildFlatTree(flat: Map<string, FlatEntry>): string {
    interface Dir {
      files: Map<string, FlatEntry>
      dirs: Map<string, Dir>
    }
    const root: Dir = { files: new Map(), dirs: new Map() }
    for (const [path, entry] of flat) {
      const parts = path.split('/')
      let dir = root
      for (const part of parts.slice(0, -1)) {
        let next = dir.dirs.get(part)
        if (!next) {
          next = { files: new Map(), dirs: new Map() }
          dir.dirs.set(part, next)
        }
        dir = next
      }
      dir.files.set(parts[parts.length - 1], entry)
    }
    const write = (dir: Dir): string => {
      const entries: TreeEntry[] = []
      for (const [name, e] of dir.files) entries.push({ name, ...e })
      for (const [name, sub] of dir.dirs) entries.push({ name, mode: '040000', type: 'tree', sha: write(sub) })
      return this.createTreeObject(entries)
    }
    return write(root)
  }

  /** Applies text files (null deletes) on top of a flat base and writes the tree. */
  buildTree(base: Map<string, FlatEntry>, files: Record<string, string | null>): string {
    const flat = new Map(base)
    for (const [path, content] of Object.entries(files)) {
      if (content === null) flat.delete(path)
      else flat.set(path, { mode: '100644', type: 'blob', sha: this.createBlob(Buffer.from(content, 'utf8')) })
    }
    return this.buildFlatTree(flat)
  }

  // ---- refs and history ---------------------------------------------------------------------

  branchSha(branch: string): string | undefined {
    return this.refs.get(`heads/${branch}`)
  }

  /** A branch name, 'heads/x', 'refs/heads/x', 'tags/x' or a (full or ≥7-char) commit sha → commit sha. */
  resolveCommitish(ref: string): string | undefined {
    const name = ref.replace(/^refs\//, '')
    const direct = this.refs.get(name) ?? this.refs.get(`heads/${name}`) ?? this.refs.get(`tags/${name}`)
    if (direct) return direct
    if (/^[0-9a-f]{7,40}$/i.test(ref)) {
      const lower = ref.toLowerCase()
      for (const [sha, object] of this.objects) if (object.type === 'commit' && sha.startsWith(lower)) return sha
    }
    return undefined
  }

  /** Commits reachable from sha (inclusive). */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>()
    const stack = [sha]
    while (stack.length > 0) {
      const s = stack.pop()!
      if (seen.has(s)) continue
      seen.add(s)
      const commit = this.get(s, 'commit')
      if (commit) stack.push(...commit.parents)
    }
    return seen
  }

  isAncestor(ancestor: string, of: string): boolean {
    return this.ancestors(of).has(ancestor)
  }

  /** Nearest common ancestor (breadth-first from head), like git merge-base for simple histories. */
  mergeBase(a: string, b: string): string | undefined {
    const fromA = this.ancestors(a)
    const queue = [b]
    const seen = new Set<string>()
    while (queue.length > 0) {
      const s = queue.shift()!
      if (seen.has(s)) continue
      seen.add(s)
      if (fromA.has(s)) return s
      queue.push(...(this.get(s, 'commit')?.parents ?? []))
    }
    return undefined
  }

  /** Commits reachable from head but not from base, oldest first. */
  commitsBetween(base: string, head: string): string[] {
    const exclude = this.ancestors(base)
    const result: string[] = []
    for (const sha of this.ancestors(head)) if (!exclude.has(sha)) result.push(sha)
    const order = (sha: string): number => this.ancestors(sha).size
    return result.sort((x, y) => order(x) - order(y))
  }

  diffTrees(
    fromTree: string,
    toTree: string
  ): Array<{ path: string; status: 'added' | 'modified' | 'removed'; before?: FlatEntry; after?: FlatEntry }> {
    const before = this.flatten(fromTree)
    const after = this.flatten(toTree)
    const paths = [...new Set([...before.keys(), ...after.keys()])].sort()
    const diff: Array<{
      path: string
      status: 'added' | 'modified' | 'removed'
      before?: FlatEntry
      after?: FlatEntry
    }> = []
    for (const path of paths) {
      const b = before.get(path)
      const a = after.get(path)
      if (b && a && b.sha === a.sha && b.mode === a.mode) continue
      diff.push({ path, status: !b ? 'added' : !a ? 'removed' : 'modified', before: b, after: a })
    }
    return diff
  }

  /** Deleting a PR's head branch closes the PR, as on GitHub. */
  deleteBranch(branch: string): void {
    this.refs.delete(`heads/${branch}`)
    for (const pr of this.pullRequests) {
      if (pr.state === 'open' && pr.headRef === branch) this.closePull(pr)
    }
  }

  setRef(name: string, sha: string): void {
    this.refs.set(name, sha)
    const branch = name.startsWith('heads/') ? name.slice('heads/'.length) : undefined
    if (!branch) return
    for (const pr of this.pullRequests) {
      if (pr.state === 'open' && pr.headRef === branch) {
        pr.headSha = sha
        pr.updatedAt = isoSeconds(this.now())
      }
    }
  }

  // ---- pull requests ------------------------------------------------------------------------

  nextNumber(): number {
    return this.nextIssueNumber++
  }

  createPull(input: {
    title: string
    body: string | null
    head: string
    base: string
    draft: boolean
    user: string
  }): PullRequest {
    const at = isoSeconds(this.now())
    const pr: PullRequest = {
      number: this.nextNumber(),
      state: 'open',
      title: input.title,
      body: input.body,
      draft: input.draft,
      headRef: input.head,
      headSha: this.branchSha(input.head)!,
      baseRef: input.base,
      merged: false,
      mergedAt: null,
      mergeCommitSha: null,
      closedAt: null,
      createdAt: at,
      updatedAt: at,
      labels: [],
      requestedReviewers: [],
      assignees: [],
      user: input.user
    }
    this.pullRequests.push(pr)
    return pr
  }

  closePull(pr: PullRequest): void {
    const at = isoSeconds(this.now())
    pr.state = 'closed'
    pr.closedAt = at
    pr.updatedAt = at
  }

  // ---- test helpers -------------------------------------------------------------------------

  /** A file's text on a branch, or undefined when the branch or file does not exist. */
  fileAt(branch: string, path: string): string | undefined {
    const sha = this.resolveCommitish(branch)
    if (!sha) return undefined
    const entry = this.flatten(this.get(sha, 'commit')!.tree).get(path)
    const blob = entry && this.get(entry.sha, 'blob')
    return blob ? blob.content.toString('utf8') : undefined
  }

  branches(): string[] {
    return [...this.refs.keys()]
      .filter((r) => r.startsWith('heads/'))
      .map((r) => r.slice('heads/'.length))
      .sort()
  }

  pulls(): PullRequest[] {
    return this.pullRequests.map((pr) => structuredClone(pr))
  }

  commit(sha: string): CommitObject | undefined {
    return this.get(sha, 'commit')
  }

  /**
   * Simulates a human push of one commit (files: path → text, null deletes).
   * Creates the branch from the default branch when absent.
   */
  commitToBranch(
    branch: string,
    files: Record<string, string | null>,
    message = 'Edit files',
    author: Identity = HUMAN
  ): string {
    const parent = this.branchSha(branch) ?? this.branchSha(this.defaultBranch)!
    const base = this.flatten(this.get(parent, 'commit')!.tree)
    const tree = this.buildTree(base, files)
    const sha = this.createCommit({ tree, parents: [parent], message, author, committer: author, signed: false })
    this.setRef(`heads/${branch}`, sha)
    return sha
  }

  /** Merges an open PR: fast-forward when possible, else a merge commit on the base branch. */
  mergePull(number: number, options: { deleteBranch?: boolean } = {}): string {
    const pr = this.pullRequests.find((p) => p.number === number)
    if (pr?.state !== 'open') throw new Error(`pull request #${number} is not open`)
    const baseSha = this.branchSha(pr.baseRef)!
    const headSha = pr.headSha
    let result: string
    if (this.isAncestor(baseSha, headSha)) {
      result = headSha
    } else {
      const mergeBase = this.mergeBase(baseSha, headSha)
      const baseTree = this.get(baseSha, 'commit')!.tree
      const flat = this.flatten(baseTree)
      const fromTree = mergeBase ? this.get(mergeBase, 'commit')!.tree : this.createTreeObject([])
      for (const change of this.diffTrees(fromTree, this.get(headSha, 'commit')!.tree)) {
        if (change.after) flat.set(change.path, change.after)
        else flat.delete(change.path)
      }
      result = this.createCommit({
        tree: this.buildFlatTree(flat),
        parents: [baseSha, headSha],
        message: `Merge pull request #${pr.number} from ${this.owner}/${pr.headRef}\n\n${pr.title}`,
        author: HUMAN,
        signed: true
      })
    }
    this.setRef(`heads/${pr.baseRef}`, result)
    const at = isoSeconds(this.now())
    pr.state = 'closed'
    pr.merged = true
    pr.mergedAt = at
    pr.closedAt = at
    pr.updatedAt = at
    pr.mergeCommitSha = result
    if (options.deleteBranch) this.refs.delete(`heads/${pr.headRef}`)
    return result
  }
}
