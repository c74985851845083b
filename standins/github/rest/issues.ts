// Issue-side writes on pull requests: labels and assignees.
import { isoSeconds } from '../state.js'
import { body, errorResponse, forbiddenIntegration, json, notFound, type Handler, type Route } from './shapes.js'

const addLabels: Handler = (repo, [, n], req) => {
  if (!repo.canWritePulls()) return forbiddenIntegration()
  const pr = repo.findPull(n)
  if (!pr) return notFound()
  const raw = Array.isArray(req.body) ? req.body : body(req).labels
  if (!Array.isArray(raw) || raw.some((l) => typeof l !== 'string' && !(l && typeof l === 'object' && 'name' in l))) {
    return errorResponse(422, 'Invalid request.\n\n"labels" wasn\'t supplied.')
  }
  for (const l of raw) {
    const name = typeof l === 'string' ? l : String((l as { name: unknown }).name)
    if (!pr.labels.includes(name)) pr.labels.push(name)
  }
  pr.updatedAt = isoSeconds(repo.state.now())
  return json(200, pr.labels.map(repo.labelJson))
}

const addAssignees: Handler = (repo, [, n], req) => {
  if (!repo.canWritePulls()) return forbiddenIntegration()
  const pr = repo.findPull(n)
  if (!pr) return notFound()
  const { assignees = [] } = body(req)
  if (!Array.isArray(assignees)) return errorResponse(422, 'Invalid request.')
  for (const a of assignees) if (typeof a === 'string' && !pr.assignees.includes(a)) pr.assignees.push(a)
  pr.updatedAt = isoSeconds(repo.state.now())
  return json(201, repo.issueJson(pr))
}

export const issueRoutes: Route[] = [
  ['POST', /^\/issues\/(\d+)\/labels$/, addLabels],
  ['POST', /^\/issues\/(\d+)\/assignees$/, addAssignees]
]
