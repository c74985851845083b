// Pull requests and review requests.
import { isoSeconds } from '../state.js'
import {
  BOT_LOGIN,
  body,
  errorResponse,
  forbiddenIntegration,
  json,
  notFound,
  paginate,
  type Handler,
  type Route
} from './shapes.js'

// ---- pulls ---------------------------------------------------------------------------------

const listPulls: Handler = (repo, _m, req) => {
  const want = req.query.get('state') ?? 'open'
  const head = req.query.get('head')
  const base = req.query.get('base')
  const direction = req.query.get('direction') ?? 'desc'
  let list = repo.state.pullRequests.filter((p) => want === 'all' || p.state === want)
  if (head) {
    const [owner, ref] = head.includes(':') ? head.split(/:(.*)/s) : [head, undefined]
    list =
      owner.toLowerCase() === repo.state.owner.toLowerCase()
        ? list.filter((p) => ref === undefined || p.headRef === ref)
        : []
  }
  if (base) list = list.filter((p) => p.baseRef === base)
  list = [...list].sort((a, b) => (direction === 'asc' ? a.number - b.number : b.number - a.number))
  const { page, headers } = paginate(list, req.query, `${repo.repoApi()}/pulls`)
  return json(200, page.map(repo.pullJson), headers)
}

const getPull: Handler = (repo, [, n]) => {
  const pr = repo.findPull(n)
  return pr ? json(200, repo.pullJson(pr)) : notFound()
}

const createPull: Handler = (repo, _m, req) => {
  if (!repo.canWritePulls()) return forbiddenIntegration()
  if (!repo.permissions.actionsCanCreatePRs)
    return errorResponse(403, 'GitHub Actions is not permitted to create or approve pull requests.')
  const { title, head, base, body: prBody, draft } = body(req)
  if (typeof head !== 'string' || typeof base !== 'string') {
    return errorResponse(422, 'Invalid request.\n\n"head", "base" weren\'t supplied.')
  }
  if (typeof title !== 'string' || title.trim() === '') {
    return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'title', code: 'missing_field' }])
  }
  const [headOwner, headRef] = head.includes(':') ? head.split(/:(.*)/s) : [repo.state.owner, head]
  if (headOwner.toLowerCase() !== repo.state.owner.toLowerCase() || !repo.state.branchSha(headRef)) {
    return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }])
  }
  if (!repo.state.branchSha(base))
    return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }])
  if (repo.state.pullRequests.some((p) => p.state === 'open' && p.headRef === headRef && p.baseRef === base)) {
    return errorResponse(422, 'Validation Failed', [
      {
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${repo.state.owner}:${headRef}.`
      }
    ])
  }
  if (repo.state.isAncestor(repo.state.branchSha(headRef)!, repo.state.branchSha(base)!)) {
    return errorResponse(422, 'Validation Failed', [
      { resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${headRef}` }
    ])
  }
  const pr = repo.state.createPull({
    title,
    body: typeof prBody === 'string' ? prBody : null,
    head: headRef,
    base,
    draft: draft === true,
    user: BOT_LOGIN
  })
  return json(201, repo.pullJson(pr))
}

const updatePull: Handler = (repo, [, n], req) => {
  if (!repo.canWritePulls()) return forbiddenIntegration()
  const pr = repo.findPull(n)
  if (!pr) return notFound()
  const { title, body: prBody, state: wanted, base } = body(req)
  if (wanted !== undefined && wanted !== 'open' && wanted !== 'closed') {
    return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'state', code: 'invalid' }])
  }
  if (typeof base === 'string' && !repo.state.branchSha(base)) {
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
    if (!repo.state.branchSha(pr.headRef)) {
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
  if (wanted === 'closed' && pr.state === 'open') repo.state.closePull(pr)
  else if (wanted === 'open' && pr.state === 'closed') {
    pr.state = 'open'
    pr.closedAt = null
    pr.headSha = repo.state.branchSha(pr.headRef)!
  }
  pr.updatedAt = isoSeconds(repo.state.now())
  return json(200, repo.pullJson(pr))
}

const requestReviewers: Handler = (repo, [, n], req) => {
  if (!repo.canWritePulls()) return forbiddenIntegration()
  const pr = repo.findPull(n)
  if (!pr) return notFound()
  const { reviewers = [], team_reviewers: teams = [] } = body(req)
  if (!Array.isArray(reviewers) || !Array.isArray(teams)) return errorResponse(422, 'Invalid request.')
  if (reviewers.some((r) => typeof r === 'string' && r.toLowerCase() === pr.user.toLowerCase())) {
    return errorResponse(422, 'Review cannot be requested from pull request author.')
  }
  for (const r of reviewers)
    if (typeof r === 'string' && !pr.requestedReviewers.includes(r)) pr.requestedReviewers.push(r)
  pr.updatedAt = isoSeconds(repo.state.now())
  return json(201, repo.pullJson(pr))
}

export const pullRoutes: Route[] = [
  ['GET', /^\/pulls$/, listPulls],
  ['POST', /^\/pulls$/, createPull],
  ['GET', /^\/pulls\/(\d+)$/, getPull],
  ['PATCH', /^\/pulls\/(\d+)$/, updatePull],
  ['POST', /^\/pulls\/(\d+)\/requested_reviewers$/, requestReviewers]
]
