// Issue-side writes on pull requests: labels and assignees.
import { isoSeconds, type RepoState } from '../state.js'
import {
  body,
  errorResponse,
  forbiddenIntegration,
  json,
  notFound,
  type Handler,
  type RestContext,
  type Route,
  type Shapes
} from './shapes.js'

export function issueRoutes(ctx: RestContext, shapes: Shapes): Route[] {
  const state: RepoState = ctx.state
  const { canWritePulls, labelJson, issueJson } = shapes
  const findPull = (n: string) => state.pullRequests.find((p) => String(p.number) === n)

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

  return [
    ['POST', /^\/issues\/(\d+)\/labels$/, addLabels],
    ['POST', /^\/issues\/(\d+)\/assignees$/, addAssignees]
  ]
}
