// GraphQL `updateRefs` for the site repository: GitHub's compare-and-swap on refs. Every update is
// checked first (beforeOid, fast-forward unless force, protection), then all are applied, or none.
import type { Permissions } from './rest.js'
import type { RepoState } from './state.js'

const NO_COMMIT = '0000000000000000000000000000000000000000'

interface RefUpdate {
  name: string
  afterOid: string
  beforeOid?: string | null
  force?: boolean | null
}

/** An error GitHub would return with a `type` (NOT_FOUND, FORBIDDEN, UNPROCESSABLE). */
export class TypedGraphQLError extends Error {
  constructor(
    readonly type: string,
    message: string
  ) {
    super(message)
  }
}

export function createRefMutations(opts: { state: RepoState; permissions: Permissions; repositoryId: string }) {
  const { state, permissions } = opts
  const check = (update: RefUpdate): string | undefined => {
    if (!/^refs\/[^/]+\/.+/.test(update.name)) return `${update.name} is not a fully qualified ref name`
    const name = update.name.slice('refs/'.length)
    const current = state.refs.get(name)
    const before = update.beforeOid ?? undefined
    if (before !== undefined && (before === NO_COMMIT ? current !== undefined : current !== before)) {
      return `Expected ${update.name} to point to "${before}", but it points to "${current ?? NO_COMMIT}"`
    }
    const branch = name.startsWith('heads/') ? name.slice('heads/'.length) : undefined
    if (branch && state.protectedBranches.has(branch)) return `Protected branch update failed for ${update.name}`
    if (update.afterOid === NO_COMMIT) return current ? undefined : `${update.name} does not exist`
    if (!state.get(update.afterOid, 'commit')) return `Object ${update.afterOid} does not exist`
    if (current && update.force !== true && !state.isAncestor(current, update.afterOid)) {
      return `Update of ${update.name} is not a fast forward`
    }
    return undefined
  }
  const apply = (update: RefUpdate): void => {
    const name = update.name.slice('refs/'.length)
    if (update.afterOid !== NO_COMMIT) state.setRef(name, update.afterOid)
    else if (name.startsWith('heads/')) state.deleteBranch(name.slice('heads/'.length))
    else state.refs.delete(name)
  }
  return {
    updateRefs: (args: { input: { repositoryId: string; refUpdates: RefUpdate[]; clientMutationId?: string } }) => {
      const { input } = args
      if (input.repositoryId !== opts.repositoryId)
        throw new TypedGraphQLError(
          'NOT_FOUND',
          `Could not resolve to a node with the global id of '${input.repositoryId}'`
        )
      if (permissions.contents !== 'write')
        throw new TypedGraphQLError('FORBIDDEN', 'Resource not accessible by integration')
      for (const update of input.refUpdates) {
        const problem = check(update)
        if (problem) throw new TypedGraphQLError('UNPROCESSABLE', problem)
      }
      for (const update of input.refUpdates) apply(update)
      return { clientMutationId: input.clientMutationId ?? null }
    }
  }
}
