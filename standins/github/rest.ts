// GitHub's REST API for the one repository the action writes to, in GitHub's own JSON shapes,
// status codes and messages, one file per resource under rest/: repository, branches, contents and
// compare (repos.ts); refs, commits, trees and blobs (git.ts); pulls and reviewers (pulls.ts); labels
// and assignees (issues.ts); the shared JSON shapes (shapes.ts). This file routes.
import type { StandinRequest, StandinResponse } from './server.js'
import { RepoError } from './state.js'
import { gitRoutes } from './rest/git.js'
import { issueRoutes } from './rest/issues.js'
import { pullRoutes } from './rest/pulls.js'
import { repoRoutes } from './rest/repos.js'
import { errorResponse, Shapes, type RestContext, type Route } from './rest/shapes.js'

export {
  errorResponse,
  paginate,
  type Permissions,
  repositoryNodeId,
  type RestContext
} from './rest/shapes.js'

// Captures come from the decoded path; `(.+)` captures may contain slashes (refs, paths).
const ROUTES: Route[] = [...repoRoutes, ...gitRoutes, ...pullRoutes, ...issueRoutes]

export function createRestHandler(ctx: RestContext): (req: StandinRequest) => Promise<StandinResponse | undefined> {
  const { state } = ctx
  const repo = new Shapes(ctx)

  return async (req) => {
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(req.path)
    if (!m) return undefined
    const [, owner, name, rest = ''] = m
    if (owner.toLowerCase() !== state.owner.toLowerCase() || name.toLowerCase() !== state.name.toLowerCase())
      return undefined
    const path = rest.replace(/\/$/, '')
    let methodMismatch = false
    for (const [method, pattern, handler] of ROUTES) {
      const match = pattern.exec(path)
      if (!match) continue
      if (method !== req.method) {
        methodMismatch = true
        continue
      }
      try {
        return await handler(repo, [...match], req)
      } catch (error) {
        if (error instanceof RepoError) return errorResponse(error.status, error.message, error.errors)
        throw error
      }
    }
    return methodMismatch ? errorResponse(404, 'Not Found') : undefined
  }
}
